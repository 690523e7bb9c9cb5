import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../shared/protocol';
import { LocalRetriever } from '../src/adapters/local-retriever';
import type { Chunk } from '../src/retrieval/markdown-chunker';
import { buildIndex, loadIndex, serializeIndex } from '../src/retrieval/search-index';
import { answer } from '../src/services/answering';
import { DEFAULT_ESCALATION_OPTIONS } from '../src/services/escalation-policy';
import { codeTerms, sectionHolds } from '../src/services/question-terms';
import { readDocsFolder } from './docs-folder';
import { repoFile, sharedKb } from './shared-kb';

const kb = sharedKb() ?? '';
const questionsOf = (file: string) =>
  readFileSync(repoFile(file), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { id: string; lang: string; question: string });

// Issue 18 part 3: a question naming a docs term is answered from the section holding it, in every widget language.
describe.skipIf(kb === '')('questions that name a docs term', () => {
  let retriever: LocalRetriever;
  let chunks: Chunk[];
  beforeAll(async () => {
    const folder = await readDocsFolder(`${kb}pages`);
    chunks = folder.chunks;
    retriever = new LocalRetriever({ docs: loadIndex(serializeIndex(buildIndex(folder.chunks, 'docs', { anchors: folder.anchors, semantic: {} }))) });
  }, 120_000);

  // The answering service as the chat route runs it without a model (worker/src/config.ts defaults).
  const ask = async (message: string, lang: string) => {
    const dependencies = { retriever, minConfidence: 'low' as const, maxAnswerTokens: 600, promptTokenBudget: 3000, retrievalTimeoutMs: 3000, escalation: DEFAULT_ESCALATION_OPTIONS, log: () => undefined };
    let mode = 'none';
    const record = await answer({ message, history: [], lang, signal: new AbortController().signal, now: Date.now() }, dependencies, async (event: StreamEvent) => {
      if (event.type === 'finish') mode = event.mode;
    });
    return { ...record, mode };
  };

  it('answers "wie lade ich eine datei hoch mit cy.selectFile" from the cy.selectFile page, citing it', async () => {
    const reply = await ask('wie lade ich eine datei hoch mit cy.selectFile', 'de');
    expect(reply.mode).toBe('extractive');
    expect(reply.confidence).not.toBe('none');
    expect(reply.sources[0]?.url).toContain('/api/commands/selectfile');
    expect(reply.text).toContain('cy.selectFile');
    expect(reply.text).toContain('[1]');
  });

  for (const file of ['eval/retrieval/terms-multilingual.jsonl', 'eval/retrieval/translated.jsonl']) {
    it(`never says "not sure" to a question of ${file} naming a term the docs hold, and cites a section holding it`, async () => {
      let named = 0;
      for (const question of questionsOf(file)) {
        const terms = codeTerms(question.question).filter((term) => chunks.some((chunk) => sectionHolds(chunk, term)));
        if (terms.length === 0) continue;
        named++;
        const reply = await ask(question.question, question.lang);
        expect(reply.mode, `${question.id}: ${question.question}`).toBe('extractive');
        const cited = reply.sources.filter((source) => reply.text.includes(`[${source.n}]`));
        const holds = cited.some((source) => chunks.some((chunk) => chunk.url === source.url && (source.section ?? '') === (chunk.section ?? '') && terms.some((term) => sectionHolds(chunk, term))));
        expect(holds, `${question.id} cites a section holding ${terms.join(', ')}`).toBe(true);
      }
      expect(named).toBeGreaterThan(10);
    }, 120_000);
  }
});
