/**
 * `npm run ingest` into Upstash Vector: plan (add / remove / unchanged by
 * content-hash id), then apply in batches within Upstash's limits, recording
 * finished batches in a manifest so a failed run resumes where it stopped.
 * A failed batch is reported and the exit code says the index is incomplete.
 */
import { mkdir } from 'node:fs/promises';
import { Index } from '@upstash/vector';
import OpenAI from 'openai';
import type { Embedder } from '../src/adapters/upstash-vector-retriever';
import type { Collection } from '../src/ports';
import { CliError } from './args';
import type { FolderResult } from './docs-folder';
import { UpstashVectorTarget } from './upstash-vector-target';

export interface VectorConnection {
  url: string;
  index: Index;
  embed?: Embedder;
}

export function vectorIndexFromEnv(env: NodeJS.ProcessEnv): VectorConnection | undefined {
  const url = env.UPSTASH_VECTOR_REST_URL;
  const token = env.UPSTASH_VECTOR_REST_TOKEN;
  if (!url && !token) return undefined;
  if (!url || !token) throw new CliError('UPSTASH_VECTOR_REST_URL and UPSTASH_VECTOR_REST_TOKEN go together: set both, or neither for the local index.');
  let embed: Embedder | undefined;
  if (env.EMBEDDING_MODEL) {
    if (!env.OPENAI_API_KEY) throw new CliError('EMBEDDING_MODEL needs OPENAI_API_KEY (and OPENAI_BASE_URL for a non-OpenAI server).');
    const client = new OpenAI({ apiKey: env.OPENAI_API_KEY, baseURL: env.OPENAI_BASE_URL || undefined, maxRetries: 3, logLevel: 'warn' });
    const model = env.EMBEDDING_MODEL;
    embed = async (texts, signal) => (await client.embeddings.create({ model, input: texts }, { signal })).data.map((item) => item.embedding);
  }
  return { url, index: new Index({ url, token, retry: { retries: 3 } }), embed };
}

const MANIFEST_DIR = '.wrangler';

export function vectorTarget(collection: Collection, connection: VectorConnection): UpstashVectorTarget {
  return new UpstashVectorTarget(connection.index, {
    collection,
    manifestPath: `${MANIFEST_DIR}/ingest-${collection}.manifest.json`,
    ...(connection.embed ? { embed: connection.embed } : {}),
  });
}

/** Where a site's crawl state is kept for the Upstash Vector target (beside the resume manifest). */
export const VECTOR_CRAWL_STATE = `${MANIFEST_DIR}/ingest-docs.crawl.json`;

/** `keep`: ids already stored that stay (a sync's unchanged pages). */
export async function vectorIngest(collection: Collection, source: FolderResult, connection: VectorConnection, dryRun: boolean, keep: readonly string[] = []): Promise<void> {
  await mkdir(MANIFEST_DIR, { recursive: true });
  const target = vectorTarget(collection, connection);
  const plan = await target.plan(source.chunks, keep).catch((error: unknown) => {
    throw new CliError(`could not list the "${collection}" namespace in Upstash Vector (${error instanceof Error ? error.message : 'error'}); nothing was changed.`, 1);
  });
  console.log(`${collection}: ${source.pages} ${collection === 'docs' ? 'pages' : 'tickets'}, ${source.chunks.length} chunks → ${target.describe()}`);
  console.log(`  plan: ${plan.add.length} to add, ${plan.remove.length} to remove, ${plan.unchanged} unchanged, ${plan.rejected.length} too large for Upstash`);
  for (const rejected of plan.rejected) console.log(`  skipped ${rejected.id}: ${rejected.reason}`);
  if (dryRun) return;
  const report = await target.apply(plan, (progress) => {
    const detail = progress.error ? `: ${progress.error}` : '';
    console.log(`  batch ${progress.done}/${progress.total} ${progress.kind} ${progress.size} ${progress.status}${detail}`);
  });
  console.log(`  done: ${report.upserted} upserted, ${report.deleted} deleted, ${report.skipped} already done in an earlier run`);
  if (report.failed.length > 0) {
    throw new CliError(
      `${report.failed.length} batch(es) failed, so the "${collection}" namespace is incomplete. Run the same command again to resume: finished batches are skipped.`,
      1,
    );
  }
}
