/**
 * Resolved cases for the embedded (local-index) setup. The static indexes are
 * read-only build assets, so tickets resolved in the inbox live in the store;
 * this decorator searches them with the same MiniSearch index code as the
 * static tickets index and merges both by score. Docs searches pass through.
 *
 * Scores are only meaningful against a corpus: a lone ticket makes every word
 * look common (idf ≈ 0) and scores near zero. So the tickets are indexed with
 * a background corpus (the docs index's chunks), and only ticket pages are
 * returned.
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

/** The chunks of a loaded index, as buildIndex takes them (every text block read). */
async function chunksOf(index: SearchIndex): Promise<Chunk[]> {
  const texts = await index.texts.all();
  return index.chunks.map((chunk, number) => {
    const page = index.pages[chunk.page]!;
    return { id: `background:${chunk.id}`, pageId: `background:${page.pageId}`, title: page.title, section: chunk.section, url: page.url, text: texts[number]! };
  });
}

export interface ResolvedTicketsRetrieverOptions {
  /** The docs index, loaded on first use, as the background corpus for term weights. */
  background?: () => Promise<SearchIndex | undefined>;
}

export class ResolvedTicketsRetriever implements Retriever {
  readonly #base: Retriever;
  readonly #store: SupportStore;
  readonly #background?: () => Promise<SearchIndex | undefined>;
  #backgroundChunks?: Promise<Chunk[]>;
  #cache?: { signature: string; retriever: LocalRetriever; tickets: Set<string> };

  constructor(base: Retriever, store: SupportStore, options: ResolvedTicketsRetrieverOptions = {}) {
    this.#base = base;
    this.#store = store;
    this.#background = options.background;
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
      .then((index) => (index ? chunksOf(index) : []))
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
