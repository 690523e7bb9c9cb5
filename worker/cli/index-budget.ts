/**
 * What one local index may cost on one Worker, estimated from the chunks before the
 * index is built: `npm run ingest` stops past it and points to Upstash Vector.
 *
 * The ratios are measured on the Cypress docs and 3× copies of them
 * (`npm run bench -- --index-scale`, docs/index-scale.md): docs.json is 2.38–2.46× the
 * UTF-8 bytes of the chunk texts and section names (the texts again, the packed MiniSearch
 * postings, the LSA vectors, page search), and heap after load is about 12 MB plus 2.3× the
 * file. So the asset limit binds first: at 25 MiB the heap is about 70 MiB after load, and
 * the load itself fits a 128 MB heap, so no separate heap bound is needed.
 */
import type { Chunk } from '../src/retrieval/markdown-chunker';
import { CliError } from './args';

/** Workers' limit per static asset file. */
export const ASSET_LIMIT_BYTES = 25 * 1024 * 1024;
const FILE_PER_TEXT_BYTE = 2.5;
const HEAP_BASE_BYTES = 12 * 1024 * 1024;
const HEAP_PER_FILE_BYTE = 2.3;

export interface IndexEstimate {
  /** Estimated size of docs.json. */
  bytes: number;
  /** Estimated heap the worker holds after loading it. */
  heapBytes: number;
}

export function estimateIndex(chunks: readonly Pick<Chunk, 'text' | 'section'>[]): IndexEstimate {
  let text = 0;
  for (const chunk of chunks) text += Buffer.byteLength(chunk.text) + Buffer.byteLength(chunk.section);
  const bytes = Math.round(text * FILE_PER_TEXT_BYTE);
  return { bytes, heapBytes: Math.round(HEAP_BASE_BYTES + bytes * HEAP_PER_FILE_BYTE) };
}

/** What to do instead, said by every refusal. */
export const USE_VECTOR =
  'Use Upstash Vector instead: set UPSTASH_VECTOR_REST_URL and UPSTASH_VECTOR_REST_TOKEN (from the Upstash console) and run npm run ingest again;\n' +
  'for the worker, also `npx wrangler secret put UPSTASH_VECTOR_REST_URL` and `npx wrangler secret put UPSTASH_VECTOR_REST_TOKEN`.\n' +
  'Or pass --allow-large-index to build it anyway (wrangler deploy refuses an asset file over 25 MiB).';

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/** Why this index does not fit one Worker, or undefined when it does. */
export function overBudget(estimate: IndexEstimate): string | undefined {
  if (estimate.bytes <= ASSET_LIMIT_BYTES) return undefined;
  return `the index would be about ${mib(estimate.bytes)} (about ${mib(estimate.heapBytes)} of heap once loaded), over Workers' ${mib(ASSET_LIMIT_BYTES)} limit per asset file`;
}

/**
 * Stop before building an index that would not fit, unless `allowLargeIndex`; returns the estimate.
 *
 * @example
 * checkIndexBudget(source.pages, source.chunks); // throws CliError past 25 MiB
 */
export function checkIndexBudget(pages: number, chunks: readonly Pick<Chunk, 'text' | 'section'>[], allowLargeIndex = false): IndexEstimate {
  const estimate = estimateIndex(chunks);
  const reason = overBudget(estimate);
  if (!reason) return estimate;
  if (!allowLargeIndex) throw new CliError(`${pages} pages do not fit the local index: ${reason}.\n${USE_VECTOR}`);
  console.warn(`warning: ${reason}; building it anyway (--allow-large-index)`);
  return estimate;
}
