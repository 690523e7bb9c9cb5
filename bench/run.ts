/**
 * `npm run bench`: widget weight against rival widgets, host-page impact with
 * Lighthouse, and worker latency under 1, 10 and 50 concurrent visitors, in one
 * run, printed as Markdown (progress goes to stderr); `--write docs/benchmarks.md`
 * also writes it as that page, and `--kb <dir>` names the Cypress docs KB.
 * `--index-scale [--scales 1,3,6]` measures only the local index on copies of that KB
 * (bench/index-scale.ts), e.g. `--index-scale --write docs/index-scale.md`. A part whose input is
 * missing (no built widget, no network for npm pack, no ../shared KB, no
 * Chromium) is skipped and the table says why. Not part of `npm test`.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { promisify } from 'node:util';
import { startOpenAITestServer } from '../test/openai-test-server';
import { measureWidget, type WidgetSizes } from '../widget/check-size';
import { startHostPages } from './host-pages';
import { CHROMIUM, measureHostImpact, type HostImpact } from './host-impact';
import { indexScaleSection, measureScale, type ScaleResult } from './index-scale';
import { hostSection, latencySection, weightSection, type Part } from './report';
import { measureRivals } from './widget-weight';
import { loadQuestions, measureWorkerLatency, type LevelResult } from './worker-latency';
import { freePort, startWranglerDev, type WranglerDev } from './wrangler-dev';
import { CliError, runCli } from '../worker/cli/args';
import { commandLine, writeGeneratedPage, writeTarget } from '../worker/cli/generated-page';

const run = promisify(execFile);
/** The Cypress docs KB beside the clone; `--kb <dir>` points elsewhere. */
const kbIndex = process.argv.indexOf('--kb');
const KB = kbIndex >= 0 && process.argv[kbIndex + 1] ? process.argv[kbIndex + 1]! : '../shared/kb/cypress-docs';
/**
 * Under /index/, which the worker never serves publicly, and removed after the run so a later
 * `npm run deploy` does not upload 9 MB of another product's docs; the demo index (dist/index/docs.json) stays.
 */
const BENCH_INDEX_DIR = 'dist/index/bench';
const BENCH_INDEX = `${BENCH_INDEX_DIR}/docs.json`;
const progress = (line: string) => process.stderr.write(`${line}\n`);
const failure = (error: unknown) => (error as Error).message.split('\n')[0]!.slice(0, 200);

function machine(): string {
  let cores = String(cpus().length);
  try {
    cores = execFileSync('nproc', { encoding: 'utf8' }).trim();
  } catch {
    // No coreutils: the count Node sees.
  }
  const model = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpus()[0]?.model ?? 'unknown CPU';
  // Other work on the machine moves the latency figures most: say how busy it was.
  return `${cores} cores, ${model}, ${(totalmem() / 1024 ** 3).toFixed(1)} GiB RAM, Node ${process.version}, load average ${loadavg()[0]!.toFixed(1)} at start`;
}

async function ourWidget(): Promise<Part<WidgetSizes>> {
  try {
    if (!existsSync('dist/widget.js')) {
      progress('dist/widget.js is missing: npm run build:widget');
      await run('npm', ['run', 'build:widget'], { timeout: 180_000 });
    }
    return { value: measureWidget('dist') };
  } catch (error) {
    return { skipped: `the widget did not build (${failure(error)})` };
  }
}

/** The KB's local index, for the worker to read through its ASSETS binding (a missing tickets.json beside it is fine). */
async function benchIndex(): Promise<Part<string[]>> {
  if (!existsSync(`${KB}/pages`) || !existsSync(`${KB}/questions.jsonl`)) return { skipped: `no knowledge base at ${KB} (pages/ and questions.jsonl)` };
  try {
    progress(`ingesting ${KB}/pages into ${BENCH_INDEX}`);
    await run('node_modules/.bin/tsx', ['worker/cli/ingest.ts', `${KB}/pages`, '--product-from-path', '--out', BENCH_INDEX], { timeout: 180_000, maxBuffer: 16 * 1024 * 1024 });
    return { value: await loadQuestions(`${KB}/questions.jsonl`) };
  } catch (error) {
    return { skipped: `ingesting ${KB}/pages failed (${failure(error)})` };
  }
}

const measured = (started: Date, machineLine: string) => `Measured ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC on ${machineLine} with \`npm run bench\`.`;

/** `--index-scale`: the local index built from 1×, 3× and 6× the KB (or `--scales`), one corpus at a time. */
async function indexScale(page: string | undefined): Promise<void> {
  const scalesIndex = process.argv.indexOf('--scales');
  const scales = (scalesIndex >= 0 ? (process.argv[scalesIndex + 1] ?? '') : '1,3,6').split(',').map(Number);
  if (!scales.every((copies) => Number.isInteger(copies) && copies >= 1 && copies <= 20)) throw new CliError(`--scales takes whole numbers from 1 to 20 separated by commas, e.g. 1,3,6; got "${process.argv[scalesIndex + 1] ?? ''}"`);
  if (!existsSync(`${KB}/pages`) || !existsSync(`${KB}/questions.jsonl`)) throw new CliError(`no knowledge base at ${KB} (pages/ and questions.jsonl): pass --kb <dir>`);
  const started = new Date();
  const machineLine = machine();
  const results: ScaleResult[] = [];
  for (const copies of scales) results.push(await measureScale(KB, copies, progress));
  const setup = `Copies of ${KB}/pages (copy k > 1 suffixes every page id, title and h1 with \`copy k\`), each built by \`npm run ingest -- <copies> --product-from-path\` (with \`--allow-large-index\` when it stops), then loaded in a fresh Node process the way the worker loads it (JSON.parse of docs.json and of each part it lists, then \`openIndex\`; the files' bytes are read beforehand and stand for the static assets). Heap after load is V8's used heap plus array buffers after a GC, less the same before the load. Retrieval asks the KB's ${results[0]?.load.queryMs.length ?? 0} questions once each through \`LocalRetriever.searchSync\` (top 5), after 20 warm-up questions; text blocks are read and parsed as a search needs them. The machine is shared with other work (see the load average): load and query times swing by up to 2× with it.`;
  const output = [measured(started, machineLine), '', indexScaleSection(results, setup)].join('\n');
  console.log(output);
  if (page) writeGeneratedPage(page, 'Local index at scale', commandLine('bench', process.argv.slice(2)), output);
}

async function main() {
  const writeIndex = process.argv.indexOf('--write');
  const page = writeTarget(writeIndex >= 0 ? (process.argv[writeIndex + 1] ?? '') : undefined);
  if (process.argv.includes('--index-scale')) return indexScale(page);
  const started = new Date();
  const machineLine = machine();
  progress('weight: our widget, and npm pack of the rivals');
  const [ours, rivals, questions] = await Promise.all([ourWidget(), measureRivals(), benchIndex()]);

  const llm = await startOpenAITestServer({ scenario: { reply: 'You can do that from the project settings, as the docs describe. [1]', chunkChars: 32 } });
  const hostPort = await freePort();
  let worker: WranglerDev | undefined;
  let host: Part<HostImpact> = { skipped: 'wrangler dev did not start' };
  let latency: Part<LevelResult[]> = 'skipped' in questions ? questions : { skipped: 'wrangler dev did not start' };
  const stop = async () => {
    await worker?.stop();
    await llm.close();
    await rm(BENCH_INDEX_DIR, { recursive: true, force: true });
  };
  process.once('SIGINT', () => void stop().then(() => process.exit(130)));
  try {
    progress('starting wrangler dev');
    worker = await startWranglerDev({
      ALLOWED_ORIGINS: `http://127.0.0.1:${hostPort}`,
      OPENAI_API_KEY: 'sk-bench',
      OPENAI_BASE_URL: llm.url,
      OPENAI_MODEL: 'test-model',
      // The config caps the per-visitor limit at 10000 a minute; every bench visitor has its own address anyway.
      RATE_LIMIT_VISITOR_PER_MINUTE: '10000',
      RATE_LIMIT_SITE_PER_MINUTE: '1000000',
      DAILY_LLM_CALLS: '10000000',
      DAILY_LLM_TOKENS: '1000000000',
      ...('value' in questions ? { LOCAL_INDEX_PATH: `/${BENCH_INDEX.replace(/^dist\//, '')}` } : {}),
    });
    const pages = await startHostPages(hostPort, worker.origin);
    try {
      if (!existsSync(CHROMIUM)) host = { skipped: `no Chromium at ${CHROMIUM}` };
      else {
        progress('host page: Lighthouse, 3 runs with and without the widget');
        host = await measureHostImpact(pages, worker.origin, 3, progress)
          .then((value) => ({ value }))
          .catch((error: unknown) => ({ skipped: `Lighthouse failed (${failure(error)})` }));
      }
    } finally {
      await pages.close();
    }
    if ('value' in questions) {
      progress('worker: warm-up, then 1, 10 and 50 concurrent visitors');
      latency = await measureWorkerLatency(worker.origin, questions.value, undefined, progress)
        .then((value) => ({ value }))
        .catch((error: unknown) => ({ skipped: `the latency run failed (${failure(error)})` }));
    }
  } catch (error) {
    // Only a server failing to start lands here (the measurements catch their own errors): the parts it ended say why.
    const reason = { skipped: `${worker ? 'the host-page server' : 'wrangler dev'} did not start (${failure(error)})` };
    host = reason;
    if (!('skipped' in questions) && !('value' in latency)) latency = reason;
    progress(failure(error));
  } finally {
    await stop();
  }

  const setup = `\`wrangler dev\` on loopback, in-memory store, local retriever over the Cypress docs (${KB}/pages, ${'value' in questions ? questions.value.length : 0} real questions in rotation), OpenAI-compatible test double in the bench process answering at once. "First event" is the first \`data:\` byte of the SSE body (the \`start\` event; for health, the first body byte); "first text" is the first \`text-delta\`, after retrieval and the model call.`;
  const output = [
    measured(started, machineLine),
    '',
    weightSection(ours, rivals),
    '',
    hostSection(host),
    '',
    latencySection(latency, setup),
  ].join('\n');
  console.log(output);
  if (page) writeGeneratedPage(page, 'Benchmarks', commandLine('bench', process.argv.slice(2)), output);
}

runCli(async () => {
  await main();
  process.exit(0);
});
