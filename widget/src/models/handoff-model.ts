/**
 * Handing the conversation to a person. The form is prefilled from what we
 * already know, and a request that cannot reach the worker at all is kept in
 * localStorage and retried later, with a mailto fallback meanwhile. Part of the
 * handoff part (widget/src/handoff.ts), loaded on first use; models/handoff-part.ts
 * is what the panel holds before it.
 */
import { signal } from '@preact/signals-core';
import type { HandoffRequest, HandoffResponse } from '../../../shared/protocol';
import { postHandoff, retryable } from '../transport/api';
import type { ChatModel } from './chat-model';
import { CONTACT, forgetHandoffs, PENDING, pendingHandoffs } from './handoff-storage';
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

export function createHandoffModel(options: {
  baseUrl: string;
  chat: ChatModel;
  context(): Pick<HandoffRequest, 'pageUrl' | 'userToken'>;
  emit(event: 'handoff', detail: unknown): void;
}) {
  const { baseUrl, chat } = options;
  const view = signal<HandoffView>({ step: 'closed' });
  const lastRequest = signal<HandoffRequest>();
  const known = () => ({ verified: tokenContact(options.context().userToken), remembered: storage.get<Contact>(CONTACT) ?? {} });
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
      storage.set(CONTACT, { name: request.name ?? remembered.name, email: request.email ?? remembered.email });
      try {
        succeed(await postHandoff(baseUrl, request));
      } catch (error) {
        if (retryable(error)) {
          storage.set(PENDING, [...pendingHandoffs(), request]);
          view.value = { step: 'queued' };
        } else view.value = { step: 'invalid', message: (error as Error).message };
      }
    },
    async retryPending(): Promise<void> {
      const left: HandoffRequest[] = [];
      for (const request of pendingHandoffs()) {
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
      forgetHandoffs();
    },
  };
}

export type HandoffModel = ReturnType<typeof createHandoffModel>;
