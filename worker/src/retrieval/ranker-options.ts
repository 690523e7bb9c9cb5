/** What the ranker (ranker.ts) can be told: the indexes, and the weights of its signals (the ranker holds the defaults). */
import type { SearchIndex } from './search-index';
import type { matchWords } from './word-match';

export interface RankerOptions {
  docs: SearchIndex;
  tickets?: SearchIndex;
  /** Field weights; a match in a title says more than one in the body. */
  fieldBoosts?: Partial<Record<'title' | 'section' | 'path' | 'text', number>>;
  /** Multiplier for chunks of the product the visitor asked about; others are kept, just ranked lower. */
  productBoost?: number;
  /** Weights of a page's 1st, 2nd, 3rd... best chunk in its fused score. */
  chunkWeights?: number[];
  /** How much a page's coverage of the question's concepts counts in its rank (0: not at all). */
  coverageExponent?: number;
  /** Field weights of the whole-page match. */
  pageFieldBoosts?: Partial<Record<'title' | 'headings' | 'path' | 'lead' | 'anchors' | 'anchorContext', number>>;
  /** Weight of the whole-page match (title, headings, lead) next to the best chunks' match. */
  pageWeight?: number;
  /** Words in more than this share of chunks are left out of the search: they rank nothing and cost the most time. */
  commonShare?: number;
  /** Weight of the relevance the best-matching chunks pass on to the pages they link to (0: none). */
  linkWeight?: number;
  /** How many of the best-matching chunks pass relevance on through their links. */
  linkSources?: number;
  /** Weight of the latent semantic ranking in the fused rank, next to 1 for the word-match ranking (0: not used). */
  semanticWeight?: number;
  /** Weight of term proximity (the question's words close together in one passage) next to 1 for the word-match rank (0: not used). */
  proximityWeight?: number;
  /** The word-match search over an engine; `matchWords` unless a test compares it with MiniSearch's own (`fromResults`). */
  wordMatch?: typeof matchWords;
}
