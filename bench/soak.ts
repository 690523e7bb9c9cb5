/**
 * Soak: steady chat traffic against a real `wrangler dev` (generative, through
 * the OpenAI-compatible double) for a while, sampling the resident memory of
 * its workerd processes from /proc. Memory should be flat: the end figure
 * close to the figure after warm-up.
 *
 *   npm run build && npm run bench:soak [-- --minutes 10 --rate 20 --port 48900]
 * The last line printed is the result as JSON. Not part of npm test.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { startOpenAITestServer } from '../test/openai-test-server';

const QUESTIONS = [
  'What is the keyboard shortcut to search all my notes?',
  'How long is the password reset link valid?',
  'How many devices can I sync on the free plan?',
  'How do I export my notes?',
];

function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
}

/** Every descendant of `root`, from /proc. */
function descendants(root: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
    } catch {
      // The process ended while we looked.
    }
  }
  const found: number[] = [];
  const queue = [root];
  while (queue.length) {
    const pid = queue.shift()!;
    for (const child of parents.get(pid) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

/** Resident memory of the workerd processes under `root`, in MB. */
function workerdRssMb(root: number): number {
  let kb = 0;
  for (const pid of descendants(root)) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      if (!/^Name:\s*workerd/m.test(status)) continue;
      kb += Number(/^VmRSS:\s*(\d+)/m.exec(status)?.[1] ?? 0);
    } catch {
      // Gone.
    }
  }
  return Math.round(kb / 102.4) / 10;
}

async function waitFor(url: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // Not up yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${url} did not come up`);
}

async function main() {
  const minutes = argument('minutes', 10);
  const rate = argument('rate', 20);
  const port = argument('port', 48900);
  const llm = await startOpenAITestServer();
  const vars = { OPENAI_API_KEY: 'sk-soak', OPENAI_BASE_URL: llm.url, OPENAI_MODEL: 'test-model', RATE_LIMIT_VISITOR_PER_MINUTE: '10000', RATE_LIMIT_SITE_PER_MINUTE: '1000000', DAILY_LLM_CALLS: '10000000', DAILY_LLM_TOKENS: '1000000000' };
  const args = ['wrangler', 'dev', '--port', String(port), '--inspector-port', String(port + 1), '--persist-to', `.wrangler/soak-${port}`, '--show-interactive-dev-session=false', ...Object.entries(vars).flatMap(([name, value]) => ['--var', `${name}:${value}`])];
  const wrangler = spawn('npx', args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, WRANGLER_SEND_METRICS: 'false' }, detached: true });
  let stderr = '';
  wrangler.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const origin = `http://127.0.0.1:${port}`;
  const samples: { second: number; rssMb: number }[] = [];
  let sent = 0;
  let failed = 0;
  try {
    await waitFor(`${origin}/v1/health`, 90_000);
    const chat = async (index: number) => {
      try {
        const response = await fetch(`${origin}/v1/chat`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'cf-connecting-ip': `10.9.${index % 250}.1` },
          body: JSON.stringify({ message: QUESTIONS[index % QUESTIONS.length] }),
        });
        const text = await response.text();
        if (!response.ok || !text.includes('"finish"')) failed++;
      } catch {
        failed++;
      }
    };
    // Warm-up: the first requests load the index and compile code; memory is measured from here.
    await Promise.all(Array.from({ length: 20 }, (_, index) => chat(index)));
    const started = Date.now();
    const end = started + minutes * 60_000;
    const pending = new Set<Promise<void>>();
    let nextSample = started;
    while (Date.now() < end) {
      if (Date.now() >= nextSample) {
        samples.push({ second: Math.round((Date.now() - started) / 1000), rssMb: workerdRssMb(wrangler.pid!) });
        process.stderr.write(`t=${samples.at(-1)!.second}s rss=${samples.at(-1)!.rssMb} MB sent=${sent} failed=${failed}\n`);
        nextSample += 30_000;
      }
      const request = chat(sent++).finally(() => pending.delete(request));
      pending.add(request);
      await new Promise((resolve) => setTimeout(resolve, 1000 / rate));
    }
    await Promise.all(pending);
    samples.push({ second: Math.round((Date.now() - started) / 1000), rssMb: workerdRssMb(wrangler.pid!) });
  } catch (error) {
    console.error(`soak failed: ${(error as Error).message}\n${stderr}`);
    process.exitCode = 1;
  } finally {
    try {
      process.kill(-wrangler.pid!, 'SIGTERM');
    } catch {
      // Already gone.
    }
    await llm.close();
  }
  const start = samples[0]?.rssMb ?? 0;
  const last = samples.at(-1)?.rssMb ?? 0;
  const peak = Math.max(0, ...samples.map((sample) => sample.rssMb));
  const result = { minutes, ratePerSecond: rate, chats: sent, failed, startRssMb: start, endRssMb: last, peakRssMb: peak, growthMb: Math.round((last - start) * 10) / 10, growthPercent: start ? Math.round(((last - start) / start) * 1000) / 10 : null, samples };
  console.log(`soak: ${sent} chats in ${minutes} min, ${failed} failed, workerd RSS ${start} MB → ${last} MB (peak ${peak} MB)`);
  console.log(JSON.stringify(result));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
