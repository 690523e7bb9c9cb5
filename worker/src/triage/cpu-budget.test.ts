/**
 * No input within the body limit costs more than 20 ms of CPU in a text step.
 * Each step runs on pathological inputs at the maximum message length; the
 * best of three runs is taken, so a loaded machine does not fail it.
 */
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../../shared/protocol';
import { LocalRetriever } from '../adapters/local-retriever';
import { chunkPage, parsePage } from '../retrieval/markdown-chunker';
import { buildIndex } from '../retrieval/search-index';
import { DEFAULT_ESCALATION_OPTIONS, decideEscalation } from '../services/escalation-policy';
import { checkAnswer, checkLinks, createStreamGuard } from '../services/guardrails';
import { frustration, loop } from '../services/escalation-signals';
import { smallTalk } from '../services/small-talk';
import { triage } from './triage';

const MAX = LIMITS.messageChars;
const fill = (unit: string) => unit.repeat(Math.ceil(MAX / unit.length)).slice(0, MAX);
const INPUTS: Record<string, string> = {
  digits: fill('1'),
  bangs: fill('!'),
  words: fill('refund cancel human '),
  shouting: fill('WHY IS THIS BROKEN '),
  links: fill('[a](https://evil.example.net/x '),
  brackets: fill(']('),
  quotes: fill('"\''),
  unicode: fill('日本語テキスト'),
  spaces: fill(' '),
};
const now = Date.UTC(2026, 0, 1);
const history = Array.from({ length: 1000 }, (_, index) => ({ role: index % 2 ? ('assistant' as const) : ('visitor' as const), text: fill('same question again '), at: now - index }));
const sources = [{ n: 1, title: 'Docs', url: 'https://docs.cypress.io/app' }];
const retriever = new LocalRetriever({ docs: buildIndex(chunkPage(parsePage('# Install\n\nRun npm install cypress.', 'markdown'), { pageId: 'install.md', url: '/install' }), 'docs') });

async function bestMs(step: () => unknown): Promise<number> {
  let best = Infinity;
  for (let run = 0; run < 3; run += 1) {
    const started = process.cpuUsage();
    await step();
    const used = process.cpuUsage(started);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best;
}

const STEPS: Record<string, (text: string) => unknown> = {
  'triage (sentiment, category, signals)': (text) => triage({ message: text, history, now }, DEFAULT_ESCALATION_OPTIONS),
  escalation: (text) => decideEscalation({ message: text, history, now, confidence: 'high' }),
  'guardrails: checkAnswer': (text) => checkAnswer(text, sources),
  'guardrails: checkLinks': (text) => checkLinks(text, sources),
  'frustration (wink-sentiment) over 1,000 turns': (text) => frustration(text, history),
  'loop over 1,000 turns': (text) => loop(text, history),
  'small talk': (text) => smallTalk(text),
  retrieval: (text) => retriever.search({ text, collection: 'docs', topK: 5 }),
};

describe('CPU budget of the text steps at the maximum message length', () => {
  for (const [name, step] of Object.entries(STEPS)) {
    it(`${name} stays under 20 ms on every pathological input`, async () => {
      const slow: string[] = [];
      for (const [kind, text] of Object.entries(INPUTS)) {
        const ms = await bestMs(() => step(text));
        if (ms >= 20) slow.push(`${kind}: ${ms.toFixed(1)} ms`);
      }
      expect(slow).toEqual([]);
    });
  }

  // Issue 16 finding 8: a held-text rescan per chunk made 4,000 "!" in 3-character chunks cost seconds.
  it('guardrails: the stream guard in 3-character chunks stays under 20 ms on "!"', async () => {
    const text = INPUTS.bangs ?? '';
    const ms = await bestMs(() => {
      const guard = createStreamGuard(sources);
      for (let at = 0; at < text.length; at += 3) guard.push(text.slice(at, at + 3));
      guard.end();
    });
    expect(ms).toBeLessThan(20);
  });

  it('a 4,000-character message triages in under 5 ms', async () => {
    expect(await bestMs(() => triage({ message: INPUTS.words ?? '', history: [], now }, DEFAULT_ESCALATION_OPTIONS))).toBeLessThan(5);
  });
});
