/**
 * Ratings and the end-of-conversation CSAT, sent to `POST /v1/feedback` with
 * the conversation's token. Fire and forget: feedback never blocks the chat,
 * and a failed send is simply lost.
 */
import { signal } from '@preact/signals-core';
import { request } from '../transport/api';
import type { ChatMessage, ChatModel } from './chat-model';
import { storage } from './storage';

/** off: not asked; ask: show the question; scored: a score was sent, a comment may follow; sent: thanked. */
export type SurveyStep = 'off' | 'ask' | 'scored' | 'sent';

export function createFeedbackModel(baseUrl: string, chat: ChatModel, emit: (event: 'feedback', detail: unknown) => void) {
  const step = signal<SurveyStep>('off');
  let score = 0;
  const post = (body: object) =>
    chat.conversation.value && request(baseUrl, '/v1/feedback', { method: 'POST', keepalive: true, body: JSON.stringify({ ...chat.credentials(), ...body }) }).catch(() => 0);
  const done = (next: SurveyStep) => {
    storage.set('csat', chat.conversation.value?.id);
    step.value = next;
  };
  /** The conversation reached an end (👍, a handoff, a close after an answer): ask once per conversation. */
  const ask = () => {
    const id = chat.conversation.value?.id;
    if (id && step.value === 'off' && storage.get('csat') !== id) step.value = 'ask';
  };
  return {
    step,
    ask,
    /** A 👍 or 👎 (reported to the site once), then perhaps the 👎's reason. */
    rate(message: ChatMessage, rating: 'up' | 'down', reason?: string) {
      message.vote.value = rating;
      post({ messageId: message.id, rating, reason });
      if (!reason) emit('feedback', { messageId: message.id, value: rating });
      if (rating === 'up') ask();
    },
    score(value: number) {
      post({ csat: (score = value) });
      done('scored');
    },
    /** The optional comment, sent with the score again (the latest CSAT answer wins). */
    comment(text: string) {
      if (text) post({ csat: score, comment: text });
      done('sent');
    },
    dismiss: () => done('off'),
  };
}

export type FeedbackModel = ReturnType<typeof createFeedbackModel>;
