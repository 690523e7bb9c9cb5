import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../../shared/protocol';
import type { Retriever, StoredMessage } from '../ports';
import { answer, type AnswerDependencies } from '../services/answering';
import { DEFAULT_ESCALATION_OPTIONS } from '../services/escalation-policy';
import { turnPatch } from '../services/measurement';
import { triage, type Triage, type TriageInput, type TriageOptions } from './triage';

const now = Date.UTC(2026, 0, 1, 12);
const retriever: Retriever = {
  async search({ collection }) {
    return collection === 'docs' ? [{ id: 'd1', collection: 'docs', title: 'Install', url: 'https://docs.cypress.io/install', text: 'Run npm install cypress to install Cypress.', score: 5 }] as never : [];
  },
};

function counted() {
  const calls: TriageInput[] = [];
  const dependencies: AnswerDependencies = {
    retriever, minConfidence: 'low', maxAnswerTokens: 200, promptTokenBudget: 2000, retrievalTimeoutMs: 1000,
    escalation: DEFAULT_ESCALATION_OPTIONS, log: () => undefined,
    triage: (input: TriageInput, options: TriageOptions): Triage => {
      calls.push(input);
      return triage(input, options);
    },
  };
  return { calls, dependencies };
}

const events: StreamEvent[] = [];
const emit = async (event: StreamEvent) => void events.push(event);

describe('one triage per turn', () => {
  it('triages once per answer, through retrieval and the second escalation check, and records the summary', async () => {
    const { calls, dependencies } = counted();
    const record = await answer({ message: 'How do I install Cypress?', history: [], signal: new AbortController().signal, now }, dependencies, emit);
    expect(calls).toHaveLength(1);
    expect(record.triage).toMatchObject({ category: expect.any(String), sentiment: expect.any(String), urgency: expect.any(String), lang: 'en', summary: 'How do I install Cypress?' });
  });

  it('carries the triage on an escalation and on small talk too', async () => {
    for (const message of ['Let me talk to a human', 'thanks!']) {
      const { calls, dependencies } = counted();
      const record = await answer({ message, history: [], signal: new AbortController().signal, now }, dependencies, emit);
      expect(calls).toHaveLength(1);
      expect(record.triage?.summary).toBe(message);
    }
  });

  it('measurement counts the loop the triage found, without detecting it again', () => {
    const history: StoredMessage[] = [];
    const conversation = { id: 'c', tokenHash: 'h', createdAt: now, updatedAt: now } as never;
    const record = { text: 'x', sources: [], confidence: 'high' as const, incomplete: false };
    const looped = turnPatch(conversation, { visitorText: 'q', visitorAt: now, history, record: { ...record, loop: true }, answeredAt: now }, { csatWindowMs: 1, resolveAfterMs: 1 } as never);
    const plain = turnPatch(conversation, { visitorText: 'q', visitorAt: now, history, record: { ...record, loop: false }, answeredAt: now }, { csatWindowMs: 1, resolveAfterMs: 1 } as never);
    expect(looped).not.toEqual(plain);
  });
});
