/**
 * The conversation as signals, and the actions that change it. Status follows
 * `ready | submitted | streaming | error`; `stop()` aborts and keeps whatever
 * arrived. A visitor's message is never dropped: on failure it stays in the
 * transcript, marked failed, ready for `retry`.
 */
import { batch, signal, type Signal } from '@preact/signals-core';
import type { ChatRequest, Confidence, ConversationView, Source, StreamEvent, TranscriptMessage } from '../../../shared/protocol';
import type { StringKey } from '../i18n';
import { plainText } from '../markdown/plain-text';
import { ApiError } from '../transport/api';
import { streamChat, type ChatStream } from '../transport/chat-stream';
import { createMessage, type ChatMessage, type ChatStatus, type Conversation } from './message';
import { storage } from './storage';

export { createMessage, type ChatMessage, type ChatStatus, type Conversation, type MessageState } from './message';

export interface ChatModelOptions {
  baseUrl: string;
  /** Per-request context: page, product, language, identity. */
  context(): Omit<ChatRequest, 'message' | 'conversationId' | 'conversationToken'>;
  emit(event: 'message', detail: unknown): void;
}

export function createChatModel(options: ChatModelOptions) {
  const messages = signal<ChatMessage[]>([]);
  const status = signal<ChatStatus>('ready');
  const conversation = signal<Conversation>();
  const conversationStatus = signal<ConversationView['status']>('ai');
  const escalation = signal<string>();
  /** Seconds to wait after a 429, shown kindly next to the still-working human button. */
  const rateLimit = signal<number>();
  /** The last completed answer as plain text, for the polite live region. */
  const announcement = signal('');
  let current: ChatStream | undefined;

  const push = (message: ChatMessage) => (messages.value = [...messages.value, message]);
  const credentials = () => ({ conversationId: conversation.value?.id, conversationToken: conversation.value?.token });

  function remember(value?: Conversation) {
    conversation.value = value;
    storage.set('conversation', value);
  }

  function abort() {
    current?.abort();
    current = undefined;
  }

  async function run(visitor: ChatMessage) {
    abort();
    batch(() => {
      visitor.state.value = 'pending';
      visitor.notice.value = rateLimit.value = undefined;
      status.value = 'submitted';
    });
    const stream = (current = streamChat(options.baseUrl, { message: visitor.text.value, ...credentials(), ...options.context() }));
    let answer: ChatMessage | undefined;
    const ensureAnswer = (id?: string): ChatMessage =>
      (answer ??= batch(() => {
        visitor.state.value = 'done';
        status.value = 'streaming';
        return push(createMessage('assistant', '', 'streaming', id)).at(-1)!;
      }));
    const text = frameBatched(ensureAnswer);
    let failed = false;
    try {
      for await (const event of stream) {
        if (event.type == 'text-delta') text.push(event.delta);
        else {
          // Text sent before an event stays before it: an escalation or a finish sees every delta ahead of it.
          text.flush();
          apply(event, ensureAnswer);
        }
      }
      if (!answer) throw new ApiError(0, 'network', 'the stream ended before the answer started');
    } catch (error) {
      failed = fail(error, stream !== current, visitor, answer);
    } finally {
      // Stopped, cut or done: what arrived stays.
      text.flush();
      settle(stream, failed, answer);
    }
  }

  /**
   * Each change of the text re-renders the answer's Markdown from its start: deltas wait for the next
   * frame and go in together, so a long answer costs what the screen shows, not quadratic work.
   */
  function frameBatched(answer: () => ChatMessage) {
    let pending = '';
    let frame = 0;
    const flush = () => {
      cancelAnimationFrame(frame);
      frame = 0;
      if (pending) answer().text.value += pending;
      pending = '';
    };
    return {
      flush,
      push(delta: string) {
        answer();
        pending += delta;
        frame ||= requestAnimationFrame(flush);
      },
    };
  }

  /** Marks what a failed or stopped stream leaves: the answer begun, or else the visitor's message. True when it failed rather than stopped. */
  function fail(error: unknown, superseded: boolean, visitor: ChatMessage, answer?: ChatMessage): boolean {
    const aborted = (error as Error)?.name === 'AbortError' || superseded;
    if (answer) answer.notice.value ??= aborted ? 'stopped' : 'cut';
    else {
      visitor.state.value = 'failed';
      visitor.notice.value = aborted ? 'stopped' : undefined;
    }
    if (!aborted && error instanceof ApiError && error.status === 429) rateLimit.value = error.retryAfter ?? 30;
    return !aborted;
  }

  /** The stream is over: the status follows it (unless a newer one took over), and a finished answer is announced. */
  function settle(stream: ChatStream, failed: boolean, answer?: ChatMessage) {
    if (stream === current) {
      current = undefined;
      status.value = failed ? 'error' : 'ready';
    }
    if (answer) {
      const text = answer.text.value;
      answer.state.value = 'done';
      announcement.value = plainText(text);
      options.emit('message', { id: answer.id, role: 'assistant', text, confidence: answer.finish.value?.confidence });
    }
  }

  function apply(event: StreamEvent, answer: (id?: string) => ChatMessage) {
    switch (event.type) {
      case 'start':
        remember({ id: event.conversationId, token: event.conversationToken });
        answer(event.messageId);
        break;
      case 'sources':
        answer().sources.value = event.sources;
        break;
      case 'escalation':
        // What to say comes as text-delta like any answer; this event makes the human offer the primary action.
        answer();
        batch(() => {
          escalation.value = event.message;
          conversationStatus.value = 'escalated';
        });
        break;
      case 'finish':
        answer().finish.value = event;
        if (event.incomplete) answer().notice.value = 'cut';
    }
  }

  return {
    messages,
    status,
    conversation,
    conversationStatus,
    escalation,
    rateLimit,
    announcement,
    /** The conversation's id and token, as every request names them. */
    credentials,
    send(text: string): void {
      const message = createMessage('visitor', text.trim(), 'pending');
      if (!message.text.value) return;
      push(message);
      options.emit('message', { id: message.id, role: 'visitor', text: message.text.value });
      void run(message);
    },
    retry(message: ChatMessage): void {
      if (message.state.value === 'failed') void run(message);
    },
    stop(): void {
      abort();
      if (status.value !== 'error') status.value = 'ready';
    },
    /** Loads the saved conversation (reload, another tab) or pulls new agent replies; a first visit has none to load. */
    async sync(): Promise<void> {
      const saved = conversation.value ?? storage.get<Conversation>('conversation');
      if (!saved || current) return;
      // A chunk that cannot load (the worker down) leaves the panel as it is, like a failed read.
      const part = await import('./conversation-sync').catch(() => undefined);
      await part?.syncConversation({ baseUrl: options.baseUrl, messages, conversation, conversationStatus, announcement, remember, emit: options.emit }, saved);
    },
    reset(): void {
      abort();
      batch(() => {
        messages.value = [];
        status.value = 'ready';
        escalation.value = rateLimit.value = undefined;
        conversationStatus.value = 'ai';
        announcement.value = '';
      });
      remember();
    },
  };
}

export type ChatModel = ReturnType<typeof createChatModel>;
