/**
 * Resolved tickets into Upstash Vector's `tickets` namespace, laid out like the
 * ingest CLI's ticket vectors (chunk text as `data`, metadata for the hit), so
 * UpstashVectorRetriever finds them as resolved cases. The index embeds `data`
 * with its hosted model; with EMBEDDING_MODEL set, `embed` supplies the vector.
 */
import type { Index } from '@upstash/vector/cloudflare';
import type { ResolvedTicket, TicketIndex } from '../ports';
import type { Embedder, VectorMetadata } from './upstash-vector-retriever';
import { ticketChunk } from './resolved-tickets-retriever';

export class UpstashVectorTicketIndex implements TicketIndex {
  readonly #index: Index<VectorMetadata>;
  readonly #embed?: Embedder;
  readonly #namespace: string;

  constructor(index: Index<VectorMetadata>, options: { embed?: Embedder; namespace?: string } = {}) {
    this.#index = index;
    this.#embed = options.embed;
    this.#namespace = options.namespace ?? 'tickets';
  }

  async upsert(ticket: ResolvedTicket): Promise<void> {
    // Embedded as question and resolution together: a vector is found by meaning, and both carry it.
    const chunk = { ...ticketChunk(ticket), text: `${ticket.question}\n\n${ticket.resolution}` };
    const metadata: VectorMetadata = { title: chunk.title, url: chunk.url, pageId: chunk.pageId, updatedAt: chunk.updatedAt, ...(chunk.product ? { product: chunk.product } : {}) };
    const namespace = this.#index.namespace(this.#namespace);
    if (!this.#embed) {
      await namespace.upsert({ id: chunk.id, data: chunk.text, metadata });
      return;
    }
    const [vector] = await this.#embed([chunk.text]);
    if (!vector) throw new Error('the embedder returned no vector');
    await namespace.upsert({ id: chunk.id, vector, metadata: { ...metadata, text: chunk.text } });
  }
}
