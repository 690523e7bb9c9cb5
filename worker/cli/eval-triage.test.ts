import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { committedModel } from '../src/triage/triage';
import { answerableEscalations, leaveWritersOut, report } from './eval-triage';
import { DEFAULT_TRAIN_OPTIONS, type TriageCase } from '../src/triage/train';
import { minCasesOption } from './triage-cases';

const base: TriageCase = { id: 'x-1', history: [], message: '', expect: 'answer', noAiAnswer: false, topic: null, signals: [], category: 'how-to', sentiment: 'neutral', urgency: 'normal', lang: 'en' };

describe('eval:triage', () => {
  it('counts the answerable questions the policy hands to a person anyway', async () => {
    const result = await answerableEscalations([{ question: 'How do I install Cypress on Windows?' }, { message: 'let me talk to a human please' }], committedModel(), async () => 'medium');
    expect(result).toMatchObject({ answerableN: 2, answerableEscalated: 1, answerableEscalatedRate: 0.5 });
    expect(result.handed[0]).toMatch(/^human-request: let me talk/);
  });

  it('tells a must-not-answer case whose topic was missed from one that reached an AI answer', () => {
    const refund = { ...base, expect: 'escalate' as const, noAiAnswer: true, topic: 'refund', category: 'billing' };
    const outcome = (escalated: boolean) => ({ testCase: refund, escalated, noAiAnswer: false, topic: null, category: 'billing', sentiment: 'neutral', ms: 0, fired: [] });
    expect(report([outcome(true)])).toMatchObject({ noAiAnswered: 1, noAiGotAnswer: 0 });
    expect(report([outcome(false)])).toMatchObject({ noAiAnswered: 1, noAiGotAnswer: 1 });
  });

  it('reads --min-cases as a whole number of at least 1, and defaults to the trainer\'s bar', () => {
    expect(minCasesOption('4', 'usage')).toBe(4);
    expect(minCasesOption(undefined, 'usage')).toBe(DEFAULT_TRAIN_OPTIONS.minCases);
    for (const bad of ['0', '2.5', 'x']) expect(() => minCasesOption(bad, 'usage'), bad).toThrow(/--min-cases must be a whole number/);
    // eval:triage without --train scores the committed model: a bar there would change nothing, so it is refused.
    expect(() => minCasesOption('6', 'usage', false)).toThrow(/applies to a model trained with --train/);
    expect(minCasesOption(undefined, 'usage', false)).toBe(DEFAULT_TRAIN_OPTIONS.minCases);
  });

  it('leaves writers out: every case of every file is judged once, each fold by a model trained on the other files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'folds-'));
    const files = ['p', 'q', 'r'].map((writer) => {
      const cases = [
        { ...base, id: `${writer}-1`, message: 'How do I install Cypress on Windows?' },
        { ...base, id: `${writer}-2`, message: 'I want my money back for last month', expect: 'escalate', noAiAnswer: true, topic: 'refund', category: 'billing' },
        { ...base, id: `${writer}-3`, message: 'Where do I find the record key?' },
      ];
      const path = join(dir, `${writer}.jsonl`);
      writeFileSync(path, cases.map((one) => JSON.stringify(one)).join('\n'));
      return path;
    });
    const outcomes = await leaveWritersOut(files, 3, 1, async () => 'medium');
    expect(outcomes.map((outcome) => outcome.testCase.id).sort()).toEqual(['p-1', 'p-2', 'p-3', 'q-1', 'q-2', 'q-3', 'r-1', 'r-2', 'r-3']);
  });
});
