/**
 * Child process of the index-scale bench (run with `node --expose-gc --import tsx`): load
 * one local index (entry file and parts) the way the worker does (parse each file's JSON,
 * openIndex), then ask questions. The files' bytes are read first and stand for the static
 * assets, so they count neither in the heap nor in the load time. Prints one JSON line: heap
 * (V8's used heap plus array buffers, as an isolate's memory counts both) before and after
 * the load, load time (wall and CPU) and the warm retrieval times.
 *
 *   node --expose-gc --import tsx bench/index-load.ts <docs.json> <questions.jsonl> [--load-only]
 *
 * With `--load-only` (and `--max-old-space-size=128`), it only loads: the exit status says
 * whether the load fits that heap, the parsed JSON and the engines at once (old space only: the file's
 * bytes are outside it, so a fit is necessary for a Worker, not sufficient).
 */
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { LocalRetriever } from '../worker/src/adapters/local-retriever';
import { openIndex, partsFolder } from '../worker/src/retrieval/index-files';

export interface LoadMeasure {
  heapBefore: number;
  heapAfter: number;
  loadWallMs: number;
  loadCpuMs: number;
  /** The index files' bytes, held in the process to stand for the static assets: in heapBefore and heapAfter alike. */
  assetBytes: number;
  /** Milliseconds of the first question, asked right after the load. */
  firstQueryMs: number;
  /** Milliseconds per warm question, after 20 warm-up questions. */
  queryMs: number[];
}

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const [file, questionsFile, only] = process.argv.slice(2);
const questions = (await readFile(questionsFile!, 'utf8'))
  .split('\n')
  .filter((line) => line.trim())
  .map((line) => (JSON.parse(line) as { question: string }).question);
const folder = dirname(file!);
const assets = new Map<string, Buffer>();
for (const name of await readdir(join(folder, partsFolder(file!)), { recursive: true }).catch(() => [])) {
  const path = join(folder, partsFolder(file!), name);
  assets.set(relative(folder, path), await readFile(path).catch(() => Buffer.alloc(0)));
}
const entry = await readFile(file!);
// At once, not in a promise, so searchSync can read text blocks as it goes: the time measured is the parse, not a turn of the event loop.
const readPart = (name: string) => JSON.parse(assets.get(name)!.toString('utf8')) as unknown;
const memory = () => {
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
};
gc();
const heapBefore = memory();
const cpu = process.cpuUsage();
const started = performance.now();
// As the worker: each response body as text, then JSON, then the engines. In a function, so no
// frame of this module keeps the parsed JSON alive once the engines are built.
const load = () => openIndex(JSON.parse(entry.toString('utf8')), readPart);
const index = await load();
const loadWallMs = performance.now() - started;
const { user, system } = process.cpuUsage(cpu);
gc();
const heapAfter = memory();
if (only === '--load-only') process.exit(0);
const retriever = new LocalRetriever({ docs: index });
// The first question after the load pays for what is built on first use (term sequences, text blocks).
const firstStarted = performance.now();
retriever.searchSync({ text: questions[0]!, collection: 'docs', topK: 5 });
const firstQueryMs = performance.now() - firstStarted;
for (const question of questions.slice(0, 20)) retriever.searchSync({ text: question, collection: 'docs', topK: 5 });
const queryMs = questions.map((question) => {
  const start = performance.now();
  retriever.searchSync({ text: question, collection: 'docs', topK: 5 });
  return performance.now() - start;
});
const assetBytes = [...assets.values()].reduce((sum, buffer) => sum + buffer.byteLength, entry.byteLength);
const measure: LoadMeasure = { heapBefore, heapAfter, assetBytes, loadWallMs, loadCpuMs: (user + system) / 1000, firstQueryMs, queryMs };
console.log(JSON.stringify(measure));
