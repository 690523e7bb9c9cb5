/**
 * The local index at scale: for 1×, 3× and 6× copies of the Cypress docs, build the index
 * with `npm run ingest`, then load it in a fresh process (bench/index-load.ts) and ask the
 * KB's questions. Reports each asset file against Workers' 25 MiB limit, heap after load,
 * cold load time and warm retrieval p50/p95. `npm run bench -- --index-scale` runs only this.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { ASSET_LIMIT_BYTES } from '../worker/cli/index-budget';
import type { LoadMeasure } from './index-load';
import { writeScaledCorpus } from './scaled-corpus';
import { markdownTable, median, ms, percentile } from './stats';

const run = promisify(execFile);
const TSX = 'node_modules/.bin/tsx';

export interface ScaleResult {
  copies: number;
  pages: number;
  chunks: number;
  /** Every file the ingest wrote (docs.json and its parts), with its size. */
  files: { name: string; bytes: number }[];
  /** What `npm run ingest` said without --allow-large-index: undefined when it built the index. */
  refused?: string;
  ingestSeconds: number;
  load: LoadMeasure;
  /** Whether the load (parsed JSON and engines at once) fits a 128 MB heap, as a Worker isolate has. */
  fitsIsolateHeap: boolean;
}

/** Load the index in a fresh process; with `heapLimitMb`, only load it, under that old-space limit. */
async function loadInChild(out: string, questions: string, heapLimitMb?: number) {
  const limit = heapLimitMb ? [`--max-old-space-size=${heapLimitMb}`] : [];
  return run('node', [...limit, '--expose-gc', '--import', 'tsx', 'bench/index-load.ts', out, questions, ...(heapLimitMb ? ['--load-only'] : [])], { timeout: 900_000, maxBuffer: 16 * 1024 * 1024 });
}

async function ingest(corpus: string, out: string, allowLarge: boolean): Promise<{ stdout: string; refused?: string }> {
  const args = ['worker/cli/ingest.ts', corpus, '--product-from-path', '--out', out, ...(allowLarge ? ['--allow-large-index'] : [])];
  try {
    const { stdout } = await run(TSX, args, { timeout: 900_000, maxBuffer: 64 * 1024 * 1024 });
    return { stdout };
  } catch (error) {
    const { code, stderr } = error as { code?: number; stderr?: string };
    if (code === 2 && !allowLarge && stderr?.includes('do not fit the local index')) return { stdout: '', refused: stderr.split('\n')[0]!.replace(/^error: /, '') };
    throw error;
  }
}

export async function measureScale(kb: string, copies: number, progress: (line: string) => void): Promise<ScaleResult> {
  const work = await mkdtemp(join(tmpdir(), `switchboard-scale-${copies}x-`));
  try {
    const corpus = join(work, 'pages');
    const pages = await writeScaledCorpus(`${kb}/pages`, corpus, copies);
    const out = join(work, 'index', 'docs.json');
    progress(`index scale ${copies}×: ingesting ${pages} pages`);
    const started = performance.now();
    let result = await ingest(corpus, out, false);
    const refused = result.refused;
    if (refused) result = await ingest(corpus, out, true);
    const ingestSeconds = (performance.now() - started) / 1000;
    const chunks = Number(/docs: \d+ pages, (\d+) chunks/.exec(result.stdout)?.[1] ?? Number.NaN);
    const folder = join(work, 'index');
    const names = (await readdir(folder, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
    const files = await Promise.all(names.map(async (name) => ({ name: name.slice(folder.length + 1), bytes: (await stat(name)).size })));
    progress(`index scale ${copies}×: loading ${out} in a fresh process`);
    const { stdout } = await loadInChild(out, `${kb}/questions.jsonl`);
    // A process killed by V8 running out of heap is the answer "no", not a failed bench.
    const fitsIsolateHeap = await loadInChild(out, `${kb}/questions.jsonl`, 128).then(() => true, () => false);
    return { copies, pages, chunks, files, ...(refused ? { refused } : {}), ingestSeconds, load: JSON.parse(stdout) as LoadMeasure, fitsIsolateHeap };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const fits = (bytes: number) => (bytes <= ASSET_LIMIT_BYTES ? 'fits' : '**over 25 MiB**');

/** docs.json and its parts, in a line: the entry file, how many parts, the largest, the total. */
function describeFiles(files: ScaleResult['files']): string {
  const entry = files.find((file) => file.name === 'docs.json');
  const parts = files.filter((file) => file !== entry && !file.name.endsWith('.crawl.json'));
  const largest = parts.reduce((a, b) => (b.bytes > a.bytes ? b : a), { name: '', bytes: 0 });
  const total = files.reduce((sum, file) => sum + file.bytes, 0);
  const line = entry ? `docs.json ${mib(entry.bytes)} (${fits(entry.bytes)})` : 'no docs.json';
  if (parts.length === 0) return line;
  return `${line} + ${parts.length} parts, largest ${largest.name.replace(/^.*\//, '')} ${mib(largest.bytes)} (${fits(largest.bytes)}); ${mib(total)} in all`;
}

export function indexScaleSection(results: ScaleResult[], setup: string): string {
  const rows = results.map((result) => {
    const { load } = result;
    const files = describeFiles(result.files);
    return [
      `${result.copies}×`,
      String(result.pages),
      String(result.chunks),
      files,
      result.refused ? `stops: ${result.refused.replace(/^\d+ pages do not fit the local index: /, '').replace(/\.$/, '')}` : 'builds',
      `${result.ingestSeconds.toFixed(1)} s`,
      `${mib(load.heapAfter - load.heapBefore)} (${mib(load.heapAfter - load.assetBytes)} in all)`,
      result.fitsIsolateHeap ? 'yes' : '**no**: out of memory',
      `${ms(load.loadCpuMs)} (${ms(load.loadWallMs)} wall)`,
      ms(firstAnswer(result)),
      `${ms(median(load.queryMs))} / ${ms(percentile(load.queryMs, 95))}`,
    ];
  });
  return [
    '### Local index at scale',
    '',
    setup,
    '',
    markdownTable(['Corpus', 'Pages', 'Chunks', 'Asset files (limit 25 MiB each)', '`npm run ingest` without `--allow-large-index`', 'Ingest wall', 'Heap after load (process total, less the files standing for the assets)', 'Loads in a 128 MB heap', 'Cold load CPU', 'Cold first answer (load CPU + first question)', 'Warm retrieval p50 / p95'], rows),
    '',
    '"Loads in a 128 MB heap" runs the same load under `node --max-old-space-size=128`: while the engines are built, the parsed parts are alive too. A Worker isolate has 128 MB.',
    '',
    ...goals(results),
  ].join('\n');
}

/** Cold load CPU of the one-file index at 319 pages (Cypress docs, 2026-12-02 02:36 UTC, this bench), before the index was split: the goal's "today". */
const BEFORE_COLD_LOAD_MS = 474.3;
const firstAnswer = (result: ScaleResult) => result.load.loadCpuMs + result.load.firstQueryMs;

/** Each goal for a 2,000-page site, judged on the largest corpus measured. */
function goals(results: ScaleResult[]): string[] {
  const largest = results.reduce((a, b) => (b.pages > a.pages ? b : a));
  const heap = largest.load.heapAfter - largest.load.heapBefore;
  const biggestFile = largest.files.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  const p95 = percentile(largest.load.queryMs, 95);
  const verdict = (met: boolean) => (met ? '**met**' : '**not met**');
  return [
    `Goals for a 2,000-page site on one Worker (issue 19), judged on the ${largest.pages}-page corpus (${largest.copies}×):`,
    '',
    `- every asset file ≤ 25 MiB: ${verdict(biggestFile.bytes <= ASSET_LIMIT_BYTES)} (largest ${biggestFile.name.replace(/^.*\//, '')}, ${mib(biggestFile.bytes)});`,
    `- heap ≤ 64 MB after load: ${verdict(heap <= 64e6)} (${mib(heap)}, ${(heap / 1e6).toFixed(1)} MB);`,
    `- cold first answer ≤ 2× the 319-page figure before the split (2 × ${ms(BEFORE_COLD_LOAD_MS)} load CPU): ${verdict(firstAnswer(largest) <= 2 * BEFORE_COLD_LOAD_MS)} (${ms(firstAnswer(largest))});`,
    `- warm retrieval p95 ≤ 30 ms: ${verdict(p95 <= 30)} (${ms(p95)}).`,
  ];
}
