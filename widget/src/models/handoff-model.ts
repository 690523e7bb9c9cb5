/**
 * Handing the conversation to a person. The form is prefilled from what we
 * already know, and a request that cannot reach the worker at all is kept in
 * localStorage and retried later, with a mailto fallback meanwhile.
 */
import { signal } from '@preact/signals-core';
import type { HandoffRequest, HandoffResponse } from '../../../shared/protocol';
import { ApiError, postHandoff } from '../transport/api';
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
    const payload = JSON.parse(atob(token!.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as Record<string, unknown>;
    const pick = (key: string) => (typeof payload[key] === 'string' ? (payload[key] as string) : undefined);
    return { name: pick('name'), email: pick('email') };
  } catch {
    return {};
  }
}

/** A short transcript for the mailto fallback's body. */
export function transcriptSummary(chat: ChatModel, request: HandoffRequest, limit = 1500): string {
  const lines = chat.messages.value.map((message) => `${message.role}: ${message.text.value}`);
  const head = [request.name && `Name: ${request.name}`, request.email && `Email: ${request.email}`, request.note && `Note: ${request.note}`, request.pageUrl && `Page: ${request.pageUrl}`];
  let body = [...head.filter(Boolean), '', ...lines].join('\n');
  if (body.length > limit) body = `${body.slice(0, limit)}…`;
  return body;
}

export function createHandoffModel(options: {
  baseUrl: string;
  chat: ChatModel;
  context(): Pick<HandoffRequest, 'pageUrl' | 'userToken'>;
  emit(event: 'handoff', detail: unknown): void;
}) {
  const view = signal<HandoffView>({ step: 'closed' });
  const lastRequest = signal<HandoffRequest | undefined>(undefined);

  function known(): { verified: Contact; remembered: Contact } {
    return { verified: tokenContact(options.context().userToken), remembered: storage.get<Contact>('contact') ?? {} };
  }

  function succeed(response: HandoffResponse) {
    view.value = { step: 'done', response };
    // A person now has the conversation: the panel polls for their reply.
    if (options.chat.conversation.value) options.chat.conversationStatus.value = 'escalated';
    options.emit('handoff', response);
  }

  async function retryPending(): Promise<void> {
    const pending = storage.get<HandoffRequest[]>(PENDING) ?? [];
    const left: HandoffRequest[] = [];
    for (const request of pending) {
      try {
        const response = await postHandoff(options.baseUrl, request);
        if (view.value.step === 'queued') succeed(response);
      } catch (error) {
        if (error instanceof ApiError && error.status !== 429 && !error.transient) continue;
        left.push(request);
      }
    }
    storage.set(PENDING, left.length ? left : undefined);
  }

  return {
    view,
    lastRequest,
    known,
    show(): void {
      if (view.value.step !== 'sending') view.value = { step: 'form' };
    },
    hide(): void {
      if (view.value.step !== 'sending') view.value = { step: 'closed' };
    },
    async submit(contact: Contact & { note?: string }): Promise<void> {
      const conversation = options.chat.conversation.value;
      const clean = (value?: string) => value?.trim() || undefined;
      const request: HandoffRequest = {
        conversationId: conversation?.id,
        conversationToken: conversation?.token,
        name: clean(contact.name),
        email: clean(contact.email),
        note: clean(contact.note),
        ...options.context(),
      };
      lastRequest.value = request;
      view.value = { step: 'sending' };
      storage.set('contact', { name: request.name ?? known().remembered.name, email: request.email ?? known().remembered.email });
      try {
        succeed(await postHandoff(options.baseUrl, request));
      } catch (error) {
        const apiError = error instanceof ApiError ? error : new ApiError(0, 'network', String(error));
        if (apiError.transient || apiError.status === 429) {
          storage.set(PENDING, [...(storage.get<HandoffRequest[]>(PENDING) ?? []), request]);
          view.value = { step: 'queued' };
        } else view.value = { step: 'invalid', message: apiError.message };
      }
    },
    retryPending,
    reset(): void {
      view.value = { step: 'closed' };
      storage.set(PENDING, undefined);
    },
  };
}

export type HandoffModel = ReturnType<typeof createHandoffModel>;
