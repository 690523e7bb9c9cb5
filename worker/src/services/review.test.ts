import { describe, expect, it } from 'vitest';
import type { ReviewItem } from '../../../shared/admin-api';
import { topUnanswered } from './review';

const item = (id: string, question: string, answer: Partial<ReviewItem['transcript'][number]>): ReviewItem => ({
  id, createdAt: 0, cohort: 'ai', outcome: 'escalated', reasons: ['escalated'], feedback: [],
  transcript: [
    { id: `${id}-q`, role: 'visitor', text: question, at: 1 },
    { id: `${id}-a`, role: 'assistant', text: 'answer', at: 2, confidence: 'high', ...answer },
  ],
});

describe('top unanswered questions and those sent to people by policy', () => {
  const items = [
    item('a', 'Can I get a refund?', { confidence: 'none', escalation: ['no-ai-topic:refund'] }),
    item('b', 'Let me talk to a human', { confidence: 'none', escalation: ['human-request'] }),
    item('c', 'Does sync work offline?', { confidence: 'none' }),
    item('d', 'Why is it still broken???', { escalation: ['frustration', 'loop'] }),
    item('e', 'Old record', { confidence: 'none', escalation: ['no_ai_topic:billing_dispute'] }),
  ];

  it('leaves out questions the policy deliberately sent to people', () => {
    expect(topUnanswered(items).map((entry) => entry.question)).toEqual(['Does sync work offline?', 'Why is it still broken???']);
  });

  it('lists those apart, old snake_case codes included', () => {
    expect(topUnanswered(items, 10, 'policy').map((entry) => entry.question)).toEqual(['Can I get a refund?', 'Let me talk to a human', 'Old record']);
  });
});
