/**
 * Worker latency under concurrent visitors: a small client on fetch that times,
 * per request, the first `data:` byte of the SSE body (first stream event), the
 * first `text-delta` (first words of the answer) and the end of the body.
 * GET /v1/health is timed the same way (its first body byte), so the chat
 * route's overhead is read against a trivial route on the same run.
 * Every level is bounded in request count and in time.
 */
import { readFile } from 'node:fs/promises';
import { median, percentile } from './stats';

export type Route = 'chat' | 'health';

export interface LevelResult {
  route: Route;
  concurrency: number;
  /** Requests that completed (ok or not). */
  requests: number;
  failed: number;
  /** Why requests failed: HTTP status, "no finish event", or the network error, with counts. */
  failures: Record<string, number>;
  /** True when the time cap ended the level before `count` requests. */
  capped: boolean;
  seconds: number;
  firstEvent: number[];
  firstText: number[];
  finish: number[];
}

export interface LatencyPlan {
  levels: number[];
  /** Requests per level, by route. */
  count: Record<Route, (concurrency: number) => number>;
  /** Wall-clock cap per level, by route. */
  capMs: Record<Route, number>;
}

export const DEFAULT_PLAN: LatencyPlan = {
  levels: [1, 10, 50],
  count: { chat: (concurrency) => Math.max(100, concurrency * 8), health: (concurrency) => Math.max(400, concurrency * 40) },
  capMs: { chat: 40_000, health: 10_000 },
};

interface Timing {
  ok: boolean;
  failure?: string;
  firstEvent: number;
  firstText: number;
  finish: number;
}

/** Real visitor questions from the KB's questions.jsonl. */
export async function loadQuestions(file: string): Promise<string[]> {
  const lines = (await readFile(file, 'utf8')).split('\n').filter((line) => line.trim());
  return lines.map((line) => (JSON.parse(line) as { question: string }).question).filter(Boolean);
}

async function timeRequest(origin: string, route: Route, question: string, visitor: number): Promise<Timing> {
  const started = performance.now();
  const timing: Timing = { ok: false, firstEvent: Number.NaN, firstText: Number.NaN, finish: Number.NaN };
  try {
    const response =
      route === 'chat'
        ? await fetch(`${origin}/v1/chat`, {
            method: 'POST',
            // A distinct address per visitor, as Cloudflare would send it.
            headers: { 'content-type': 'application/json', 'cf-connecting-ip': `10.77.${Math.floor(visitor / 250) % 250}.${(visitor % 250) + 1}` },
            body: JSON.stringify({ message: question }),
            signal: AbortSignal.timeout(30_000),
          })
        : await fetch(`${origin}/v1/health`, { signal: AbortSignal.timeout(30_000) });
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
      const now = performance.now() - started;
      if (Number.isNaN(timing.firstEvent) && (route === 'health' || text.includes('data:'))) timing.firstEvent = now;
      if (Number.isNaN(timing.firstText) && text.includes('"type":"text-delta"')) timing.firstText = now;
    }
    timing.finish = performance.now() - started;
    timing.ok = response.ok && (route === 'health' || text.includes('"type":"finish"'));
    if (!response.ok) timing.failure = `HTTP ${response.status}`;
    else if (!timing.ok) timing.failure = text.includes('"type":"error"') ? 'error event' : 'no finish event';
  } catch (error) {
    timing.failure = (error as Error).name === 'TimeoutError' ? 'timeout (30 s)' : `network: ${(error as Error).message}`;
  }
  return timing;
}

/** `concurrency` visitors, each sending its next request when the last one finished. */
export async function runLevel(origin: string, route: Route, concurrency: number, count: number, capMs: number, questions: string[]): Promise<LevelResult> {
  const result: LevelResult = { route, concurrency, requests: 0, failed: 0, failures: {}, capped: false, seconds: 0, firstEvent: [], firstText: [], finish: [] };
  const started = performance.now();
  const deadline = started + capMs;
  let next = 0;
  const visitor = async (id: number) => {
    while (next < count) {
      if (performance.now() > deadline) {
        result.capped = true;
        return;
      }
      const index = next++;
      const timing = await timeRequest(origin, route, questions[index % questions.length]!, id * 100_000 + index);
      result.requests++;
      if (!timing.ok) {
        result.failed++;
        result.failures[timing.failure!] = (result.failures[timing.failure!] ?? 0) + 1;
        continue;
      }
      result.firstEvent.push(timing.firstEvent);
      if (!Number.isNaN(timing.firstText)) result.firstText.push(timing.firstText);
      result.finish.push(timing.finish);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, id) => visitor(id)));
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

/** The first chat loads the 9 MB index; a few more let workerd settle. Bounded by count and time. */
export async function warmUp(origin: string, questions: string[]): Promise<void> {
  const first = await runLevel(origin, 'chat', 1, 1, 60_000, questions);
  if (first.failed) throw new Error('the first chat failed: is the bench index readable (LOCAL_INDEX_PATH)?');
  await runLevel(origin, 'chat', 10, 40, 30_000, questions.slice(50));
  await runLevel(origin, 'health', 10, 200, 10_000, questions);
}

export async function measureWorkerLatency(origin: string, questions: string[], plan: LatencyPlan = DEFAULT_PLAN, progress: (line: string) => void = () => {}): Promise<LevelResult[]> {
  await warmUp(origin, questions);
  const results: LevelResult[] = [];
  for (const concurrency of plan.levels) {
    for (const route of ['health', 'chat'] as const) {
      // Offset the questions per level, so each level asks different ones.
      const offset = (concurrency * 37) % questions.length;
      const level = await runLevel(origin, route, concurrency, plan.count[route](concurrency), plan.capMs[route], [...questions.slice(offset), ...questions.slice(0, offset)]);
      progress(`  ${route} ×${concurrency}: ${level.requests} requests (${level.failed} failed) in ${level.seconds.toFixed(1)} s, first event p50 ${median(level.firstEvent).toFixed(1)} ms, p99 ${percentile(level.firstEvent, 99).toFixed(1)} ms`);
      results.push(level);
    }
  }
  return results;
}
