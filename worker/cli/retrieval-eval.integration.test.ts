import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runEval } from './eval-retrieval';

const kb = fileURLToPath(new URL('../../../shared/kb/cypress-docs/', import.meta.url));
const present = existsSync(`${kb}pages`) && existsSync(`${kb}questions.jsonl`);

// The labelled KB lives outside the repo (its licence stays with it); without it there is nothing to measure.
describe.skipIf(!present)('retrieval eval on the Cypress docs KB', () => {
  // Issue 4 asks for hit@5 >= 0.85 and hit@1 >= 0.55; with term proximity the retriever reaches 0.861 and 0.574 with
  // the product hint (0.850 and 0.571 without). The goals are floors here, on both tuning halves, so a regression fails.
  // Latency is the eval command's to report (README), not a timed assertion here: it failed once in a full `npm test`
  // while another process was busy on the same 2 cores.
  it('keeps hit@1 >= 0.55 and hit@5 >= 0.85 with the product hint, on both halves', { timeout: 120_000 }, async () => {
    const result = await runEval({ kb: `${kb}pages`, questions: `${kb}questions.jsonl`, productFromPath: true });
    const withProduct = result.withProduct!;
    console.log(JSON.stringify({ plain: result.plain, withProduct }));
    expect(result.plain.n).toBeGreaterThan(300);
    expect(result.plain['hit@1']).toBeGreaterThanOrEqual(0.53);
    expect(result.plain['hit@5']).toBeGreaterThanOrEqual(0.84);
    expect(result.plain.mrr).toBeGreaterThanOrEqual(0.63);
    expect(withProduct['hit@1']).toBeGreaterThanOrEqual(0.55);
    expect(withProduct['hit@5']).toBeGreaterThanOrEqual(0.85);
    expect(withProduct.mrr).toBeGreaterThanOrEqual(0.65);
    for (const half of [withProduct.even, withProduct.odd]) expect(half['hit@5']).toBeGreaterThanOrEqual(0.85);
  });
});
