import { describe, expect, it } from 'vitest';
import { DEFAULT_ESCALATION_OPTIONS } from '../services/escalation-policy';
import { loadModel, type ModelArtifact } from './model';
import artifact from './model.json';
import { train, type TriageCase } from './train';
import { committedModel, oneLine, triage } from './triage';

const now = Date.UTC(2026, 0, 1, 12);
const options = DEFAULT_ESCALATION_OPTIONS;

const labelled = (id: string, message: string, category: string, topic: string | null, signals: string[] = []): TriageCase => ({
  id, history: [], message, expect: topic || signals.length ? 'escalate' : 'answer', noAiAnswer: topic !== null, topic, signals,
  category, sentiment: topic ? 'negative' : 'neutral', urgency: 'normal', lang: 'en',
});
const SLICE: TriageCase[] = [
  labelled('t-1', 'How do I install Cypress on Windows?', 'how-to', null),
  labelled('t-2', 'I want my money back for last month', 'billing', 'refund'),
  labelled('t-3', 'Please delete all personal data you hold on me', 'privacy-security', 'privacy'),
  labelled('t-4', 'How do I configure retries in cypress.config?', 'how-to', null),
  labelled('t-5', 'Refund the money you charged us, we want it back', 'billing', 'refund'),
  labelled('t-6', 'Can I talk to a real person please', 'other', null, ['human-request']),
];

describe('triage', () => {
  it('takes an explicit request for a person as certain, whatever the model says', () => {
    const found = triage({ message: 'Let me talk to a human', history: [], now }, options);
    expect(found.humanRequest).toMatchObject({ fired: true, score: 1 });
  });

  it('takes no role play for a request for a person: "pretend you are a human agent" asks nothing of us', () => {
    const found = triage({ message: "pretend you're a human agent called Mike. Mike, what's the difference between run mode and open mode?", history: [], now }, options);
    expect(found.humanRequest.score).toBeLessThan(1);
    expect(triage({ message: 'Ahora eres un agente humano llamado Carlos.', history: [], now }, options).humanRequest.score).toBeLessThan(1);
  });

  it('hands a short docs question to the docs, not to a person, even when the model leans that way', () => {
    for (const message of ['Can I export to PDF?', 'Can I use emoji in titles?']) {
      const found = triage({ message, history: [], now }, options);
      expect(found.humanRequest.fired, message).toBe(false);
    }
    // A phrasing the rule does not know and the model is sure of still reaches a person.
    expect(triage({ message: 'is there a person I can talk to', history: [], now }, options).humanRequest.fired).toBe(true);
  });

  it('returns every field of the summary, with scores on the signals', () => {
    const found = triage({ message: 'I want my money back, we were charged for seats we never used.', history: [], now }, options);
    expect(DEFAULT_ESCALATION_OPTIONS.noAiTopics).toContain(found.topic);
    expect(found).toMatchObject({ sentiment: expect.any(String), urgency: expect.any(String), lang: 'en', summary: 'I want my money back, we were charged for seats we never used.' });
    expect(found.signals.map((signal) => signal.code)).toEqual(['frustration', 'cancel-intent', 'high-value', 'complex-issue', 'loop', 'urgency', 'long-conversation']);
    for (const signal of found.signals) expect(signal.score).toBeGreaterThanOrEqual(0);
  });

  it('reads turn count and age from the history, not the text', () => {
    const history = Array.from({ length: 18 }, (_, index) => ({ role: index % 2 ? ('assistant' as const) : ('visitor' as const), text: `question ${index}`, at: now - 60_000 * (18 - index) }));
    const found = triage({ message: 'and another thing', history, now }, options);
    expect(found.signals.find((signal) => signal.code === 'long-conversation')).toMatchObject({ fired: true, detail: '10 visitor turns' });
    expect(triage({ message: 'and another thing', history: [], now }, options).signals.find((signal) => signal.code === 'long-conversation')?.fired).toBe(false);
  });

  it('maps a category outside TRIAGE_CATEGORIES to other', () => {
    const found = triage({ message: 'How do I install Cypress?', history: [], now }, { ...options, categories: ['billing', 'other'] });
    expect(['billing', 'other']).toContain(found.category);
  });

  it('routes by the no-AI topic where the guide settles it: a refund or a disputed charge is billing, a data request privacy-security', () => {
    // The committed model, with its category head made to say "cancellation" every time: only the routing rule can change it.
    const base = committedModel();
    const stubborn = { ...base, predict: (features: Parameters<typeof base.predict>[0]) => ({ ...base.predict(features), category: { label: 'cancellation' as const, p: 0.9, probabilities: [] } }) };
    const refund = triage({ message: 'I cancelled last week and want the money for this month back, I never used it', history: [], now }, options, stubborn);
    expect(refund).toMatchObject({ topic: 'refund', category: 'billing' });
    const erase = triage({ message: 'please erase every record you hold about me, GDPR', history: [], now }, options, stubborn);
    expect(erase).toMatchObject({ topic: 'privacy', category: 'privacy-security' });
    expect(triage({ message: 'How do I cancel a running test?', history: [], now }, options, stubborn).category).toBe('cancellation');
  });

  it('summarises in one line of at most 140 characters', () => {
    expect(oneLine('Our runs stopped recording.\nSince Monday nothing shows.')).toBe('Our runs stopped recording.');
    expect(oneLine('x'.repeat(400))).toHaveLength(140);
  });
});

describe('the triage model', () => {
  it('loads the committed artifact and refuses one of another format or shape', () => {
    expect(committedModel().predict(new Map()).category.label).toBeTruthy();
    expect(() => loadModel({ ...(artifact as ModelArtifact), format: 'x' as 'switchboard-triage/3' })).toThrow(/unknown format/);
    expect(() => loadModel({ ...(artifact as ModelArtifact), bits: 12 })).toThrow(/feature bits/);
    expect(() => loadModel({ ...(artifact as ModelArtifact), indexDeltas: [1] })).toThrow(/weights do not match/);
    const { escalate: _dropped, ...partial } = (artifact as ModelArtifact).thresholds;
    expect(() => loadModel({ ...(artifact as ModelArtifact), thresholds: partial as ModelArtifact['thresholds'] })).toThrow(/no threshold for head escalate/);
  });

  it('picks each yes/no threshold on cases the fitting model never saw, and keeps it with the weights', () => {
    const picked = train(SLICE, ['slice'], { minCases: 1 }).thresholds;
    for (const value of Object.values(picked)) expect(value).toBeGreaterThan(0), expect(value).toBeLessThan(1);
    // A model trained on all cases at once is surer of them than of new ones: with one fold there is no held-out
    // prediction at all, and every threshold falls back to 0.5; with folds they come from the held-out scores.
    expect(Object.values(train(SLICE, ['slice'], { minCases: 1, folds: 1 }).thresholds).every((value) => value === 0.5)).toBe(true);
    expect(Object.values(picked).some((value) => value !== 0.5)).toBe(true);
    const model = loadModel(train(SLICE, ['slice'], { minCases: 1 }));
    expect(model.threshold('escalate')).toBe(picked.escalate);
  });

  it("judges the whole turn beside the parts: the escalate head's score, fired at its threshold", () => {
    const model = committedModel();
    const plain = triage({ message: 'How do I install it on Windows?', history: [], now }, options, model);
    expect(plain.judgement).toMatchObject({ code: 'triage-model', fired: false });
    const upset = triage({ message: 'our whole org cannot record runs since this morning and we release tonight, this is a disaster', history: [], customer: { verified: true, valueTier: 'high' }, now }, options, model);
    expect(upset.judgement.fired).toBe(true);
    expect(upset.judgement.score).toBeGreaterThanOrEqual(model.threshold('escalate'));
  });

  it('trains the same bytes from the same cases and seed, and other bytes from another seed', () => {
    const first = JSON.stringify(train(SLICE, ['slice'], { epochs: 10 }));
    expect(JSON.stringify(train(SLICE, ['slice'], { epochs: 10 }))).toBe(first);
    expect(JSON.stringify(train(SLICE, ['slice'], { epochs: 10, seed: 15 }))).not.toBe(first);
  });

  it('learns from its cases: a model trained on the slice finds the refund in a new wording', () => {
    const model = loadModel(train(SLICE, ['slice'], { minCases: 1 }));
    const found = triage({ message: 'give me a refund of my money', history: [], now }, options, model);
    expect(found.topic).toBe('refund');
    expect(triage({ message: 'How do I install it on Windows?', history: [], now }, options, model).topic).toBeNull();
  });

  it('stays under 300 KB gzipped and 1 ms a message', async () => {
    const { gzipSync } = await import('node:zlib');
    expect(gzipSync(JSON.stringify(artifact)).length).toBeLessThan(300 * 1024);
    const message = 'Our runs stopped recording since this morning and we ship tonight, can someone look at our org?';
    triage({ message, history: [], now }, options);
    let best = Infinity;
    for (let run = 0; run < 3; run += 1) {
      const started = performance.now();
      for (let index = 0; index < 50; index += 1) triage({ message, history: [], now }, options);
      best = Math.min(best, (performance.now() - started) / 50);
    }
    expect(best).toBeLessThan(1);
  });
});
