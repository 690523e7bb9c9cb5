/**
 * Resolved cases for the embedded (local-index) setup. The static indexes are
 * read-only build assets, so tickets resolved in the inbox live in the store;
 * this decorator searches them with the same MiniSearch index code as the
 * static tickets index and merges both by score. Docs searches pass through.
 *
 * Scores are only meaningful against a corpus: a lone ticket makes every word
 * look common (idf ≈ 0) and scores near zero. So the tickets are indexed with
 * a background corpus, a bounded sample of the docs index's chunks (runs of
 * consecutive chunks spread over the index, so only their text blocks are
 * read), and only ticket pages are returned. The engine is rebuilt whenever
 * the tickets change, so it stays small beside the docs index of a large site.
 *
 * With Upstash Vector the resolved tickets are upserted into its `tickets`
 * namespace instead (upstash-vector-ticket-index.ts) and this is not used.
 */
import type { ResolvedTicket, Retriever, SearchHit, SearchQuery, TicketIndex } from '../ports';
import { buildIndex, type SearchIndex } from '../retrieval/search-index';
import type { Chunk } from '../retrieval/markdown-chunker';
import { LocalRetriever } from './local-retriever';
import type { SupportStore } from '../ports/support-store';

const MAX_TICKETS = 2000;
/** Background chunks at most: about 3 MB of engine and half a second to build, whatever the size of the docs. */
const BACKGROUND_CHUNKS = 2000;
/** Consecutive chunks per run of the sample: one or two text blocks each. */
const SAMPLE_RUN = 32;

/**
 * One chunk per resolved ticket: the question is its title (found by how
 * people ask) and the resolution its text (what an excerpt answer quotes).
 */
export function ticketChunk(ticket: ResolvedTicket): Chunk {
  return {
    id: `${ticket.id}#0`,
    pageId: ticket.id,
    title: ticket.question.length > 160 ? `${ticket.question.slice(0, 159)}…` : ticket.question,
    section: '',
    url: '',
    ...(ticket.product ? { product: ticket.product } : {}),
    updatedAt: new Date(ticket.resolvedAt).toISOString(),
    text: ticket.resolution,
  };
}

/** Which chunks of `total` the background takes: all when they are `limit` or fewer, else runs spread evenly over them. */
export function backgroundSample(total: number, limit: number): number[] {
  if (total <= limit) return Array.from({ length: total }, (_, number) => number);
  const runs = Math.ceil(limit / SAMPLE_RUN);
  const numbers: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = Math.floor((run * total) / runs);
    const end = Math.min(start + SAMPLE_RUN, Math.floor(((run + 1) * total) / runs), start + limit - numbers.length);
    for (let number = start; number < end; number++) numbers.push(number);
  }
  return numbers;
}

/** A sample of the chunks of a loaded index, as buildIndex takes them (only their text blocks read). */
async function chunksOf(index: SearchIndex, limit: number): Promise<Chunk[]> {
  const numbers = backgroundSample(index.chunks.length, limit);
  const reading = index.texts.load(numbers);
  if (reading) await reading;
  return numbers.map((number) => {
    const chunk = index.chunks[number]!;
    const page = index.pages[chunk.page]!;
    return { id: `background:${chunk.id}`, pageId: `background:${page.pageId}`, title: page.title, section: chunk.section, url: page.url, text: index.texts.get(number) ?? '' };
  });
}

export interface ResolvedTicketsRetrieverOptions {
  /** The docs index, loaded on first use, as the background corpus for term weights. */
  background?: () => Promise<SearchIndex | undefined>;
  /** How many of its chunks the background takes at most (default 2,000). */
  backgroundChunks?: number;
}

export class ResolvedTicketsRetriever implements Retriever {
  readonly #base: Retriever;
  readonly #store: SupportStore;
  readonly #background?: () => Promise<SearchIndex | undefined>;
  readonly #backgroundLimit: number;
  #backgroundChunks?: Promise<Chunk[]>;
  #cache?: { signature: string; retriever: LocalRetriever; tickets: Set<string> };

  constructor(base: Retriever, store: SupportStore, options: ResolvedTicketsRetrieverOptions = {}) {
    this.#base = base;
    this.#store = store;
    this.#background = options.background;
    this.#backgroundLimit = options.backgroundChunks ?? BACKGROUND_CHUNKS;
  }

  async search(query: SearchQuery): Promise<SearchHit[]> {
    if (query.collection !== 'tickets') return this.#base.search(query);
    const [fromBase, fromStore] = await Promise.all([this.#base.search(query).catch((): SearchHit[] => []), this.#searchStore(query)]);
    return [...fromStore, ...fromBase].sort((a, b) => b.score - a.score).slice(0, query.topK);
  }

  async #searchStore(query: SearchQuery): Promise<SearchHit[]> {
    let tickets: ResolvedTicket[];
    try {
      tickets = await this.#store.listTickets(MAX_TICKETS);
    } catch {
      return [];
    }
    if (tickets.length === 0) return [];
    // Rebuilt only when the set of tickets changed; cheap for the hundreds a small team resolves.
    const signature = `${tickets.length}:${tickets.map((ticket) => `${ticket.id}@${ticket.resolvedAt}`).join(',')}`;
    if (this.#cache?.signature !== signature) {
      const background = await this.#loadBackground();
      const index = buildIndex([...background, ...tickets.map(ticketChunk)], 'tickets');
      this.#cache = { signature, retriever: new LocalRetriever({ docs: index, tickets: index }), tickets: new Set(tickets.map((ticket) => ticket.id)) };
    }
    const { retriever, tickets: ids } = this.#cache;
    const hits = await retriever.search({ ...query, topK: query.topK + 50 });
    return hits.filter((hit) => ids.has(hit.pageId)).slice(0, query.topK);
  }

  #loadBackground(): Promise<Chunk[]> {
    this.#backgroundChunks ??= (this.#background?.() ?? Promise.resolve(undefined))
      .then((index) => (index ? chunksOf(index, this.#backgroundLimit) : []))
      .catch(() => {
        this.#backgroundChunks = undefined;
        return [];
      });
    return this.#backgroundChunks;
  }
}

/** The local TicketIndex: the store already holds the ticket (inbox.ts saves it), and ResolvedTicketsRetriever reads it from there. */
export class StoreTicketIndex implements TicketIndex {
  async upsert(): Promise<void> {}
}
