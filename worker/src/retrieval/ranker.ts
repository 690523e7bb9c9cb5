/**
 * The ranking engine over the embedded MiniSearch index: word match (chunks and whole pages),
 * coverage of the question's concepts, term proximity, links and latent semantics, fused.
 * No network, no vendor; the local retriever adapter drives it step by step.
 */
import type { Collection, SearchQuery } from '../ports';
import { bestOf, chunkPages, conceptIdf, firstChunk, type LocalSearchHit, ownFirst, ownPassages, type PageCandidate, round, round4, selectTerms, signalRanksOf, termSequences, toHit } from './page-evidence';

export type { LocalSearchHit } from './page-evidence';
export type { RankerOptions } from './ranker-options';
import { termProximity } from './proximity';
import { fuseRanks, propagate } from './rank-fusion';
import type { SearchIndex } from './search-index';
import { pageSimilarities, queryVector } from './semantic-index';
import { correctSpelling } from './spelling';
import { inEnglish } from '../domain/support-vocabulary';
import { analyzeQuery, type QueryTerm } from '../domain/text-analysis';
import { MatchedPage } from './matched-page';
import { matchWords } from './word-match';
import type { RankerOptions } from './ranker-options';
import type MiniSearch from 'minisearch';

const DEFAULT_BOOSTS = { title: 3, section: 2, path: 1.5, text: 1 };
const PAGE_BOOSTS = { title: 3, headings: 1.5, path: 1.5, lead: 1, anchors: 1, anchorContext: 1 };
const DEFAULT_CHUNK_WEIGHTS = [1, 0.3, 0.1];
/** BM25 per matched term at which the strength of evidence reaches 1 - 1/e. */
const STRENGTH_SCALE = 6;
/** A chunk with n links passes each linked page 1/n^LINK_DAMPING of its relevance. */
const LINK_DAMPING = 0.5;
/** Reciprocal rank fusion's k: how flat the fused curve is over the first ranks. */
const FUSION_K = 20;
/** Cosine added to pages of the asked-about product in the semantic ranking, the counterpart of productBoost. */
const SEMANTIC_PRODUCT_BONUS = 0.05;
/** Words further apart than this (stop words not counted) are not close. */
const PROXIMITY_WINDOW = 5;
/** How many of the best word-match pages are re-ranked by proximity, reading how many of their best passages each. */
const PROXIMITY_PAGES = 15;
const PROXIMITY_CHUNKS = 5;

/**
 * Searches the local docs index (and the tickets index, when one is given).
 *
 * The returned `score` is normalised to 0..1 and means the same across queries:
 * `coverage × strength`, where coverage is the idf-weighted share of the
 * question's concepts found in the page, and strength is `1 - exp(-x / 6)` of
 * the page's fused BM25 per matched concept (which undoes MiniSearch's
 * per-term sum and its matched-terms multiplier), so a long question does not
 * look stronger than a short one.
 *
 * @example
 * const ranker = new Ranker({ docs: loadIndex(json) });
 * const steps = ranker.steps({ text: 'How do I install it?', collection: 'docs', topK: 5, product: 'app' });
 * let step = steps.next(); while (!step.done) step = steps.next(); // step.value: the hits
 */
export class Ranker {
  readonly #indexes: Partial<Record<Collection, SearchIndex>>;
  readonly #boosts: Record<string, number>;
  readonly #pageBoosts: Record<string, number>;
  readonly #productBoost: number;
  readonly #chunkWeights: number[];
  readonly #coverageExponent: number;
  readonly #pageWeight: number;
  readonly #commonShare: number;
  readonly #linkWeight: number;
  readonly #linkSources: number;
  readonly #semanticWeight: number;
  readonly #proximityWeight: number;
  readonly #wordMatch: typeof matchWords;

  constructor(options: RankerOptions) {
    this.#indexes = { docs: options.docs, tickets: options.tickets };
    this.#boosts = { ...DEFAULT_BOOSTS, ...options.fieldBoosts };
    this.#pageBoosts = { ...PAGE_BOOSTS, ...options.pageFieldBoosts };
    this.#productBoost = options.productBoost ?? 1.3;
    this.#chunkWeights = options.chunkWeights ?? DEFAULT_CHUNK_WEIGHTS;
    this.#coverageExponent = options.coverageExponent ?? 1;
    this.#pageWeight = options.pageWeight ?? 0.7;
    this.#commonShare = options.commonShare ?? 0.3;
    this.#linkWeight = options.linkWeight ?? 0.2;
    this.#linkSources = options.linkSources ?? 20;
    this.#semanticWeight = options.semanticWeight ?? 0.3;
    this.#proximityWeight = options.proximityWeight ?? 0.5;
    this.#wordMatch = options.wordMatch ?? matchWords;
  }

  /**
   * The search, yielding between its heavier steps (each a few milliseconds on a large index).
   * A step that yields a promise needs chunk texts the index is reading (chunk-texts.ts): resume once it settles.
   */
  *steps(query: SearchQuery): Generator<Promise<void> | undefined, LocalSearchHit[]> {
    query.signal?.throwIfAborted();
    const index = this.#indexes[query.collection];
    if (!index || query.topK <= 0) return [];
    const readAs = correctSpelling(index, inEnglish(query.text));
    const terms = selectTerms(index, analyzeQuery(readAs), this.#commonShare);
    if (terms.length === 0) return [];
    const byTerm = new Map(terms.map((term) => [term.term, term]));
    const candidates = yield* this.#rankPages(index, terms, byTerm, query.product);
    yield;
    const hits = yield* this.#toHits(index, candidates, terms, byTerm, query);
    if (readAs !== query.text) for (const hit of hits) hit.readAs = readAs;
    return hits;
  }

  *#rankPages(index: SearchIndex, terms: QueryTerm[], byTerm: Map<string, QueryTerm>, product: string | undefined): Generator<undefined, PageCandidate[]> {
    const boostProduct = product !== undefined && this.#productBoost !== 1;
    const options = {
      boost: this.#boosts,
      boostTerm: (term: string) => byTerm.get(term)?.weight ?? 1,
      // Only words the index has never seen are looked up fuzzily: they are likely typos.
      fuzzy: (term: string) => (term.length >= 5 && !index.documentFrequency.has(term) ? 0.2 : false),
    };
    const words = terms.map((term) => term.term);
    const pageOfChunk = chunkPages(index);
    const pageBoosts = boostProduct ? Float64Array.from(index.pages, (page) => (page.product === product ? this.#productBoost : 1)) : undefined;
    const results = this.#wordMatch(index.engine as MiniSearch<never>, words, {
      ...options,
      boostDocument: pageBoosts ? (id: number) => pageBoosts[pageOfChunk[id]!]! : undefined,
    });
    // By page number, and in the order first found (the order ties keep in the sort below).
    const pages: (MatchedPage | undefined)[] = new Array(index.pages.length);
    const found: MatchedPage[] = [];
    // Each page's matching chunks as a list through the results (best first), made into objects only for the pages the ranker reads.
    const nextOfPage = new Int32Array(results.length);
    const lastOfPage = new Int32Array(index.pages.length);
    const candidateOf = (page: number) => {
      let candidate = pages[page];
      if (!candidate) {
        candidate = new MatchedPage(page, results, nextOfPage);
        pages[page] = candidate;
        found.push(candidate);
      }
      return candidate;
    };
    const addConcepts = (candidate: PageCandidate, queryTerms: string[]) => {
      for (const term of queryTerms) {
        const concept = byTerm.get(term)?.concept;
        if (concept !== undefined) candidate.concepts.add(concept);
      }
    };
    for (let at = 0; at < results.length; at++) {
      const page = pageOfChunk[results.id(at)]!;
      const candidate = candidateOf(page);
      const rank = candidate.matched++;
      nextOfPage[at] = -1;
      if (rank === 0) candidate.first = at;
      else nextOfPage[lastOfPage[page]!] = at;
      lastOfPage[page] = at;
      if (rank < this.#chunkWeights.length) {
        candidate.raw += results.score(at) * this.#chunkWeights[rank]!;
        addConcepts(candidate, results.queryTerms(at));
      }
    }
    if (this.#linkWeight > 0) {
      const sources = Array.from({ length: Math.min(this.#linkSources, results.length) }, (_, at) => ({ score: results.score(at), links: index.chunks[results.id(at)]!.links }));
      for (const [page, share] of propagate(sources, LINK_DAMPING)) {
        let candidate = pages[page];
        if (!candidate) {
          // Found only through a link from a matching passage: the hit carries its first chunk.
          candidate = candidateOf(page);
          candidate.chunks.push({ chunk: firstChunk(index, page), score: 0 });
        }
        candidate.linked = share;
      }
    }
    if (this.#pageWeight > 0) {
      yield;
      const pageResults = this.#wordMatch(index.pageEngine as MiniSearch<never>, words, { ...options, boost: this.#pageBoosts, boostDocument: pageBoosts ? (id: number) => pageBoosts[id]! : undefined });
      for (let at = 0; at < pageResults.length; at++) {
        const page = pageResults.id(at);
        let candidate = pages[page];
        if (!candidate) {
          // Found only through its outline or what other pages call it: the hit carries its first chunk.
          candidate = candidateOf(page);
          candidate.chunks.push({ chunk: firstChunk(index, page), score: 0 });
        }
        candidate.pageRaw = pageResults.score(at);
        addConcepts(candidate, pageResults.queryTerms(at));
      }
    }
    return found.sort((a, b) => b.raw - a.raw);
  }

  *#toHits(index: SearchIndex, candidates: PageCandidate[], terms: QueryTerm[], byTerm: Map<string, QueryTerm>, query: SearchQuery): Generator<Promise<void> | undefined, LocalSearchHit[]> {
    const conceptWeights = conceptIdf(index, terms);
    const totalWeight = [...conceptWeights.values()].reduce((sum, weight) => sum + weight, 0) || 1;
    const chosen: { chunk: number; evidence: Parameters<typeof toHit>[2] }[] = [];
    const maxRaw = Math.max(1e-9, ...candidates.map((candidate) => candidate.raw));
    const maxPageRaw = Math.max(1e-9, ...candidates.map((candidate) => candidate.pageRaw));
    const evidence = candidates.map((candidate) => {
      let covered = 0;
      for (const concept of candidate.concepts) covered += conceptWeights.get(concept) ?? 0;
      const coverage = covered / totalWeight;
      const matched = candidate.concepts.size;
      const strength = 1 - Math.exp(-candidate.raw / Math.max(1, matched * matched) / STRENGTH_SCALE);
      return { candidate, coverage, matched, score: round(coverage * strength), rank: (candidate.raw / maxRaw + (this.#pageWeight * candidate.pageRaw) / maxPageRaw) * coverage ** this.#coverageExponent };
    });
    yield;
    yield* this.#addProximity(index, evidence, byTerm, conceptWeights, totalWeight);
    // Proximity reads passages (analysed on first use): other visitors' requests get a turn before the fusion.
    yield;
    const closeness = this.#fuse(index, evidence, terms, query.product);
    const signalRanks = signalRanksOf(evidence.map((item) => item.candidate), closeness);
    // One hit per page first; extra chunks of the best pages only when there are too few pages.
    for (let pass = 0; chosen.length < query.topK && pass < 3; pass++) {
      for (const { candidate, coverage, matched, score } of evidence) {
        if (chosen.length >= query.topK) break;
        if (pass === 0) ownFirst(candidate, byTerm, conceptWeights);
        const chunk = candidate.chunks[pass];
        if (!chunk || score < (query.minScore ?? 0)) continue;
        chosen.push({ chunk: chunk.chunk, evidence: { coverage: round4(coverage), matchedTerms: matched, queryTerms: conceptWeights.size, rawScore: candidate.raw, score, signalRanks: signalRanks.get(candidate)! } });
      }
      if (evidence.length >= query.topK) break;
    }
    const reading = index.texts.load(chosen.map((hit) => hit.chunk));
    if (reading) yield reading;
    return chosen.map((hit) => toHit(index, hit.chunk, hit.evidence));
  }

  /**
   * Adds to the word-match rank (normalised to a best of 1) how close together the question's
   * words stand in the page's closest passage: `proximityWeight × termProximity / total concept weight`.
   * Only the best `PROXIMITY_PAGES` pages are re-ranked, by their `PROXIMITY_CHUNKS` best passages
   * (by BM25) among those whose own section and text hold two concepts or more: no other can have a close pair.
   */
  *#addProximity(index: SearchIndex, evidence: { candidate: PageCandidate; rank: number }[], byTerm: Map<string, QueryTerm>, conceptWeights: Map<number, number>, totalWeight: number): Generator<Promise<void> | undefined, void> {
    if (this.#proximityWeight <= 0 || conceptWeights.size < 2) return;
    const maxRank = Math.max(1e-9, ...evidence.map((item) => item.rank));
    const passages = new Map<{ candidate: PageCandidate; rank: number }, number[]>();
    for (const item of bestOf(evidence, PROXIMITY_PAGES, (item) => item.rank)) {
      passages.set(item, ownPassages(item.candidate, byTerm, PROXIMITY_CHUNKS));
    }
    const reading = index.texts.load([...passages.values()].flat());
    if (reading) yield reading;
    const sequences = termSequences(index);
    const conceptOfTerm = new Map<number, number>();
    for (const term of byTerm.values()) {
      const id = sequences.termIds.get(term.term);
      if (id !== undefined) conceptOfTerm.set(id, term.concept);
    }
    const conceptOf = (id: number) => conceptOfTerm.get(id);
    for (const item of evidence) {
      let closeness = 0;
      for (const chunk of passages.get(item) ?? []) closeness = Math.max(closeness, termProximity(sequences.of(chunk), conceptOf, conceptWeights, PROXIMITY_WINDOW));
      item.rank = item.rank / maxRank + (this.#proximityWeight * closeness) / totalWeight;
    }
  }

  /**
   * The final order: the word-match rank plus what linking passages pass on, then
   * fused by rank with the pages' latent semantic closeness to the question.
   */
  #fuse(index: SearchIndex, evidence: { candidate: PageCandidate; rank: number }[], terms: QueryTerm[], product: string | undefined): Float32Array | Float64Array | undefined {
    if (this.#linkWeight > 0) {
      const maxRank = Math.max(1e-9, ...evidence.map((item) => item.rank));
      const maxLinked = Math.max(1e-9, ...evidence.map((item) => item.candidate.linked));
      for (const item of evidence) item.rank = item.rank / maxRank + (this.#linkWeight * item.candidate.linked) / maxLinked;
    }
    evidence.sort((a, b) => b.rank - a.rank);
    const semantic = index.semantic;
    if (!semantic || this.#semanticWeight <= 0) return undefined;
    const query = queryVector(semantic, terms.map((term) => term.term), terms.map((term) => term.weight));
    // No word of the question is in the latent space: it has nothing to say, so the word-match order stands.
    if (query.every((value) => value === 0)) return undefined;
    const closeness = pageSimilarities(semantic, query, chunkPages(index), index.pages.length);
    if (product !== undefined) index.pages.forEach((page, number) => (closeness[number]! += page.product === product ? SEMANTIC_PRODUCT_BONUS : 0));
    const fused = fuseRanks(evidence.map((item) => item.candidate.page), closeness, { k: FUSION_K, weight: this.#semanticWeight });
    evidence.forEach((item, position) => (item.rank = fused[position]!));
    evidence.sort((a, b) => b.rank - a.rank);
    return closeness;
  }
}
