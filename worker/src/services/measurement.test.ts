import { describe, expect, it } from 'vitest';
import type { Conversation } from '../ports';
import { turnPatch } from './measurement';

const options = { assumedAfterMs: 86_400_000, reopenWithinMs: 3 * 86_400_000 };
const conversation: Conversation = { id: 'c'.repeat(22), tokenHash: 'h', createdAt: 1000, updatedAt: 1000, status: 'ai' };
const triage = { category: 'billing', sentiment: 'negative' as const, urgency: 'high' as const, summary: 'Wants a refund.', lang: 'en' };
const record = { text: 'Answer', sources: [], confidence: 'high' as const, incomplete: false };

describe('turnPatch: the turn’s triage', () => {
  it('stores the answer record’s triage on the conversation, replacing an older one', () => {
    const facts = { visitorText: 'I want my money back', visitorAt: 2000, history: [], record: { ...record, triage }, answeredAt: 2100 };
    expect(turnPatch(conversation, facts, options).triage).toEqual(triage);
    const older = { ...conversation, triage: { ...triage, category: 'how-to' } };
    expect(turnPatch(older, facts, options).triage).toEqual(triage);
  });

  it('leaves the stored triage alone when the turn has none or the same one', () => {
    const facts = { visitorText: 'hello', visitorAt: 2000, history: [], record, answeredAt: 2100 };
    expect('triage' in turnPatch({ ...conversation, triage }, facts, options)).toBe(false);
    expect('triage' in turnPatch({ ...conversation, triage }, { ...facts, record: { ...record, triage } }, options)).toBe(false);
  });
});
