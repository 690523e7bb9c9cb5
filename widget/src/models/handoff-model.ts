/**
 * Handing the conversation to a person. The form is prefilled from what we
 * already know, and a request that cannot reach the worker at all is kept in
 * localStorage and retried later, with a mailto fallback meanwhile.
 */
import { signal } from '@preact/signals-core';
import type { HandoffRequest, HandoffResponse } from '../../../shared/protocol';
import { postHandoff, retryable } from '../transport/api';
import type { ChatModel } from './chat-model';
import { storage } from './storage';

export type HandoffView =
  | { step: 'closed' | 'form' | 'sending' }
  | { step: 'invalid'; message: string }
  | { step: 'queued' }
  | { step: 'done'; response: HandoffResponse };

export interface Contact {
  name?: string;
  email?: string;
}

const PENDING = 'pending-handoffs';

/** Name and email claims of an identity token, read (not verified) to skip fields the server already knows. */
export function tokenContact(token: string | undefined): Contact {
  try {
    const claims = JSON.parse(atob(token!.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/')));
    const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
    return { name: text(claims.name), email: text(claims.email) };
  } catch {
    return {};
  }
}

/** A short transcript for the mailto fallback's body. */
export function transcriptSummary(chat: ChatModel, request: HandoffRequest, limit = 1500): string {
  const head = Object.entries({ Name: request.name, Email: request.email, Note: request.note, Page: request.pageUrl }).filter((entry) => entry[1]);
  const body = [...head.map(([label, value]) => `${label}: ${value}`), '', ...chat.messages.value.map((message) => `${message.role}: ${message.text.value}`)].join('\n');
  return body.length > limit ? `${body.slice(0, limit)}…` : body;
}

export function createHandoffModel(options: {
  baseUrl: string;
  chat: ChatModel;
  context(): Pick<HandoffRequest, 'pageUrl' | 'userToken'>;
  emit(event: 'handoff', detail: unknown): void;
}) {
  const { baseUrl, chat } = options;
  const view = signal<HandoffView>({ step: 'closed' });
  const lastRequest = signal<HandoffRequest>();
  const pending = (): HandoffRequest[] => storage.get(PENDING) ?? [];
  const known = () => ({ verified: tokenContact(options.context().userToken), remembered: storage.get<Contact>('contact') ?? {} });
  /** Form and outcome steps give way to `step`, except while a request is in flight. */
  const go = (step: 'form' | 'closed') => view.value.step !== 'sending' && (view.value = { step });

  function succeed(response: HandoffResponse) {
    view.value = { step: 'done', response };
    // A person now has the conversation: the panel polls for their reply.
    if (chat.conversation.value) chat.conversationStatus.value = 'escalated';
    options.emit('handoff', response);
  }

  return {
    view,
    lastRequest,
    known,
    // After a handoff the same reference stands: asking again shows it instead of opening a second one.
    show: () => /done|queued/.test(view.value.step) || go('form'),
    hide: () => go('closed'),
    async submit(contact: Contact & { note?: string }): Promise<void> {
      const clean = (value?: string) => value?.trim() || undefined;
      const request: HandoffRequest = { ...chat.credentials(), name: clean(contact.name), email: clean(contact.email), note: clean(contact.note), ...options.context() };
      const { remembered } = known();
      lastRequest.value = request;
      view.value = { step: 'sending' };
      storage.set('contact', { name: request.name ?? remembered.name, email: request.email ?? remembered.email });
      try {
        succeed(await postHandoff(baseUrl, request));
      } catch (error) {
        if (retryable(error)) {
          storage.set(PENDING, [...pending(), request]);
          view.value = { step: 'queued' };
        } else view.value = { step: 'invalid', message: (error as Error).message };
      }
    },
    async retryPending(): Promise<void> {
      const left: HandoffRequest[] = [];
      for (const request of pending()) {
        try {
          const response = await postHandoff(baseUrl, request);
          if (view.value.step === 'queued') succeed(response);
        } catch (error) {
          if (retryable(error)) left.push(request);
        }
      }
      storage.set(PENDING, left.length ? left : undefined);
    },
    reset(): void {
      view.value = { step: 'closed' };
      storage.set(PENDING, undefined);
      // Reset means the next person on this browser sees nothing of the last one.
      storage.set('contact', undefined);
    },
  };
}

export type HandoffModel = ReturnType<typeof createHandoffModel>;
