/**
 * The docs namespace of Upstash Vector as the ingest CLI and the Worker's docs
 * sync write it: one vector per chunk, id = the chunk's content hash, chunk
 * text as `data` (embedded by the index's hosted model, or by `embed` when
 * EMBEDDING_MODEL is set), metadata { title, url, pageId, section, product, updatedAt }.
 */
import type { Index } from '@upstash/vector/cloudflare';
import type { DocsChunk, DocsIndexWriter } from '../ports/docs-sync';
import type { Embedder } from './upstash-vector-retriever';

/** Upstash's largest batch for upsert, delete and range. */
export const VECTORS_PER_REQUEST = 1000;

/** The namespace API both @upstash/vector entry points share (Node for the CLI, cloudflare for the Worker). */
type Namespace = ReturnType<Index['namespace']>;

export function toVector(chunk: DocsChunk): { id: string; data: string; metadata: Record<string, string> } {
  const metadata: Record<string, string> = { title: chunk.title, url: chunk.url, pageId: chunk.pageId };
  if (chunk.section) metadata.section = chunk.section;
  if (chunk.product) metadata.product = chunk.product;
  if (chunk.updatedAt) metadata.updatedAt = chunk.updatedAt;
  return { id: chunk.id, data: chunk.text, metadata };
}

/** Every id in a namespace, listed with `range`. */
export async function listIds(namespace: Namespace): Promise<Set<string>> {
  const ids = new Set<string>();
  let cursor: string | number = 0;
  for (;;) {
    const page: { nextCursor: string; vectors: { id: string | number }[] } = await namespace.range({ cursor, limit: VECTORS_PER_REQUEST });
    for (const vector of page.vectors) ids.add(String(vector.id));
    if (!page.nextCursor || page.nextCursor === String(cursor) || page.vectors.length === 0) return ids;
    cursor = page.nextCursor;
  }
}

/** Upsert chunks as vectors: by text, or with the embedder's vectors (the text kept as `data`). */
export async function upsertChunks(namespace: Namespace, chunks: readonly DocsChunk[], embed?: Embedder): Promise<void> {
  const vectors = chunks.map(toVector);
  if (!embed) {
    await namespace.upsert(vectors);
    return;
  }
  const embeddings = await embed(chunks.map((chunk) => chunk.text));
  if (embeddings.length !== vectors.length) throw new Error(`the embedder returned ${embeddings.length} vectors for ${vectors.length} texts`);
  // The REST API keeps `data` next to a vector (so search can return the text); the client's types omit it.
  await namespace.upsert(vectors.map((vector, index) => ({ ...vector, vector: embeddings[index]! })) as never);
}

/** The Worker's docs sync target. */
export class UpstashVectorDocsWriter implements DocsIndexWriter {
  readonly #namespace: Namespace;
  readonly #embed?: Embedder;

  constructor(index: Index, options: { namespace?: string; embed?: Embedder } = {}) {
    this.#namespace = index.namespace(options.namespace ?? 'docs');
    this.#embed = options.embed;
  }

  ids(): Promise<Set<string>> {
    return listIds(this.#namespace);
  }

  async upsert(chunks: readonly DocsChunk[]): Promise<void> {
    for (let start = 0; start < chunks.length; start += VECTORS_PER_REQUEST) await upsertChunks(this.#namespace, chunks.slice(start, start + VECTORS_PER_REQUEST), this.#embed);
  }

  async delete(ids: readonly string[]): Promise<void> {
    for (let start = 0; start < ids.length; start += VECTORS_PER_REQUEST) await this.#namespace.delete(ids.slice(start, start + VECTORS_PER_REQUEST));
  }
}
