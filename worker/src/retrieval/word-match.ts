/**
 * The ranker's word-match step: MiniSearch's OR search (BM25 per term and field, exact and
 * fuzzy terms, term, field and document boosts), computed over the compact postings with typed
 * arrays instead of a Map and three objects per matching document. Every score is the same
 * sum of the same products in the same order as MiniSearch 7.2's `search`, so scores are equal
 * to the last bit and the order (its stable sort by score over its insertion order) is the same;
 * what each document matched (`match`, `queryTerms`) is worked out only for the documents the
 * ranker asks about. word-match.test.ts and faq-rankings.integration.test.ts hold it to
 * MiniSearch's own results.
 *
 * An engine whose term index is MiniSearch's own (an index built in memory, not loaded), or a
 * query of more than 31 distinct terms, goes through MiniSearch's search itself.
 */
import type MiniSearch from 'minisearch';
import { binarySearch, CompactPostings } from './compact-postings';
import { orderByScore } from './score-order';

export interface WordMatchOptions {
  /** Field weights, by field name; a field not named weighs 1. */
  boost: Record<string, number>;
  boostTerm?: (term: string) => number;
  /** The edit distance allowed for a term, as a share of its length (MiniSearch's `fuzzy`), or false. */
  fuzzy?: (term: string) => number | false;
  boostDocument?: (id: number) => number;
}

/** The matching documents, best first, as MiniSearch's `search` would list them. */
export interface WordMatches {
  readonly length: number;
  id(at: number): number;
  score(at: number): number;
  /** The query terms the document matched (MiniSearch's `queryTerms`). */
  queryTerms(at: number): string[];
  /** The index terms it matched and in which fields (MiniSearch's `match`). */
  match(at: number): Record<string, string[]>;
}

const MAX_TERMS = 31;
/** The search options MiniSearch fills in with its defaults; an engine given any other falls back to MiniSearch's search. */
const DEFAULT_KEYS = new Set(['combineWith', 'prefix', 'fuzzy', 'maxFuzzy', 'boost', 'weights', 'bm25']);

interface EngineSearchOptions {
  combineWith: string;
  prefix: unknown;
  maxFuzzy: number;
  weights: { fuzzy: number };
  bm25: { k: number; b: number; d: number };
}

interface EngineInternals {
  _index: unknown;
  _options: { fields: string[]; searchOptions: EngineSearchOptions };
  _fieldIds: Record<string, number>;
  _documentIds: Map<number, number>;
  _fieldLength: Map<number, number[]>;
  _avgFieldLength: number[];
  _documentCount: number;
}

/** What a loaded engine's search reads besides the postings, in arrays by short id. */
interface EngineTables {
  postings: CompactPostings;
  fields: string[];
  fieldIds: number[];
  fieldCount: number;
  ids: Float64Array;
  /**
   * BM25's length normalisation of each document's field, `k × (1 - b + b × length / average length)`,
   * at `[shortId * fieldCount + fieldId]`: computed once with MiniSearch's operations, so the same number.
   */
  lengthNorms: Float64Array;
  documentCount: number;
  /** One past the largest short id. */
  size: number;
  bm25: { k: number; b: number; d: number };
  fuzzyWeight: number;
  maxFuzzy: number;
  /**
   * Per-document working arrays, kept between searches (a search is synchronous, and its result
   * copies what it keeps): allocating ~1.5 MB per search at 40,000 chunks cost more in garbage
   * collection than the scoring. `masks` is all zero between searches; `lastSpec` holds stamps
   * below `stamp`, so no document looks scored by a term of the next search.
   */
  work: { total: Float64Array; partial: Float64Array; masks: Uint32Array; lastSpec: Int32Array; touched: Int32Array; found: Int32Array; scores: Float64Array; stamp: number };
}

const tablesOf = new WeakMap<object, EngineTables | null>();

function engineTables(engine: MiniSearch<never>): EngineTables | null {
  let tables = tablesOf.get(engine);
  if (tables !== undefined) return tables;
  const internals = engine as unknown as EngineInternals;
  tables = null;
  const defaults = internals._options.searchOptions;
  if (internals._index instanceof CompactPostings && Object.keys(defaults).every((key) => DEFAULT_KEYS.has(key)) && defaults.combineWith.toLowerCase() === 'or' && !defaults.prefix) {
    const fieldCount = Object.keys(internals._fieldIds).length;
    const size = Math.max(-1, ...internals._documentIds.keys()) + 1;
    const ids = new Float64Array(size);
    const { k, b } = defaults.bm25;
    const averages = internals._avgFieldLength;
    const lengthNorms = new Float64Array(size * fieldCount);
    const norm = (length: number, field: number) => k * (1 - b + (b * length) / averages[field]!);
    for (const [shortId, id] of internals._documentIds) ids[shortId] = id;
    // A field without a recorded length counts as length 0.
    for (let at = 0; at < lengthNorms.length; at++) lengthNorms[at] = norm(0, at % fieldCount);
    for (const [shortId, lengths] of internals._fieldLength) lengths.forEach((length, field) => (lengthNorms[shortId * fieldCount + field] = norm(length, field)));
    const fields = internals._options.fields;
    const work = { total: new Float64Array(size), partial: new Float64Array(size), masks: new Uint32Array(size), lastSpec: new Int32Array(size), touched: new Int32Array(size), found: new Int32Array(size), scores: new Float64Array(size), stamp: 0 };
    tables = { postings: internals._index, fields, fieldIds: fields.map((field) => internals._fieldIds[field]!), fieldCount, ids, lengthNorms, documentCount: internals._documentCount, size, bm25: defaults.bm25, fuzzyWeight: defaults.weights.fuzzy, maxFuzzy: defaults.maxFuzzy, work };
  }
  tablesOf.set(engine, tables);
  return tables;
}

/** One query term and the index terms it stands for: itself, then its fuzzy neighbours. */
interface TermSpec {
  term: string;
  /** Which distinct query term it is (a bit of a document's mask). */
  distinct: number;
  termBoost: number;
  derived: { term: string; number: number; weight: number }[];
}

function termSpecs({ postings, fuzzyWeight, maxFuzzy }: EngineTables, terms: string[], options: WordMatchOptions): TermSpec[] {
  const distinct = new Map<string, number>();
  return terms.map((term) => {
    if (!distinct.has(term)) distinct.set(term, distinct.size);
    const derived: TermSpec['derived'] = [];
    const exact = postings.numberOf(term);
    if (exact !== undefined) derived.push({ term, number: exact, weight: 1 });
    const fuzzy = options.fuzzy?.(term);
    if (fuzzy) {
      const maxDistance = fuzzy < 1 ? Math.min(maxFuzzy, Math.round(term.length * fuzzy)) : fuzzy;
      if (maxDistance) {
        for (const [found, number, distance] of postings.fuzzyNumbers(term, maxDistance)) {
          if (distance) derived.push({ term: found, number, weight: (fuzzyWeight * found.length) / (found.length + distance) });
        }
      }
    }
    return { term, distinct: distinct.get(term)!, termBoost: options.boostTerm ? options.boostTerm(term) : 1, derived };
  });
}

/**
 * The documents matching any of `terms`, scored and ordered exactly as `engine.search(terms.join(' '), options)`
 * with `combineWith: 'OR'`, `prefix: false` and the engine's own tokenizer bypassed.
 *
 * @example
 * const matches = matchWords(index.engine, ['install', 'proxy'], { boost: { title: 3, text: 1 } });
 * for (let at = 0; at < matches.length; at++) console.log(matches.id(at), matches.score(at));
 */
export function matchWords(engine: MiniSearch<never>, terms: string[], options: WordMatchOptions): WordMatches {
  const words = terms.filter((term) => term !== '');
  const tables = engineTables(engine);
  if (!tables || new Set(words).size > MAX_TERMS) return fromResults(engine, words, options);
  const { postings, fields, fieldIds, fieldCount, ids, lengthNorms, documentCount, size } = tables;
  const { documents, frequencies } = postings;
  const specs = termSpecs(tables, words, options);
  const { k, d } = tables.bm25;
  const boosts = fields.map((field) => (Object.hasOwn(options.boost, field) ? options.boost[field] : undefined) || 1);
  const { work } = tables;
  const { total, partial, masks, lastSpec, touched, found, scores } = work;
  if (work.stamp > 2 ** 30) {
    lastSpec.fill(0);
    work.stamp = 0;
  }
  let foundCount = 0;
  const boostDocument = options.boostDocument;
  // What the result reads later, by position, copied out of the working arrays.
  let order: Int32Array = new Int32Array(0);
  let orderScores = new Float64Array(0);
  let orderMasks = new Uint32Array(0);
  try {
    specs.forEach((spec) => {
      let touchedCount = 0;
      const stamp = ++work.stamp;
      for (const derived of spec.derived) {
        for (let field = 0; field < fields.length; field++) {
          const fieldId = fieldIds[field]!;
          const [start, end] = postings.range(derived.number, fieldId);
          const matching = end - start;
          const invDocFreq = Math.log(1 + (documentCount - matching + 0.5) / (matching + 0.5));
          const weight = derived.weight * spec.termBoost * boosts[field]!;
          for (let at = start; at < end; at++) {
            const document = documents[at]!;
            const docBoost = boostDocument ? boostDocument(ids[document]!) : 1;
            if (!docBoost) continue;
            const termFreq = frequencies[at]!;
            // MiniSearch's calcBM25Score and weighting, operation for operation (the length norm computed beforehand).
            const rawScore = invDocFreq * (d + (termFreq * (k + 1)) / (termFreq + lengthNorms[document * fieldCount + fieldId]!));
            const weightedScore = weight * docBoost * rawScore;
            if (lastSpec[document] === stamp) partial[document]! += weightedScore;
            else {
              lastSpec[document] = stamp;
              partial[document] = weightedScore;
              touched[touchedCount++] = document;
            }
          }
        }
      }
      const bit = 1 << spec.distinct;
      for (let at = 0; at < touchedCount; at++) {
        const document = touched[at]!;
        if (masks[document] === 0) {
          found[foundCount++] = document;
          total[document] = partial[document]!;
        } else total[document]! += partial[document]!;
        masks[document]! |= bit;
      }
    });
    for (let at = 0; at < foundCount; at++) scores[found[at]!] = total[found[at]!]! * popCount(masks[found[at]!]!);
    // Equal scores keep MiniSearch's insertion order, as its own (stable) sort does.
    order = orderByScore(found.subarray(0, foundCount), scores);
    orderScores = new Float64Array(foundCount);
    orderMasks = new Uint32Array(foundCount);
    for (let at = 0; at < foundCount; at++) {
      orderScores[at] = scores[order[at]!]!;
      orderMasks[at] = masks[order[at]!]!;
    }
  } finally {
    // Zeroed for the next search, even when a document boost threw halfway.
    for (let at = 0; at < foundCount; at++) masks[found[at]!] = 0;
  }
  const distinctTerms = [...new Set(words)];
  return {
    length: order.length,
    id: (at) => ids[order[at]!]!,
    score: (at) => orderScores[at]!,
    queryTerms: (at) => distinctTerms.filter((_term, distinct) => orderMasks[at]! & (1 << distinct)),
    match: (at) => matchOf(tables, specs, order[at]!, orderMasks[at]!, options),
  };
}

/** Which index terms a document matched in which fields, merged over the query terms as MiniSearch's OR does (`Object.assign`). */
function matchOf(tables: EngineTables, specs: TermSpec[], document: number, mask: number, options: WordMatchOptions): Record<string, string[]> {
  const { postings, fields, fieldIds, ids } = tables;
  const match: Record<string, string[]> = {};
  if (options.boostDocument && !options.boostDocument(ids[document]!)) return match;
  for (const spec of specs) {
    if (!(mask & (1 << spec.distinct))) continue;
    const own: Record<string, string[]> = {};
    for (const derived of spec.derived) {
      for (let field = 0; field < fields.length; field++) {
        const [start, end] = postings.range(derived.number, fieldIds[field]!);
        if (end > start && binarySearch(postings.documents, document, start, end - 1) >= 0) (own[derived.term] ??= []).push(fields[field]!);
      }
    }
    Object.assign(match, own);
  }
  return match;
}

function popCount(mask: number): number {
  let count = 0;
  for (let rest = mask; rest !== 0; rest &= rest - 1) count++;
  return count;
}

/** MiniSearch's own search, behind the same interface. */
export function fromResults(engine: MiniSearch<never>, terms: string[], options: WordMatchOptions): WordMatches {
  const results = engine.search(terms.join(' '), {
    tokenize: (text: string) => text.split(' '),
    processTerm: (term: string) => term,
    prefix: false,
    boost: options.boost,
    ...(options.boostTerm ? { boostTerm: options.boostTerm } : {}),
    ...(options.fuzzy ? { fuzzy: options.fuzzy } : {}),
    ...(options.boostDocument ? { boostDocument: options.boostDocument } : {}),
  });
  return {
    length: results.length,
    id: (at) => results[at]!.id as number,
    score: (at) => results[at]!.score,
    queryTerms: (at) => results[at]!.queryTerms,
    match: (at) => results[at]!.match,
  };
}
