/**
 * Ingest target for Upstash Vector: one vector per chunk in the collection's
 * namespace (`docs`, `tickets`), chunk text as `data` (embedded by the index's
 * hosted model, or by `embed` when EMBEDDING_MODEL is set), metadata
 * { title, url, section, product, updatedAt, pageId }.
 *
 * Chunk ids are content hashes, so planning is a set difference against the
 * ids already in the namespace (listed with `range`): new ids are added, ids no
 * longer produced are removed, the rest is unchanged.
 *
 * Batches stay within Upstash's limits (≤ 1000 vectors, metadata ≤ 48 KB and
 * data ≤ 1 MB per vector; oversize chunks are rejected in the plan). Each
 * finished batch is recorded in a manifest file, so a run that stopped on a
 * failed batch resumes where it was; the manifest is removed when all succeed.
 */
import { createHash } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import type { Index } from '@upstash/vector';
import type { Collection } from '../src/ports';
import type { Chunk } from '../src/retrieval/markdown-chunker';
import type { Embedder } from '../src/adapters/upstash-vector-retriever';
import { listIds, toVector, upsertChunks } from '../src/adapters/upstash-vector-docs-writer';

export const UPSTASH_LIMITS = { vectorsPerBatch: 1000, metadataBytes: 48 * 1024, dataBytes: 1024 * 1024 } as const;

export interface VectorPlan {
  namespace: string;
  add: Chunk[];
  remove: string[];
  unchanged: number;
  /** Chunks that cannot be stored within Upstash's limits. */
  rejected: { id: string; reason: string }[];
}

export interface BatchProgress {
  batch: string;
  kind: 'upsert' | 'delete';
  size: number;
  status: 'done' | 'skipped' | 'failed';
  done: number;
  total: number;
  error?: string;
}

export interface ApplyReport {
  upserted: number;
  deleted: number;
  skipped: number;
  failed: { batch: string; kind: 'upsert' | 'delete'; error: string }[];
}

export interface UpstashVectorTargetOptions {
  collection: Collection;
  /** Default: the collection name. */
  namespace?: string;
  /** Where completed batches are recorded for resume. Default: none (no resume). */
  manifestPath?: string;
  embed?: Embedder;
  /** Vectors per batch, at most 1000. Default 500. */
  batchSize?: number;
  /** Request body budget per batch. Default 4 MB. */
  maxBatchBytes?: number;
}

interface Batch {
  key: string;
  kind: 'upsert' | 'delete';
  ids: string[];
  chunks: Chunk[];
}

export class UpstashVectorTarget {
  readonly #index: Index;
  readonly #namespace: string;
  readonly #options: UpstashVectorTargetOptions;
  readonly #batchSize: number;

  constructor(index: Index, options: UpstashVectorTargetOptions) {
    this.#index = index;
    this.#options = options;
    this.#namespace = options.namespace ?? options.collection;
    this.#batchSize = Math.min(UPSTASH_LIMITS.vectorsPerBatch, Math.max(1, options.batchSize ?? 500));
  }

  describe(): string {
    return `Upstash Vector namespace "${this.#namespace}"`;
  }

  /**
   * `keep`: ids of chunks already stored that stay as they are (pages a sync did not fetch
   * again because they answered 304); they are neither re-sent nor removed.
   */
  async plan(chunks: Chunk[], keep: readonly string[] = []): Promise<VectorPlan> {
    const existing = await this.existingIds();
    const kept = new Set(keep.filter((id) => existing.has(id)));
    const wanted = new Map<string, Chunk>();
    const rejected: VectorPlan['rejected'] = [];
    for (const chunk of chunks) {
      const reason = oversize(chunk);
      if (reason) rejected.push({ id: chunk.id, reason });
      else wanted.set(chunk.id, chunk);
    }
    const add = [...wanted.values()].filter((chunk) => !existing.has(chunk.id)).sort((a, b) => a.id.localeCompare(b.id));
    const remove = [...existing].filter((id) => !wanted.has(id) && !kept.has(id)).sort();
    const keptOnly = [...kept].filter((id) => !wanted.has(id)).length;
    return { namespace: this.#namespace, add, remove, unchanged: wanted.size - add.length + keptOnly, rejected };
  }

  async apply(plan: VectorPlan, onProgress?: (progress: BatchProgress) => void): Promise<ApplyReport> {
    const batches = this.#batches(plan);
    const completed = await this.#readManifest();
    const report: ApplyReport = { upserted: 0, deleted: 0, skipped: 0, failed: [] };
    for (const [position, batch] of batches.entries()) {
      const progress = { batch: batch.key, kind: batch.kind, size: batch.ids.length, done: position + 1, total: batches.length };
      if (completed.has(batch.key)) {
        report.skipped += 1;
        onProgress?.({ ...progress, status: 'skipped' });
        continue;
      }
      try {
        await this.#run(batch);
        completed.add(batch.key);
        await this.#writeManifest(completed);
        if (batch.kind === 'upsert') report.upserted += batch.ids.length;
        else report.deleted += batch.ids.length;
        onProgress?.({ ...progress, status: 'done' });
      } catch (error) {
        const message = error instanceof Error ? error.message.slice(0, 200) : String(error);
        report.failed.push({ batch: batch.key, kind: batch.kind, error: message });
        onProgress?.({ ...progress, status: 'failed', error: message });
      }
    }
    if (report.failed.length === 0 && this.#options.manifestPath) await rm(this.#options.manifestPath, { force: true });
    return report;
  }

  /** Every id in the namespace, listed with `range`. */
  existingIds(): Promise<Set<string>> {
    return listIds(this.#index.namespace(this.#namespace) as never);
  }

  #batches(plan: VectorPlan): Batch[] {
    const batches: Batch[] = [];
    const maxBytes = this.#options.maxBatchBytes ?? 4 * 1024 * 1024;
    for (let start = 0; start < plan.remove.length; start += this.#batchSize) {
      const ids = plan.remove.slice(start, start + this.#batchSize);
      batches.push({ key: batchKey('delete', this.#namespace, ids), kind: 'delete', ids, chunks: [] });
    }
    let current: Chunk[] = [];
    let bytes = 0;
    const flush = () => {
      if (current.length === 0) return;
      const ids = current.map((chunk) => chunk.id);
      batches.push({ key: batchKey('upsert', this.#namespace, ids), kind: 'upsert', ids, chunks: current });
      current = [];
      bytes = 0;
    };
    for (const chunk of plan.add) {
      const size = Buffer.byteLength(JSON.stringify(toVector(chunk)));
      if (current.length >= this.#batchSize || (current.length > 0 && bytes + size > maxBytes)) flush();
      current.push(chunk);
      bytes += size;
    }
    flush();
    return batches;
  }

  async #run(batch: Batch): Promise<void> {
    const namespace = this.#index.namespace(this.#namespace);
    if (batch.kind === 'delete') {
      await namespace.delete(batch.ids);
      return;
    }
    await upsertChunks(namespace as never, batch.chunks, this.#options.embed);
  }

  async #readManifest(): Promise<Set<string>> {
    if (!this.#options.manifestPath) return new Set();
    const text = await readFile(this.#options.manifestPath, 'utf8').catch(() => undefined);
    if (!text) return new Set();
    const manifest = JSON.parse(text) as { namespace?: string; completed?: string[] };
    return new Set(manifest.namespace === this.#namespace ? (manifest.completed ?? []) : []);
  }

  async #writeManifest(completed: Set<string>): Promise<void> {
    const path = this.#options.manifestPath;
    if (!path) return;
    await writeFile(`${path}.tmp`, JSON.stringify({ version: 1, namespace: this.#namespace, completed: [...completed] }, null, 2));
    await rename(`${path}.tmp`, path);
  }
}

function oversize(chunk: Chunk): string | undefined {
  const { data, metadata } = toVector(chunk);
  if (Buffer.byteLength(JSON.stringify(metadata)) > UPSTASH_LIMITS.metadataBytes) return 'metadata over 48 KB';
  if (Buffer.byteLength(data) > UPSTASH_LIMITS.dataBytes) return 'text over 1 MB';
  return undefined;
}

/** Content-addressed, so the same batch is recognised in a resumed run. */
function batchKey(kind: string, namespace: string, ids: string[]): string {
  return `${kind}:${namespace}:${createHash('sha256').update(ids.join('\n')).digest('hex').slice(0, 16)}`;
}
