/**
 * The mailto fallback: a link to support that carries the conversation, so the
 * visitor repeats nothing even when neither the worker nor the form can be reached.
 */
import type { HandoffRequest } from '../../../shared/protocol';
import type { ChatModel } from './chat-model';

/** A short transcript for the mailto fallback's body. */
export function transcriptSummary(chat: ChatModel, request: Partial<HandoffRequest>, limit = 1500): string {
  const head = Object.entries({ Name: request.name, Email: request.email, Note: request.note, Page: request.pageUrl }).filter((entry) => entry[1]);
  const body = [...head.map(([label, value]) => `${label}: ${value}`), '', ...chat.messages.value.map((message) => `${message.role}: ${message.text.value}`)].join('\n');
  return body.length > limit ? `${body.slice(0, limit)}…` : body;
}

/** A mailto link to support carrying the conversation. */
export const mailtoHref = (email: string, subject: string, body: string): string =>
  `mailto:${encodeURIComponent(email).replace('%40', '@')}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}`;
