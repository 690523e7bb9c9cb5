/**
 * What the ranker keeps of the word match per page: the page's matching chunks as a list through
 * the results, made into chunk objects only for the pages it reads.
 */
import type { PageCandidate } from './page-evidence';
import type { WordMatches } from './word-match';

/** A matching chunk; what it matched is worked out when first asked (ownConcepts), for the few chunks that need it. */
export class MatchedChunk {
  #match?: Record<string, string[]>;

  constructor(
    readonly chunk: number,
    readonly score: number,
    readonly results: WordMatches,
    readonly at: number,
  ) {}

  get match(): Record<string, string[]> {
    return (this.#match ??= this.results.match(this.at));
  }
}

/**
 * A page the word match found, with its matching chunks as a list through the results (`first`, then
 * `next`), turned into `chunks` (best BM25 first) only when the ranker first reads them: at 2,000 pages
 * a question matches tens of thousands of chunks, of which the ranker reads those of about twenty pages.
 */
export class MatchedPage implements PageCandidate {
  #chunks?: { chunk: number; score: number; match?: Record<string, string[]> }[];
  /** How many of the results are this page's chunks, and the position of the best. */
  matched = 0;
  first = -1;
  raw = 0;
  pageRaw = 0;
  linked = 0;
  readonly concepts = new Set<number>();

  constructor(
    readonly page: number,
    readonly results: WordMatches,
    readonly next: Int32Array,
  ) {}

  get chunks(): { chunk: number; score: number; match?: Record<string, string[]> }[] {
    if (!this.#chunks) {
      this.#chunks = [];
      for (let at = this.matched > 0 ? this.first : -1; at >= 0; at = this.next[at]!) this.#chunks.push(new MatchedChunk(this.results.id(at), this.results.score(at), this.results, at));
    }
    return this.#chunks;
  }
}
