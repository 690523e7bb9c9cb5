/**
 * Retriever on Upstash Vector: namespaces `docs` and `tickets`, one vector per
 * chunk, chunk text stored as the vector's `data`, and metadata
 * { title, url, section, product, updatedAt, pageId, text? }.
 *
 * Build the index in the composition root with the Workers entry point and a
 * signal FUNCTION, so every request gets a fresh timeout and an abort throws
 * (a plain AbortSignal makes the client answer a fake 200 "Aborted"):
 *
 *   new Index({ url, token, retry: { retries: 1 }, signal: () => AbortSignal.timeout(3000) })
 *
 * This adapter also gives up after `timeoutMs` or when `query.signal` aborts.
 */
import type { Index } from '@upstash/vector/cloudflare';
import type { Collection, Retriever, SearchHit, SearchQuery } from '../ports';

/** Own embeddings (EMBEDDING_MODEL): texts in, one vector per text out. */
export type Embedder = (texts: string[], signal?: AbortSignal) => Promise<number[][]>;

export interface VectorMetadata {
  title: string;
  url: string;
  section?: string;
  product?: string;
  updatedAt?: string;
  pageId: string;
  text?: string;
  [key: string]: unknown;
}

export interface UpstashVectorRetrieverOptions {
  /** Query by `vector` with these embeddings; absent: query by `data` with the index's hosted model. */
  embed?: Embedder;
  /** Default 3000. */
  timeoutMs?: number;
  namespaces?: Partial<Record<Collection, string>>;
}

export class VectorSearchError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'VectorSearchError';
  }
}

const MAX_TOP_K = 1000;
const FILTER_VALUE = /^[A-Za-z0-9][A-Za-z0-9 _.-]{0,63}$/;

export class UpstashVectorRetriever implements Retriever {
  readonly #index: Index<VectorMetadata>;
  readonly #embed?: Embedder;
  readonly #timeoutMs: number;
  readonly #namespaces: Record<Collection, string>;

  constructor(index: Index<VectorMetadata>, options: UpstashVectorRetrieverOptions = {}) {
    this.#index = index;
    this.#embed = options.embed;
    this.#timeoutMs = options.timeoutMs ?? 3000;
    this.#namespaces = { docs: 'docs', tickets: 'tickets', ...options.namespaces };
  }

  async search(query: SearchQuery): Promise<SearchHit[]> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new VectorSearchError(`vector search gave no answer within ${this.#timeoutMs} ms`)), this.#timeoutMs);
    const stop = () => controller.abort(query.signal?.reason ?? new VectorSearchError('vector search aborted by the caller'));
    query.signal?.addEventListener('abort', stop, { once: true });
    try {
      if (query.signal?.aborted) stop();
      const results = await abortable(this.#query(query, controller.signal), controller.signal);
      if (!Array.isArray(results)) throw new VectorSearchError('vector search answered without results (aborted request)');
      return results
        .map((result) => toHit(result, query.collection))
        .filter((hit): hit is SearchHit => hit !== undefined && hit.score >= (query.minScore ?? 0));
    } catch (error) {
      if (error instanceof VectorSearchError) throw error;
      throw new VectorSearchError(`vector search in ${query.collection} failed: ${error instanceof Error ? error.name : 'error'}`, { cause: error });
    } finally {
      clearTimeout(timer);
      query.signal?.removeEventListener('abort', stop);
    }
  }

  async #query(query: SearchQuery, signal: AbortSignal) {
    const namespace = this.#index.namespace(this.#namespaces[query.collection]);
    const common = {
      topK: Math.max(1, Math.min(MAX_TOP_K, Math.floor(query.topK))),
      includeMetadata: true,
      includeData: true,
      filter: productFilter(query.product),
    };
    if (!this.#embed) return namespace.query<VectorMetadata>({ ...common, data: query.text });
    const [vector] = await this.#embed([query.text], signal);
    if (!vector) throw new VectorSearchError('the embedder returned no vector');
    return namespace.query<VectorMetadata>({ ...common, vector });
  }
}

/** `product = 'x'`; values are refused rather than escaped, since product is a slug. */
export function productFilter(product: string | undefined): string | undefined {
  if (product === undefined || product === '') return undefined;
  if (!FILTER_VALUE.test(product)) throw new VectorSearchError('product is not a valid filter value');
  return `product = '${product}'`;
}

interface RawResult {
  id: string | number;
  score: number;
  metadata?: VectorMetadata;
  data?: string;
}

function toHit(result: RawResult, collection: Collection): SearchHit | undefined {
  const metadata = result.metadata;
  if (!metadata || typeof metadata.url !== 'string') return undefined;
  const id = String(result.id);
  return {
    id,
    collection,
    pageId: typeof metadata.pageId === 'string' ? metadata.pageId : id,
    title: typeof metadata.title === 'string' ? metadata.title : metadata.url,
    url: metadata.url,
    section: metadata.section || undefined,
    product: metadata.product || undefined,
    updatedAt: metadata.updatedAt || undefined,
    text: result.data ?? metadata.text ?? '',
    // Upstash already normalises cosine/euclidean/dot scores to 0..1; clamp for safety.
    score: Math.max(0, Math.min(1, Number(result.score) || 0)),
  };
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
