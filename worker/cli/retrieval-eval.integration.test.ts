import { describe, expect, it } from 'vitest';
import { runEval } from './eval-retrieval';
import { repoFile, sharedKb } from './shared-kb';

const kb = sharedKb() ?? '';
const present = kb !== '';

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

  it('loses at most 0.03 of hit@5 with one seeded typo per question', { timeout: 120_000 }, async () => {
    const clean = await runEval({ kb: `${kb}pages`, questions: `${kb}questions.jsonl` });
    const typed = await runEval({ kb: `${kb}pages`, questions: `${kb}questions.jsonl`, typos: 1, seed: 1 });
    console.log(JSON.stringify({ clean: clean.plain['hit@5'], typos1: typed.plain['hit@5'] }));
    expect(clean.plain['hit@5'] - typed.plain['hit@5']).toBeLessThanOrEqual(0.03);
  });

  // The translated set is blind (written by someone who has not seen the method): measured, never tuned on.
  it('finds the gold page in the top 5 for at least 70% of the translated questions', { timeout: 120_000 }, async () => {
    const result = await runEval({ kb: `${kb}pages`, questions: repoFile('eval/retrieval/translated.jsonl') });
    console.log(JSON.stringify(result.plain));
    expect(result.plain.n).toBe(90);
    expect(result.plain['hit@5']).toBeGreaterThanOrEqual(0.7);
  });

  // Written blind on 4 December from the docs pages, in customers' words, and first measured after it was committed
  // (hit@1 0.717, hit@5 0.942). Its gold lists are broader than the FAQ's (1-5 pages), so it is the easier set: a floor
  // against regression, not evidence that the paraphrase goal is met.
  it('finds a gold page in the top 5 for at least 90% of the blind questions of 4 December', { timeout: 120_000 }, async () => {
    const result = await runEval({ kb: `${kb}pages`, questions: repoFile('eval/retrieval/fresh-questions.jsonl') });
    console.log(JSON.stringify(result.plain));
    expect(result.plain.n).toBe(120);
    expect(result.plain['hit@5']).toBeGreaterThanOrEqual(0.9);
    expect(result.plain['hit@1']).toBeGreaterThanOrEqual(0.65);
  });
});
