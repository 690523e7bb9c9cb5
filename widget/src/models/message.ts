/**
 * One message of the conversation as signals, and the conversation's id and
 * token: what the chat model and the lazily loaded conversation read-back
 * both build on.
 */
import { signal, type Signal } from '@preact/signals-core';
import type { Confidence, Source, TranscriptMessage } from '../../../shared/protocol';
import type { StringKey } from '../i18n';

export type ChatStatus = 'ready' | 'submitted' | 'streaming' | 'error';
export type MessageState = 'pending' | 'failed' | 'streaming' | 'done';

export interface ChatMessage {
  id: string;
  role: TranscriptMessage['role'];
  text: Signal<string>;
  state: Signal<MessageState>;
  sources: Signal<Source[]>;
  finish: Signal<{ confidence: Confidence; mode?: string; incomplete?: boolean } | undefined>;
  /** A short status line under the message (i18n key). */
  notice: Signal<StringKey | undefined>;
  /** The visitor's rating of an answer. */
  vote: Signal<'up' | 'down' | undefined>;
}

export interface Conversation {
  id: string;
  token: string;
}

let counter = 0;
export function createMessage(role: ChatMessage['role'], text: string, state: MessageState, id = `local-${++counter}`): ChatMessage {
  return { id, role, text: signal(text), state: signal(state), sources: signal([]), finish: signal(), notice: signal(), vote: signal() };
}
