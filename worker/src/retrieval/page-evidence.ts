/**
 * Per-index caches and per-page evidence the ranker reads: chunk-to-page lists,
 * term sequences for proximity, a page's first chunk, the question's concept weights, each page's place in each signal.
 */
import type { SearchHit } from '../ports';
import type { SearchIndex } from './search-index';
import { analyze, type QueryTerm } from '../domain/text-analysis';

/** The chunk fields that are the chunk's own; title and path are the same for every chunk of a page. */
const OWN_FIELDS = new Set(['section', 'text']);

/** A hit plus the evidence behind its score, for the answering service's confidence. */
export interface LocalSearchHit extends SearchHit {
  /** Share (0..1) of the question's informative words, weighted by rarity, found in this page's best chunks. */
  coverage: number;
  /** How many of the question's distinct words (or their synonyms) the page matched, and out of how many. */
  matchedTerms: number;
  queryTerms: number;
  /** Fused BM25 score before normalisation; comparable only within one query. */
  rawScore: number;
  /** The page's 0-based place in each ranking signal alone: chunk word match, whole-page match, latent semantics (-1: no say). */
  signalRanks?: number[];
  /** The question as the ranker read it, when that differs from the text asked: foreign support words in English, typos corrected. */
  readAs?: string;
}

export interface PageCandidate {
  page: number;
  /** Matching chunks, best BM25 first, with the fields each query term matched in (none for a chunk found through a link or its page). */
  chunks: { chunk: number; score: number; match?: Record<string, string[]> }[];
  raw: number;
  /** Score of the page as a whole (title, headings, lead), from the page engine. */
  pageRaw: number;
  /** Relevance passed on by the best-matching chunks that link to this page. */
  linked: number;
  concepts: Set<number>;
}

const chunkPageLists = new WeakMap<SearchIndex, Int32Array>();

/** The page of each chunk, as one typed array for the semantic scan. */
export function chunkPages(index: SearchIndex): Int32Array {
  let pages = chunkPageLists.get(index);
  if (!pages) {
    pages = Int32Array.from(index.chunks, (chunk) => chunk.page);
    chunkPageLists.set(index, pages);
  }
  return pages;
}

interface TermSequences {
  /** A number for each term of the index. */
  termIds: Map<string, number>;
  /** A chunk's section and text as the numbers of its terms, in order; analysed on first use, then kept (4 bytes a word). */
  of(chunk: number): Int32Array;
}

const termSequenceCaches = new WeakMap<SearchIndex, TermSequences>();

export function termSequences(index: SearchIndex): TermSequences {
  let sequences = termSequenceCaches.get(index);
  if (!sequences) {
    const termIds = new Map([...index.documentFrequency.keys()].map((term, id) => [term, id]));
    const cache: (Int32Array | undefined)[] = [];
    sequences = {
      termIds,
      of(chunk) {
        let sequence = cache[chunk];
        if (!sequence) {
          sequence = Int32Array.from(analyze(`${index.chunks[chunk]!.section}\n${textOf(index, chunk)}`), (term) => termIds.get(term) ?? -1);
          cache[chunk] = sequence;
        }
        return sequence;
      },
    };
    termSequenceCaches.set(index, sequences);
  }
  return sequences;
}

const firstChunks = new WeakMap<SearchIndex, Map<number, number>>();

export function firstChunk(index: SearchIndex, page: number): number {
  let map = firstChunks.get(index);
  if (!map) {
    map = new Map();
    for (const [number, chunk] of index.chunks.entries()) if (!map.has(chunk.page)) map.set(chunk.page, number);
    firstChunks.set(index, map);
  }
  return map.get(page)!;
}

export function selectTerms(index: SearchIndex, terms: QueryTerm[], commonShare: number): QueryTerm[] {
  const limit = index.chunks.length * commonShare;
  const selective = terms.filter((term) => (index.documentFrequency.get(term.term) ?? 0) <= limit);
  return selective.length > 0 ? selective : terms;
}

/**
 * The page's chunks in the order a visitor should read them: those whose own section and text hold
 * more of the question (its concepts, by idf) first, then by BM25. Every chunk of a page shares its
 * title and path, so "Can I use it offline?" would otherwise quote the page's "Remove a device"
 * passage (it says "use"; "offline" is only in the page title) over its "Working offline" sections.
 */
export function ownFirst(candidate: PageCandidate, byTerm: Map<string, QueryTerm>, conceptWeights: Map<number, number>): void {
  const weights = new Map(
    candidate.chunks.map((chunk) => {
      let weight = 0;
      for (const concept of ownConcepts(chunk, byTerm)) weight += conceptWeights.get(concept) ?? 0;
      return [chunk, weight];
    }),
  );
  // Array sort is stable: equal weights keep their BM25 order.
  candidate.chunks.sort((a, b) => weights.get(b)! - weights.get(a)!);
}

/** The question's concepts that a chunk matched in its own section or text (not in the title or path it shares with its page). */
export function ownConcepts(chunk: PageCandidate['chunks'][number], byTerm: Map<string, QueryTerm>): Set<number> {
  const own = new Set<number>();
  for (const [term, fields] of Object.entries(chunk.match ?? {})) {
    const concept = byTerm.get(term)?.concept;
    if (concept !== undefined && fields.some((field) => OWN_FIELDS.has(field))) own.add(concept);
  }
  return own;
}

/** The first `count` of the page's chunks (best BM25 first) whose own section and text hold two of the question's concepts or more; the chunks after them are not asked what they matched. */
export function ownPassages(candidate: PageCandidate, byTerm: Map<string, QueryTerm>, count: number): number[] {
  const passages: number[] = [];
  for (const chunk of candidate.chunks) {
    if (passages.length >= count) break;
    if (ownConcepts(chunk, byTerm).size >= 2) passages.push(chunk.chunk);
  }
  return passages;
}

/**
 * The first `count` items of `[...items].sort((a, b) => value(b) - value(a))` (stable: ties in the
 * order given), without sorting them all: proximity reads the best fifteen of ~2,000 candidate pages.
 */
export function bestOf<T>(items: readonly T[], count: number, value: (item: T) => number): T[] {
  const best: T[] = [];
  const values: number[] = [];
  for (const item of items) {
    const own = value(item);
    if (best.length >= count && !(own > values[count - 1]!)) continue;
    // After every item scoring as much or more, as the stable sort places it.
    let at = best.length;
    while (at > 0 && values[at - 1]! < own) at--;
    best.splice(at, 0, item);
    values.splice(at, 0, own);
    if (best.length > count) {
      best.pop();
      values.pop();
    }
  }
  return best;
}

/** Weight of each query concept: the idf of the user's own word, or of the commonest synonym standing in for it. */
export function conceptIdf(index: SearchIndex, terms: QueryTerm[]): Map<number, number> {
  const total = index.chunks.length;
  const own = new Map<number, number>();
  const standIn = new Map<number, number>();
  for (const term of terms) {
    const frequency = index.documentFrequency.get(term.term) ?? 0;
    const idf = Math.log(1 + (total - frequency + 0.5) / (frequency + 0.5));
    if (term.weight === 1) own.set(term.concept, Math.max(own.get(term.concept) ?? 0, idf));
    else standIn.set(term.concept, Math.min(standIn.get(term.concept) ?? Infinity, idf));
  }
  const weights = new Map(standIn);
  for (const [concept, idf] of own) weights.set(concept, idf);
  return weights;
}

/** A chunk's text, which the ranker had the index load (`texts.load`) before this step. */
export function textOf(index: SearchIndex, chunk: number): string {
  const text = index.texts.get(chunk);
  if (text === undefined) throw new Error(`The text of chunk ${index.chunks[chunk]?.id ?? chunk} was not loaded before it was read.`);
  return text;
}

export const round = (value: number) => Math.round(value * 1000) / 1000;
export const round4 = (value: number) => Math.round(value * 10000) / 10000;

/** A chunk as a hit: its page's title, url and product, plus the evidence behind its score. */
export function toHit(index: SearchIndex, chunkNumber: number, evidence: Omit<LocalSearchHit, keyof SearchHit> & { score: number; coverage: number }): LocalSearchHit {
  const chunk = index.chunks[chunkNumber]!;
  const page = index.pages[chunk.page]!;
  return {
    id: chunk.id,
    collection: index.collection,
    pageId: page.pageId,
    title: page.title,
    url: page.url,
    ...(chunk.section ? { section: chunk.section } : {}),
    ...(page.product ? { product: page.product } : {}),
    ...(page.updatedAt ? { updatedAt: page.updatedAt } : {}),
    text: textOf(index, chunkNumber),
    ...evidence,
  };
}

/**
 * Where each page stands in each ranking signal on its own: chunk word match, whole-page match,
 * latent semantics (-1 when the question had no say there). The confidence model reads how far
 * the signals agree on the best page.
 *
 * A page's place is where a stable sort by the signal, best first, would put it: the candidates
 * scoring higher, plus those scoring the same that come before it (a page scoring 0 has no place:
 * `candidates.length`). Counted for the pages asked about (the hits), not by sorting every candidate.
 */
export function signalRanksOf(candidates: PageCandidate[], closeness: ArrayLike<number> | undefined): { get(candidate: PageCandidate): number[] } {
  const signals: ((candidate: PageCandidate) => number)[] = [(candidate) => candidate.raw, (candidate) => candidate.pageRaw];
  if (closeness) signals.push((candidate) => closeness[candidate.page]! + 1);
  const placeIn = (value: (candidate: PageCandidate) => number, candidate: PageCandidate) => {
    const own = value(candidate);
    if (!(own > 0)) return candidates.length;
    let place = 0;
    let before = true;
    for (const other of candidates) {
      if (other === candidate) before = false;
      else {
        const score = value(other);
        if (score > own || (before && score === own)) place++;
      }
    }
    return place;
  };
  return { get: (candidate) => [...signals.map((value) => placeIn(value, candidate)), ...(closeness ? [] : [-1])] };
}
