import { describe, expect, it } from 'vitest';
import type { NoAiTopic } from '../domain/no-ai-topics';
import type { Triage } from '../triage/triage';
import { decideEscalation, escalationFrom } from './escalation-policy';

const SOFT = ['frustration', 'cancel-intent', 'high-value', 'complex-issue', 'loop', 'urgency', 'long-conversation'] as const;

/** A triage with the given signals fired: the policy's input, without the model. */
function triaged({ topic = null, fired = [], judged = false }: { topic?: NoAiTopic | null; fired?: string[]; judged?: boolean }): Triage {
  return {
    category: 'how-to', sentiment: 'neutral', urgency: 'normal', summary: '', lang: 'en', categoryScore: 1, loop: false,
    humanRequest: { code: 'human-request', fired: false, score: 0 },
    topic,
    topicSignal: topic ? { code: 'no-ai-topic', fired: true, score: 1, detail: topic } : { code: 'no-ai-topic', fired: false, score: 0 },
    signals: SOFT.map((code) => ({ code, fired: fired.includes(code), score: fired.includes(code) ? 1 : 0 })),
    judgement: { code: 'triage-model', fired: judged, score: judged ? 0.9 : 0.1 },
  };
}

const now = Date.UTC(2026, 0, 1, 12);

describe('decideEscalation', () => {
  it('answers a plain docs question', () => {
    const decision = decideEscalation({ message: 'How do I install Cypress?', history: [], confidence: 'high', now });
    expect(decision).toMatchObject({ action: 'answer', noAiAnswer: false, reasons: [] });
    // Person, topic, seven soft signals from the triage and low confidence from retrieval.
    expect(decision.signals.length).toBe(10);
  });

  it('escalates an explicit request for a person at once', () => {
    const decision = decideEscalation({ message: 'Let me talk to a human', history: [], confidence: 'high', now });
    expect(decision).toMatchObject({ action: 'escalate', noAiAnswer: false, reasons: ['human-request'] });
  });

  it('escalates a no-AI topic with no AI answer, naming the topic', () => {
    const decision = escalationFrom(triaged({ topic: 'refund' }), 'high');
    expect(decision.action).toBe('escalate');
    expect(decision.noAiAnswer).toBe(true);
    expect(decision.reasons).toEqual(['no-ai-topic:refund']);
  });

  it('answers with one soft signal and escalates with two', () => {
    expect(escalationFrom(triaged({ fired: ['cancel-intent'] }), 'high').action).toBe('answer');
    const decision = escalationFrom(triaged({ fired: ['cancel-intent', 'high-value'] }), 'high');
    expect(decision).toMatchObject({ action: 'escalate', reasons: ['cancel-intent', 'high-value'] });
    expect(escalationFrom(triaged({ fired: ['cancel-intent'] }), 'none')).toMatchObject({ action: 'escalate', reasons: ['cancel-intent', 'low-confidence'] });
  });

  it('counts retrieval as a signal only when the answer is withheld ("not sure"), not at the calibrated "low" the widget still shows', () => {
    expect(escalationFrom(triaged({ fired: ['cancel-intent'] }), 'low').action).toBe('answer');
    expect(escalationFrom(triaged({ fired: ['cancel-intent'] }), 'none').signals.find((signal) => signal.code === 'low-confidence')).toMatchObject({ fired: true, detail: 'confidence none' });
  });

  it("escalates on the model's judgement of the whole turn, naming the signals it saw, only at the guide's threshold or below", () => {
    expect(escalationFrom(triaged({ fired: ['urgency'], judged: true }), 'high')).toMatchObject({ action: 'escalate', noAiAnswer: false, reasons: ['triage-model', 'urgency'] });
    expect(escalationFrom(triaged({ judged: true }), 'high', { threshold: 1 }).reasons).toEqual(['triage-model']);
    expect(escalationFrom(triaged({ fired: ['urgency'], judged: true }), 'high', { threshold: 3 }).action).toBe('answer');
    expect(escalationFrom(triaged({ fired: ['urgency'] }), 'high').action).toBe('answer');
  });

  it('does not count an unverified enterprise claim', () => {
    const decision = decideEscalation({ message: 'How do I cancel my subscription?', history: [], customer: { verified: false, plan: 'enterprise' }, now });
    expect(decision.signals.find((signal) => signal.code === 'high-value')?.fired).toBe(false);
    expect(decideEscalation({ message: 'How do I cancel my subscription?', history: [], customer: { verified: true, plan: 'enterprise' }, now }).signals.find((signal) => signal.code === 'high-value')?.fired).toBe(true);
  });

  it('honours the threshold and the topic list', () => {
    expect(escalationFrom(triaged({ fired: ['cancel-intent'] }), 'high', { threshold: 1 }).action).toBe('escalate');
    expect(decideEscalation({ message: 'I want a refund for last month, give me my money back', history: [], now }).noAiAnswer).toBe(true);
    expect(decideEscalation({ message: 'I want a refund for last month, give me my money back', history: [], now }, { noAiTopics: [] }).noAiAnswer).toBe(false);
  });
});
