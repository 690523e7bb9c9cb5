/**
 * What one local index may cost on one Worker, estimated from the chunks before the
 * index is built: `npm run ingest` stops past it and points to Upstash Vector.
 *
 * The index is an entry file and parts (index-files.ts), split so that no file nears
 * Workers' 25 MiB per asset; what binds is the heap. The ratios are measured on the Cypress
 * docs and 6× copies of them (`npm run bench -- --index-scale`, docs/index-scale.md): the
 * files are 2.3–2.5× the UTF-8 bytes of the chunk texts and section names, and the heap
 * after load (used heap plus array buffers) is about 8 MiB plus 1.47× those bytes, taken
 * here as 9 MiB plus 1.5×. An index may take up to 64 MiB of heap once loaded: half of an
 * isolate's 128 MB, the other half for the load itself (the parsed parts are alive while
 * the engines are built) and for answering. That is about 2,800 pages like the Cypress docs.
 */
import type { Chunk } from '../src/retrieval/markdown-chunker';
import { CliError } from './args';

/** Workers' limit per static asset file. */
export const ASSET_LIMIT_BYTES = 25 * 1024 * 1024;
/** The heap a loaded index may take on one Worker. */
export const HEAP_LIMIT_BYTES = 64 * 1024 * 1024;
const FILE_PER_TEXT_BYTE = 2.5;
const HEAP_BASE_BYTES = 9 * 1024 * 1024;
const HEAP_PER_TEXT_BYTE = 1.5;

export interface IndexEstimate {
  /** Estimated size of all the index's files together. */
  bytes: number;
  /** Estimated heap the worker holds after loading it. */
  heapBytes: number;
}

export function estimateIndex(chunks: readonly Pick<Chunk, 'text' | 'section'>[]): IndexEstimate {
  let text = 0;
  for (const chunk of chunks) text += Buffer.byteLength(chunk.text) + Buffer.byteLength(chunk.section);
  return { bytes: Math.round(text * FILE_PER_TEXT_BYTE), heapBytes: Math.round(HEAP_BASE_BYTES + text * HEAP_PER_TEXT_BYTE) };
}

/** What to do instead, said by every refusal. */
export const USE_VECTOR =
  'Use Upstash Vector instead: set UPSTASH_VECTOR_REST_URL and UPSTASH_VECTOR_REST_TOKEN (from the Upstash console) and run npm run ingest again;\n' +
  'for the worker, also `npx wrangler secret put UPSTASH_VECTOR_REST_URL` and `npx wrangler secret put UPSTASH_VECTOR_REST_TOKEN`.\n' +
  'Or pass --allow-large-index to build it anyway (the worker may run out of memory loading it).';

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/** Why this index does not fit one Worker, or undefined when it does. */
export function overBudget(estimate: IndexEstimate): string | undefined {
  if (estimate.heapBytes <= HEAP_LIMIT_BYTES) return undefined;
  return `the index would take about ${mib(estimate.heapBytes)} of heap once loaded (${mib(estimate.bytes)} of files), over the ${mib(HEAP_LIMIT_BYTES)} one Worker can give it (half of its 128 MB)`;
}

/**
 * Stop before building an index that would not fit, unless `allowLargeIndex`; returns the estimate.
 *
 * @example
 * checkIndexBudget(source.pages, source.chunks); // throws CliError past 64 MiB of heap
 */
export function checkIndexBudget(pages: number, chunks: readonly Pick<Chunk, 'text' | 'section'>[], allowLargeIndex = false): IndexEstimate {
  const estimate = estimateIndex(chunks);
  const reason = overBudget(estimate);
  if (!reason) return estimate;
  if (!allowLargeIndex) throw new CliError(`${pages} pages do not fit the local index: ${reason}.\n${USE_VECTOR}`);
  console.warn(`warning: ${reason}; building it anyway (--allow-large-index)`);
  return estimate;
}
