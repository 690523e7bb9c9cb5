/**
 * Child process of the index-scale bench (run with `node --expose-gc --import tsx`): load
 * one local index file the way the worker does (parse the JSON, loadIndex), then ask
 * questions. Prints one JSON line: heap before and after the load, load time (wall and
 * CPU) and the warm retrieval times.
 *
 *   node --expose-gc --import tsx bench/index-load.ts <docs.json> <questions.jsonl> [--load-only]
 *
 * With `--load-only` (and `--max-old-space-size=128`), it only loads: the exit status says
 * whether the load fits that heap, the parsed JSON and the engines at once (old space only: the file's
 * bytes are outside it, so a fit is necessary for a Worker, not sufficient).
 */
import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { LocalRetriever } from '../worker/src/adapters/local-retriever';
import { loadIndex } from '../worker/src/retrieval/search-index';

export interface LoadMeasure {
  heapBefore: number;
  heapAfter: number;
  loadWallMs: number;
  loadCpuMs: number;
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
const bytes = await readFile(file!);
gc();
const heapBefore = process.memoryUsage().heapUsed;
const cpu = process.cpuUsage();
const started = performance.now();
// As the worker: the response body as text, then JSON, then the engines. In a function, so no
// frame of this module keeps the parsed JSON alive once the engines are built.
const load = () => loadIndex(JSON.parse(bytes.toString('utf8')));
const index = load();
const loadWallMs = performance.now() - started;
const { user, system } = process.cpuUsage(cpu);
gc();
const heapAfter = process.memoryUsage().heapUsed;
if (only === '--load-only') process.exit(0);
const retriever = new LocalRetriever({ docs: index });
for (const question of questions.slice(0, 20)) retriever.searchSync({ text: question, collection: 'docs', topK: 5 });
const queryMs = questions.map((question) => {
  const start = performance.now();
  retriever.searchSync({ text: question, collection: 'docs', topK: 5 });
  return performance.now() - start;
});
const measure: LoadMeasure = { heapBefore, heapAfter, loadWallMs, loadCpuMs: (user + system) / 1000, queryMs };
console.log(JSON.stringify(measure));
