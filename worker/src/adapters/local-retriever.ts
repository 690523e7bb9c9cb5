/**
 * Retriever over the embedded MiniSearch index: no network, no vendor, fast
 * enough to run on every question inside the worker.
 */
import type { Collection, Retriever, SearchHit, SearchQuery } from '../ports';
import { termProximity } from '../retrieval/proximity';
import { fuseRanks, propagate } from '../retrieval/rank-fusion';
import type { SearchIndex } from '../retrieval/search-index';
import { pageSimilarities, queryVector } from '../retrieval/semantic-index';
import { analyze, analyzeQuery, type QueryTerm } from '../retrieval/text-analysis';

/** A hit plus the evidence behind its score, for the answering service's confidence. */
export interface LocalSearchHit extends SearchHit {
  /** Share (0..1) of the question's informative words, weighted by rarity, found in this page's best chunks. */
  coverage: number;
  /** How many of the question's distinct words (or their synonyms) the page matched, and out of how many. */
  matchedTerms: number;
  queryTerms: number;
  /** Fused BM25 score before normalisation; comparable only within one query. */
  rawScore: number;
}

export interface LocalRetrieverOptions {
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
}

const DEFAULT_BOOSTS = { title: 3, section: 2, path: 1.5, text: 1 };
/** The chunk fields that are the chunk's own; title and path are the same for every chunk of a page. */
const OWN_FIELDS = new Set(['section', 'text']);
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

interface PageCandidate {
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
 * const retriever = new LocalRetriever({ docs: loadIndex(await (await env.ASSETS.fetch(url)).json()) });
 * const hits = await retriever.search({ text: 'How do I install it?', collection: 'docs', topK: 5, product: 'app' });
 */
export class LocalRetriever implements Retriever {
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

  constructor(options: LocalRetrieverOptions) {
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
  }

  async search(query: SearchQuery): Promise<LocalSearchHit[]> {
    const steps = this.#steps(query);
    for (let step = steps.next(); ; step = steps.next()) {
      if (step.done) return step.value;
      await pause();
      query.signal?.throwIfAborted();
    }
  }

  /** The same as `search` in one go, without handing the thread back between steps. */
  searchSync(query: SearchQuery): LocalSearchHit[] {
    const steps = this.#steps(query);
    for (let step = steps.next(); ; step = steps.next()) if (step.done) return step.value;
  }

  /** The search, yielding between its heavier steps (each a few milliseconds on a large index). */
  *#steps(query: SearchQuery): Generator<void, LocalSearchHit[]> {
    query.signal?.throwIfAborted();
    const index = this.#indexes[query.collection];
    if (!index || query.topK <= 0) return [];
    const terms = selectTerms(index, analyzeQuery(query.text), this.#commonShare);
    if (terms.length === 0) return [];
    const byTerm = new Map(terms.map((term) => [term.term, term]));
    const candidates = yield* this.#rankPages(index, terms, byTerm, query.product);
    yield;
    return yield* this.#toHits(index, candidates, terms, byTerm, query);
  }

  *#rankPages(index: SearchIndex, terms: QueryTerm[], byTerm: Map<string, QueryTerm>, product: string | undefined): Generator<void, PageCandidate[]> {
    const boostProduct = product !== undefined && this.#productBoost !== 1;
    const options = {
      tokenize: (text: string) => text.split(' '),
      processTerm: (term: string) => term,
      boost: this.#boosts,
      boostTerm: (term: string) => byTerm.get(term)?.weight ?? 1,
      // Only words the index has never seen are looked up fuzzily: they are likely typos.
      fuzzy: (term: string) => (term.length >= 5 && !index.documentFrequency.has(term) ? 0.2 : false),
      prefix: false,
    };
    const results = index.engine.search(terms.map((term) => term.term).join(' '), {
      ...options,
      boostDocument: boostProduct
        ? (id: number) => (index.pages[index.chunks[id]!.page]!.product === product ? this.#productBoost : 1)
        : undefined,
    });
    const pages = new Map<number, PageCandidate>();
    const candidateOf = (page: number) => {
      let candidate = pages.get(page);
      if (!candidate) {
        candidate = { page, chunks: [], raw: 0, pageRaw: 0, linked: 0, concepts: new Set() };
        pages.set(page, candidate);
      }
      return candidate;
    };
    const addConcepts = (candidate: PageCandidate, queryTerms: string[]) => {
      for (const term of queryTerms) {
        const concept = byTerm.get(term)?.concept;
        if (concept !== undefined) candidate.concepts.add(concept);
      }
    };
    for (const result of results) {
      const chunk = result.id as number;
      const candidate = candidateOf(index.chunks[chunk]!.page);
      const rank = candidate.chunks.length;
      candidate.chunks.push({ chunk, score: result.score, match: result.match });
      if (rank < this.#chunkWeights.length) {
        candidate.raw += result.score * this.#chunkWeights[rank]!;
        addConcepts(candidate, result.queryTerms);
      }
    }
    if (this.#linkWeight > 0) {
      const sources = results.slice(0, this.#linkSources).map((result) => ({ score: result.score, links: index.chunks[result.id as number]!.links }));
      for (const [page, share] of propagate(sources, LINK_DAMPING)) {
        let candidate = pages.get(page);
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
      const pageResults = index.pageEngine.search(terms.map((term) => term.term).join(' '), { ...options, boost: this.#pageBoosts, boostDocument: boostProduct ? (id: number) => (index.pages[id]!.product === product ? this.#productBoost : 1) : undefined });
      for (const result of pageResults) {
        let candidate = pages.get(result.id as number);
        if (!candidate) {
          // Found only through its outline or what other pages call it: the hit carries its first chunk.
          candidate = candidateOf(result.id as number);
          candidate.chunks.push({ chunk: firstChunk(index, result.id as number), score: 0 });
        }
        candidate.pageRaw = result.score;
        addConcepts(candidate, result.queryTerms);
      }
    }
    return [...pages.values()].sort((a, b) => b.raw - a.raw);
  }

  *#toHits(index: SearchIndex, candidates: PageCandidate[], terms: QueryTerm[], byTerm: Map<string, QueryTerm>, query: SearchQuery): Generator<void, LocalSearchHit[]> {
    const conceptWeights = conceptIdf(index, terms);
    const totalWeight = [...conceptWeights.values()].reduce((sum, weight) => sum + weight, 0) || 1;
    const hits: LocalSearchHit[] = [];
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
    this.#addProximity(index, evidence, byTerm, conceptWeights, totalWeight);
    // Proximity reads passages (analysed on first use): other visitors' requests get a turn before the fusion.
    yield;
    this.#fuse(index, evidence, terms, query.product);
    // One hit per page first; extra chunks of the best pages only when there are too few pages.
    for (let pass = 0; hits.length < query.topK && pass < 3; pass++) {
      for (const { candidate, coverage, matched, score } of evidence) {
        if (hits.length >= query.topK) break;
        if (pass === 0) ownFirst(candidate, byTerm, conceptWeights);
        const chunk = candidate.chunks[pass];
        if (!chunk || score < (query.minScore ?? 0)) continue;
        hits.push(this.#hit(index, chunk.chunk, { coverage: round4(coverage), matchedTerms: matched, queryTerms: conceptWeights.size, rawScore: candidate.raw, score }));
      }
      if (evidence.length >= query.topK) break;
    }
    return hits;
  }

  /**
   * Adds to the word-match rank (normalised to a best of 1) how close together the question's
   * words stand in the page's closest passage: `proximityWeight × termProximity / total concept weight`.
   * Only the best `PROXIMITY_PAGES` pages are re-ranked, by their `PROXIMITY_CHUNKS` best passages
   * (by BM25) among those whose own section and text hold two concepts or more: no other can have a close pair.
   */
  #addProximity(index: SearchIndex, evidence: { candidate: PageCandidate; rank: number }[], byTerm: Map<string, QueryTerm>, conceptWeights: Map<number, number>, totalWeight: number): void {
    if (this.#proximityWeight <= 0 || conceptWeights.size < 2) return;
    const maxRank = Math.max(1e-9, ...evidence.map((item) => item.rank));
    const best = new Set([...evidence].sort((a, b) => b.rank - a.rank).slice(0, PROXIMITY_PAGES));
    const sequences = termSequences(index);
    const conceptOfTerm = new Map<number, number>();
    for (const term of byTerm.values()) {
      const id = sequences.termIds.get(term.term);
      if (id !== undefined) conceptOfTerm.set(id, term.concept);
    }
    const conceptOf = (id: number) => conceptOfTerm.get(id);
    for (const item of evidence) {
      let closeness = 0;
      if (best.has(item)) {
        let read = 0;
        for (const chunk of item.candidate.chunks) {
          if (read >= PROXIMITY_CHUNKS) break;
          if (ownConcepts(chunk, byTerm).size < 2) continue;
          read++;
          closeness = Math.max(closeness, termProximity(sequences.of(chunk.chunk), conceptOf, conceptWeights, PROXIMITY_WINDOW));
        }
      }
      item.rank = item.rank / maxRank + (this.#proximityWeight * closeness) / totalWeight;
    }
  }

  /**
   * The final order: the word-match rank plus what linking passages pass on, then
   * fused by rank with the pages' latent semantic closeness to the question.
   */
  #fuse(index: SearchIndex, evidence: { candidate: PageCandidate; rank: number }[], terms: QueryTerm[], product: string | undefined): void {
    if (this.#linkWeight > 0) {
      const maxRank = Math.max(1e-9, ...evidence.map((item) => item.rank));
      const maxLinked = Math.max(1e-9, ...evidence.map((item) => item.candidate.linked));
      for (const item of evidence) item.rank = item.rank / maxRank + (this.#linkWeight * item.candidate.linked) / maxLinked;
    }
    evidence.sort((a, b) => b.rank - a.rank);
    const semantic = index.semantic;
    if (!semantic || this.#semanticWeight <= 0) return;
    const query = queryVector(semantic, terms.map((term) => term.term), terms.map((term) => term.weight));
    // No word of the question is in the latent space: it has nothing to say, so the word-match order stands.
    if (query.every((value) => value === 0)) return;
    const closeness = pageSimilarities(semantic, query, chunkPages(index), index.pages.length);
    if (product !== undefined) index.pages.forEach((page, number) => (closeness[number]! += page.product === product ? SEMANTIC_PRODUCT_BONUS : 0));
    const fused = fuseRanks(evidence.map((item) => item.candidate.page), closeness, { k: FUSION_K, weight: this.#semanticWeight });
    evidence.forEach((item, position) => (item.rank = fused[position]!));
    evidence.sort((a, b) => b.rank - a.rank);
  }

  #hit(index: SearchIndex, chunkNumber: number, evidence: Omit<LocalSearchHit, keyof SearchHit> & { score: number; coverage: number }): LocalSearchHit {
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
      text: chunk.text,
      ...evidence,
    };
  }
}

/** Hands the thread back for one turn of the event loop, so other requests' work (a stream's first event) goes first. */
const pause = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

const chunkPageLists = new WeakMap<SearchIndex, Int32Array>();

/** The page of each chunk, as one typed array for the semantic scan. */
function chunkPages(index: SearchIndex): Int32Array {
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

function termSequences(index: SearchIndex): TermSequences {
  let sequences = termSequenceCaches.get(index);
  if (!sequences) {
    const termIds = new Map([...index.documentFrequency.keys()].map((term, id) => [term, id]));
    const cache: (Int32Array | undefined)[] = [];
    sequences = {
      termIds,
      of(chunk) {
        let sequence = cache[chunk];
        if (!sequence) {
          const record = index.chunks[chunk]!;
          sequence = Int32Array.from(analyze(`${record.section}\n${record.text}`), (term) => termIds.get(term) ?? -1);
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

function firstChunk(index: SearchIndex, page: number): number {
  let map = firstChunks.get(index);
  if (!map) {
    map = new Map();
    for (const [number, chunk] of index.chunks.entries()) if (!map.has(chunk.page)) map.set(chunk.page, number);
    firstChunks.set(index, map);
  }
  return map.get(page)!;
}

function selectTerms(index: SearchIndex, terms: QueryTerm[], commonShare: number): QueryTerm[] {
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
function ownFirst(candidate: PageCandidate, byTerm: Map<string, QueryTerm>, conceptWeights: Map<number, number>): void {
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
function ownConcepts(chunk: PageCandidate['chunks'][number], byTerm: Map<string, QueryTerm>): Set<number> {
  const own = new Set<number>();
  for (const [term, fields] of Object.entries(chunk.match ?? {})) {
    const concept = byTerm.get(term)?.concept;
    if (concept !== undefined && fields.some((field) => OWN_FIELDS.has(field))) own.add(concept);
  }
  return own;
}

/** Weight of each query concept: the idf of the user's own word, or of the commonest synonym standing in for it. */
function conceptIdf(index: SearchIndex, terms: QueryTerm[]): Map<number, number> {
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

const round = (value: number) => Math.round(value * 1000) / 1000;
const round4 = (value: number) => Math.round(value * 10000) / 10000;
