/**
 * What the retrieval evidence says about one answer, as numbers a calibrated model can weigh:
 * how strong the best page is and how far ahead of the next, how much of the question the page,
 * its heading and the quoted passage cover, and whether the score and the ranking signals agree
 * on it. Each rises with the evidence, so the fitted weights can be held at zero or above: more
 * evidence never lowers the confidence, on this KB or another. Read from the hits alone (and the
 * question), so it costs microseconds after the search.
 */
import type { SearchHit } from '../ports';
import { bestBlock } from './passage-blocks';
import { terms } from './passage-cuts';

/** The features in the order the model's weights are stored (confidence-model.json). */
export const FEATURE_NAMES = ['best_score', 'margin', 'coverage', 'passage_share', 'heading_share', 'rank_agrees', 'signals_first'] as const;

/** The evidence the local retriever adds to a hit (page-evidence.ts); other retrievers leave it out. */
interface Evidence {
  coverage?: number;
  signalRanks?: number[];
  readAs?: string;
}

const share = (part: Set<string>, of: Set<string>) => {
  if (of.size === 0) return 0;
  let found = 0;
  for (const term of of) if (part.has(term)) found++;
  return found / of.size;
};

/**
 * The features of the answer built from `hits` (in rank order, as the answer numbers them).
 *
 * @example
 * confidenceFeatures('how do i upload a file', hits) // [0.71, 0.32, 1, 1, 0.5, 1, 0.67]
 */
export function confidenceFeatures(question: string, hits: (SearchHit & Evidence)[]): number[] {
  const [top, ...rest] = hits;
  if (!top) return FEATURE_NAMES.map(() => 0);
  // The question as the ranker read it (foreign support words in English, typos corrected), so it is measured on what it asks.
  const asked = terms(top.readAs ?? question);
  const best = Math.max(top.score, ...rest.map((hit) => hit.score));
  const second = Math.max(0, ...rest.filter((hit) => hit.pageId !== top.pageId).map((hit) => hit.score));
  const passage = bestBlock(asked, top, 700);
  // Signals with a say (latent semantics has none when no word of the question is in its space).
  const signals = (top.signalRanks ?? []).filter((rank) => rank >= 0);
  return [
    top.score,
    top.score > 0 ? Math.max(0, top.score - second) / top.score : 0,
    top.coverage ?? 0,
    passage ? share(terms(passage.text), asked) : 0,
    share(terms(`${top.title} ${top.section ?? ''}`), asked),
    best > 0 ? top.score / best : 0,
    signals.length ? signals.filter((rank) => rank === 0).length / signals.length : 0,
  ];
}
