import type MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { readDocsFolder } from '../../cli/docs-folder';
import { productOf, readQuestions } from '../../cli/eval-retrieval';
import { sharedKb } from '../../cli/shared-kb';
import { Ranker } from './ranker';
import { buildIndex, loadIndex, serializeIndex } from './search-index';
import { fromResults } from './word-match';
import type { SearchQuery } from '../ports';

const kb = sharedKb() ?? '';

function run(ranker: Ranker, query: SearchQuery) {
  const steps = ranker.steps(query);
  let step = steps.next();
  while (!step.done) step = steps.next();
  return step.value;
}

// The labelled KB lives outside the repo; without it there is nothing to compare.
describe.skipIf(kb === '')('rankings on the Cypress docs FAQ', () => {
  it('are the same hits, in the same order, with the same evidence, as with MiniSearch\'s own word-match search', { timeout: 300_000 }, async () => {
    const folder = await readDocsFolder(`${kb}pages`, { productFromPath: true });
    const docs = loadIndex(serializeIndex(buildIndex(folder.chunks, 'docs', { anchors: folder.anchors, semantic: {} })));
    const current = new Ranker({ docs, wordMatch: (engine, terms, options) => fromResults(engine as MiniSearch<never>, terms, options) });
    const fast = new Ranker({ docs });
    const questions = await readQuestions(`${kb}questions.jsonl`);
    expect(questions.length).toBeGreaterThan(300);
    let compared = 0;
    for (const question of questions) {
      const product = productOf(question);
      for (const query of [{ text: question.question, collection: 'docs' as const, topK: 5 }, ...(product ? [{ text: question.question, collection: 'docs' as const, topK: 5, product }] : [])]) {
        const expected = run(current, query);
        const got = run(fast, query);
        expect(got.map((hit) => hit.pageId), question.question).toEqual(expected.map((hit) => hit.pageId));
        expect(got).toEqual(expected);
        compared += expected.length;
      }
    }
    expect(compared).toBeGreaterThan(3000);
  });
});
