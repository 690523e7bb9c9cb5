import { describe, expect, it } from 'vitest';
import { decideEscalation, DEFAULT_ESCALATION_OPTIONS, escalationOptionsFromEnv } from './escalation-policy';

const now = Date.UTC(2026, 0, 1, 12);

describe('decideEscalation', () => {
  it('answers a plain docs question', () => {
    const decision = decideEscalation({ message: 'How do I install Cypress?', history: [], confidence: 'high', now });
    expect(decision).toMatchObject({ action: 'answer', noAiAnswer: false, reasons: [] });
    expect(decision.signals.length).toBe(9);
  });

  it('escalates an explicit request for a person at once', () => {
    const decision = decideEscalation({ message: 'Let me talk to a human', history: [], confidence: 'high', now });
    expect(decision).toMatchObject({ action: 'escalate', noAiAnswer: false, reasons: ['human-request'] });
  });

  it('escalates a no-AI topic with no AI answer, naming the topic', () => {
    const decision = decideEscalation({ message: 'I was charged twice, refund me', history: [], confidence: 'high', now });
    expect(decision.action).toBe('escalate');
    expect(decision.noAiAnswer).toBe(true);
    expect(decision.reasons).toEqual(['no-ai-topic:refund', 'no-ai-topic:billing-dispute']);
  });

  it('answers with one soft signal and escalates with two', () => {
    const message = 'How do I cancel my subscription?';
    expect(decideEscalation({ message, history: [], now }).action).toBe('answer');
    const enterprise = { verified: true, plan: 'enterprise' };
    const decision = decideEscalation({ message, history: [], customer: enterprise, now });
    expect(decision).toMatchObject({ action: 'escalate', reasons: ['cancel-intent', 'high-value'] });
  });

  it('does not count an unverified enterprise claim', () => {
    const decision = decideEscalation({ message: 'How do I cancel my subscription?', history: [], customer: { verified: false, plan: 'enterprise' }, now });
    expect(decision.action).toBe('answer');
  });

  it('honours the threshold and the topic list', () => {
    const input = { message: 'How do I cancel my subscription?', history: [], now };
    expect(decideEscalation(input, { threshold: 1 }).action).toBe('escalate');
    expect(decideEscalation({ message: 'I want a refund', history: [], now }, { noAiTopics: [] }).noAiAnswer).toBe(false);
  });
});

describe('escalationOptionsFromEnv', () => {
  it('uses the defaults when nothing is set', () => {
    expect(escalationOptionsFromEnv({})).toEqual(DEFAULT_ESCALATION_OPTIONS);
  });
  it('parses the variables', () => {
    const options = escalationOptionsFromEnv({ ESCALATION_THRESHOLD: '3', NO_AI_TOPICS: 'refund, legal', MAX_TURNS_BEFORE_ESCALATION: '12', MAX_MINUTES_BEFORE_ESCALATION: '45' });
    expect(options).toEqual({ threshold: 3, noAiTopics: ['refund', 'legal'], maxTurns: 12, maxMinutes: 45 });
    expect(escalationOptionsFromEnv({ NO_AI_TOPICS: 'none' }).noAiTopics).toEqual([]);
  });
  it('names the variable and the fix for a bad value', () => {
    expect(() => escalationOptionsFromEnv({ ESCALATION_THRESHOLD: 'two' })).toThrow(/ESCALATION_THRESHOLD="two".*whole number/);
    expect(() => escalationOptionsFromEnv({ NO_AI_TOPICS: 'refunds' })).toThrow(/NO_AI_TOPICS contains "refunds"/);
  });
});
