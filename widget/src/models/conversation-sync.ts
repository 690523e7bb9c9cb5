/**
 * Reads a saved conversation back from the worker: its whole transcript into
 * an empty panel (a reload, another tab), or a person's new replies into a
 * running one. A chunk of its own (dist/widget-conversation-sync.<lang>.js),
 * loaded only when there is a saved conversation to read: a first-time
 * visitor never needs it.
 *
 * @example
 * await syncConversation({ baseUrl, messages, conversation, conversationStatus, announcement, remember, emit }, saved);
 */
import type { Signal } from '@preact/signals-core';
import type { ConversationView, TranscriptMessage } from '../../../shared/protocol';
import { ApiError, getConversation } from '../transport/api';
import { createMessage, type ChatMessage, type Conversation } from './message';

/** The parts of the chat model a sync writes to. */
export interface SyncTarget {
  baseUrl: string;
  messages: Signal<ChatMessage[]>;
  conversation: Signal<Conversation | undefined>;
  conversationStatus: Signal<ConversationView['status']>;
  announcement: Signal<string>;
  /** Saves (or, without a value, forgets) the conversation. */
  remember(value?: Conversation): void;
  emit(event: 'message', detail: unknown): void;
}

function fromTranscript({ role, text, id, sources = [], confidence, incomplete }: TranscriptMessage): ChatMessage {
  const item = createMessage(role, text, 'done', id);
  item.sources.value = sources;
  if (confidence) item.finish.value = { confidence, incomplete };
  return item;
}

export async function syncConversation(target: SyncTarget, saved: Conversation): Promise<void> {
  const { messages } = target;
  try {
    const view = await getConversation(target.baseUrl, saved.id, saved.token);
    target.conversation.value = saved;
    target.conversationStatus.value = view.status;
    if (!messages.value.length) messages.value = view.messages.map(fromTranscript);
    else {
      const known = new Set(messages.value.map((item) => item.id));
      for (const item of view.messages)
        if (item.role === 'agent' && !known.has(item.id)) {
          messages.value = [...messages.value, fromTranscript(item)];
          target.emit('message', item);
          target.announcement.value = item.text;
        }
    }
  } catch (error) {
    // A conversation the worker no longer knows, or no longer lets this token read, is forgotten; outages are not.
    if (error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 429) target.remember();
  }
}
