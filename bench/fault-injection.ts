/**
 * Fault-injection bench: chats and handoffs through the app (in process, via
 * app.request) with random faults in every dependency, each one the real
 * adapter against its double: the openai SDK against the OpenAI-compatible
 * double, UpstashVectorRetriever against the Upstash Vector double,
 * UpstashRedisStore and the Upstash rate limits against real Redis through the
 * Upstash REST bridge, and WebhookSink against the webhook receiver.
 *
 * Counts, after every request (faults cleared, a healthy client reading back):
 *   lostMessages   — a visitor message the visitor was not told the fate of: no
 *                    200 stream ending in finish/error and no JSON 4xx/503;
 *   unsavedMessages — told, but the visitor message is missing from Redis right
 *                    after the request (Redis was down for it: the write went
 *                    on the queue for replay);
 *   unsavedAnswers — the same for the assistant's answer of a finished stream;
 *   recoveredWrites / stillUnsaved — after the run, the queue (an in-process
 *                    Queues double running the real consumer) is drained with
 *                    Redis healthy: how many of those messages are then in
 *                    Redis, and how many are not;
 *   duplicatedMessages — list entries in Redis whose message id is stored twice;
 *   lostHandoffs   — a handoff that got a reference but is neither stored nor
 *                    delivered, or that failed without naming the support email;
 *   emailFallbacks — handoffs answered 503 with the support email (not lost).
 * Goal: lostMessages = lostHandoffs = stillUnsaved = duplicatedMessages = 0.
 *
 *   npm run bench:faults [-- --chats 1000 --handoffs 200 --seed 8 --rate 0.25]
 * The last line printed is the result as JSON.
 */
import { Redis } from '@upstash/redis';
import { Index } from '@upstash/vector';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseStreamEvent } from '../shared/protocol';
import { readDocsFolder } from '../worker/cli/docs-folder';
import { UpstashRedisStore } from '../worker/src/adapters/upstash-redis-store';
import { UpstashVectorRetriever, type VectorMetadata } from '../worker/src/adapters/upstash-vector-retriever';
import { deliveryOptions } from '../worker/src/background';
import { configFrom } from '../worker/src/config';
import type { Dependencies } from '../worker/src/dependencies';
import { createApp } from '../worker/src';
import { TestQueue } from '../test/test-queue';
import { startOpenAITestServer, type Scenario } from '../test/openai-test-server';
import { isRedisServerInstalled, startRedisServer } from '../test/redis-server';
import { startBridge, type BridgeFault } from '../tools/upstash-redis-bridge';
import { startVectorDouble, type VectorFault } from '../test/upstash-vector-double';
import { startWebhookReceiver, type WebhookFault } from '../test/webhook-receiver';
import { seededRandom as random } from '../worker/src/triage/seeded-random';

export interface FaultRunOptions {
  chats: number;
  handoffs: number;
  seed?: number;
  /** Probability that each dependency is faulty for one request. */
  faultRate?: number;
  /** Called with a progress line now and then. */
  progress?: (line: string) => void;
  /**
   * Before draining the replay queue, wait this long (ms) so the store's circuit
   * breaker (10 s) has closed, as it has in production by the first replay
   * (HANDOFF_RETRY_BASE_SECONDS, 30 s). Default 10,500.
   */
  settleMs?: number;
}

export interface FaultRunResult {
  chats: number;
  handoffs: number;
  seed: number;
  faultRate: number;
  faultsInjected: Record<'llm' | 'vector' | 'redis' | 'webhook', number>;
  lostMessages: number;
  unsavedMessages: number;
  unsavedAnswers: number;
  /** Store writes the chat route put on the queue for replay. */
  replaysQueued: number;
  recoveredWrites: number;
  stillUnsaved: number;
  duplicatedMessages: number;
  lostHandoffs: number;
  emailFallbacks: number;
  http500: number;
  unfinishedStreams: number;
  /** Wall time of the slowest chat and handoff, in ms. */
  slowestChatMs: number;
  slowestHandoffMs: number;
  seconds: number;
  examples: string[];
}

const SUPPORT_EMAIL = 'help@lumen.example';
const WEBHOOK_SECRET = 'whsec_ZmF1bHQtaW5qZWN0aW9uLWJlbmNoLXNlY3JldA==';
const QUESTIONS = [
  'What is the keyboard shortcut to search all my notes?',
  'How long is the password reset link valid?',
  'How many devices can I sync on the free plan?',
  'How do I export my notes?',
  'How do I turn on two-factor authentication?',
];

export async function runFaultInjection(options: FaultRunOptions): Promise<FaultRunResult> {
  if (!isRedisServerInstalled()) throw new Error('redis-server is not installed (apt-get install -y redis-server).');
  const seed = options.seed ?? 8;
  const faultRate = options.faultRate ?? 0.25;
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const started = Date.now();

  const redisServer = await startRedisServer();
  const bridge = await startBridge({ redisPort: redisServer.port, token: 'bench-redis-token' });
  const llm = await startOpenAITestServer();
  const receiver = await startWebhookReceiver({ secret: WEBHOOK_SECRET });
  const vector = await startVectorDouble({ token: 'bench-vector-token' });
  const quiet = silenceConsole();
  try {
    const docs = await readDocsFolder(join(import.meta.dirname, '..', 'examples', 'docs'), { baseUrl: 'http://127.0.0.1:8787/docs/', product: 'lumen' });
    await new Index<VectorMetadata>({ url: vector.url, token: vector.token, enableTelemetry: false })
      .namespace('docs')
      .upsert(docs.chunks.map((chunk) => ({ id: chunk.id, data: `${chunk.title} ${chunk.section} ${chunk.text}`, metadata: { title: chunk.title, url: chunk.url, section: chunk.section, product: chunk.product, pageId: chunk.pageId } })));
    const retriever = new UpstashVectorRetriever(new Index<VectorMetadata>({ url: vector.url, token: vector.token, enableTelemetry: false, retry: false }) as never, { timeoutMs: 300 });
    const queue = new TestQueue();
    let appDependencies: Dependencies | undefined;
    const app = createApp({ dependencies: (defaults) => (appDependencies = { ...defaults, retriever, queue }) });
    const env = {
      ENVIRONMENT: 'test',
      OPENAI_API_KEY: 'sk-bench',
      OPENAI_BASE_URL: llm.url,
      OPENAI_TIMEOUT_MS: '1000',
      OPENAI_MAX_RETRIES: '0',
      UPSTASH_REDIS_REST_URL: bridge.url,
      UPSTASH_REDIS_REST_TOKEN: bridge.token,
      UPSTASH_TIMEOUT_MS: '150',
      RATE_LIMIT_TIMEOUT_MS: '50',
      RETRIEVAL_TIMEOUT_MS: '300',
      RATE_LIMIT_VISITOR_PER_MINUTE: '10000',
      RATE_LIMIT_SITE_PER_MINUTE: '1000000',
      DAILY_LLM_CALLS: '10000000',
      DAILY_LLM_TOKENS: '1000000000',
      HANDOFF_WEBHOOK_URL: receiver.url,
      HANDOFF_WEBHOOK_SECRET: WEBHOOK_SECRET,
      SUPPORT_EMAIL,
    };
    const checker = new UpstashRedisStore(new Redis({ url: bridge.url, token: bridge.token, enableTelemetry: false }) as never, { ttlDays: 1 });

    const injected = { llm: 0, vector: 0, redis: 0, webhook: 0 };
    const result = { lostMessages: 0, unsavedMessages: 0, unsavedAnswers: 0, replaysQueued: 0, recoveredWrites: 0, stillUnsaved: 0, duplicatedMessages: 0, lostHandoffs: 0, emailFallbacks: 0, http500: 0, unfinishedStreams: 0, slowestChatMs: 0, slowestHandoffMs: 0 };
    const examples: string[] = [];
    const note = (line: string) => void (examples.length < 12 && examples.push(line));
    const conversations: { id: string; token: string }[] = [];
    const unsaved: { conversationId: string; matches: (message: { id: string; role: string; text: string }) => boolean }[] = [];

    const injectFaults = () => {
      const faults: string[] = [];
      if (next() < faultRate) {
        const scenario = pick<Scenario>([{ failStatus: 429 }, { failStatus: 500 }, { failStatus: 503 }, { dieAfterChunks: 2, chunkChars: 6 }, { dieAfterChunks: 0 }, ...(next() < 0.1 ? [{ hangMs: 1500 }] : [])]);
        llm.setScenario(scenario);
        injected.llm++;
        faults.push(`llm:${JSON.stringify(scenario)}`);
      } else llm.setScenario({});
      if (next() < faultRate) {
        const fault = pick<VectorFault>([{ status: 500 }, { status: 429 }, { delayMs: 500 }, { status: 500, times: 1 }]);
        vector.setFault({ ...fault });
        injected.vector++;
        faults.push(`vector:${JSON.stringify(fault)}`);
      } else vector.setFault(null);
      if (next() < faultRate) {
        const fault = pick<BridgeFault>([{ status: 500 }, { status: 429 }, { status: 500, times: 1 }, { status: 429, times: 2 }, { delayMs: 300, times: 2 }, { delayMs: 300 }, { closeSocket: true, times: 1 }, { closeSocket: true }]);
        bridge.setFault({ ...fault });
        injected.redis++;
        faults.push(`redis:${JSON.stringify(fault)}`);
      } else bridge.setFault(null);
      if (next() < faultRate) {
        const fault = pick<WebhookFault>([{ status: 500 }, { status: 503 }, { status: 500, times: 1 }]);
        receiver.setFault({ ...fault });
        injected.webhook++;
        faults.push(`webhook:${JSON.stringify(fault)}`);
      } else receiver.setFault(null);
      return faults.join(' ') || 'none';
    };
    const clearFaults = () => {
      llm.setScenario({});
      vector.setFault(null);
      bridge.setFault(null);
      receiver.setFault(null);
    };

    for (let index = 0; index < options.chats; index++) {
      const continuing = conversations.length > 0 && next() < 0.5 ? pick(conversations) : undefined;
      const message = `${pick(QUESTIONS)} (#${index})`;
      const faults = injectFaults();
      const began = Date.now();
      const response = await app.request(
        '/v1/chat',
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'cf-connecting-ip': `10.0.${index % 250}.${(index >> 8) % 250}` },
          body: JSON.stringify({ message, ...(continuing ? { conversationId: continuing.id, conversationToken: continuing.token } : {}) }),
        },
        env,
      );
      const outcome = await chatOutcome(response);
      result.slowestChatMs = Math.max(result.slowestChatMs, Date.now() - began);
      clearFaults();
      if (response.status >= 500 && response.status !== 503) result.http500++;
      if (outcome.kind === 'lost') {
        result.lostMessages++;
        if (outcome.unfinished) result.unfinishedStreams++;
        note(`chat #${index} lost (${outcome.detail}) under ${faults}`);
        continue;
      }
      if (outcome.kind !== 'stream') continue;
      const id = outcome.conversationId;
      if (!continuing) conversations.push({ id, token: outcome.conversationToken });
      const saved = await checker.getMessages(id).catch(() => undefined);
      const isVisitorMessage = (stored: { role: string; text: string }) => stored.role === 'visitor' && stored.text === message;
      if (!saved?.some(isVisitorMessage)) {
        result.unsavedMessages++;
        unsaved.push({ conversationId: id, matches: isVisitorMessage });
        note(`chat #${index} told but not saved under ${faults}`);
      }
      const isAnswer = (stored: { id: string }) => stored.id === outcome.messageId;
      if (outcome.finished && !saved?.some(isAnswer)) {
        result.unsavedAnswers++;
        unsaved.push({ conversationId: id, matches: isAnswer });
      }
      if (options.progress && (index + 1) % 100 === 0) options.progress(`${index + 1} chats, ${result.lostMessages} lost, ${result.unsavedMessages} unsaved`);
    }

    for (let index = 0; index < options.handoffs; index++) {
      const conversation = conversations.length > 0 && next() < 0.6 ? pick(conversations) : undefined;
      const faults = injectFaults();
      const began = Date.now();
      const response = await app.request(
        '/v1/handoff',
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'cf-connecting-ip': `10.1.${index % 250}.${(index >> 8) % 250}` },
          body: JSON.stringify({ email: `visitor${index}@example.com`, note: `bench handoff ${index}`, ...(conversation ? { conversationId: conversation.id, conversationToken: conversation.token } : {}) }),
        },
        env,
      );
      result.slowestHandoffMs = Math.max(result.slowestHandoffMs, Date.now() - began);
      const text = await response.text();
      clearFaults();
      if (response.status >= 500 && response.status !== 503) result.http500++;
      if (response.status === 201) {
        const reference = (JSON.parse(text) as { reference: string }).reference;
        const stored = await checker.getHandoff(reference).catch(() => undefined);
        const delivered = receiver.deliveries().some((delivery) => (delivery.body as { reference?: string }).reference === reference);
        if (!stored && !delivered) {
          result.lostHandoffs++;
          note(`handoff #${index} ${reference} neither stored nor delivered under ${faults}`);
        }
      } else if (response.status === 503 && text.includes(SUPPORT_EMAIL)) {
        result.emailFallbacks++;
      } else {
        result.lostHandoffs++;
        note(`handoff #${index} answered ${response.status} ${text.slice(0, 120)} under ${faults}`);
      }
      if (options.progress && (index + 1) % 50 === 0) options.progress(`${index + 1} handoffs, ${result.lostHandoffs} lost, ${result.emailFallbacks} email fallbacks`);
    }

    // Replay what the store refused, with every dependency healthy, then read it all back.
    result.replaysQueued = queue.sent.filter((task) => 'kind' in task && task.kind === 'store-write').length;
    await new Promise((resolve) => setTimeout(resolve, options.settleMs ?? 10_500));
    if (appDependencies) await queue.drain(deliveryOptions(configFrom(env), appDependencies));
    for (const item of unsaved) {
      const stored = await checker.getMessages(item.conversationId).catch(() => []);
      if (stored.some(item.matches)) result.recoveredWrites++;
      else result.stillUnsaved++;
    }
    const raw = new Redis({ url: bridge.url, token: bridge.token, enableTelemetry: false, automaticDeserialization: false });
    for (const conversation of conversations) {
      const entries = await raw.lrange<string>(`sb:msgs:${conversation.id}`, 0, -1);
      const ids = entries.map((entry) => (JSON.parse(entry) as { id: string }).id);
      result.duplicatedMessages += ids.length - new Set(ids).size;
    }

    return { chats: options.chats, handoffs: options.handoffs, seed, faultRate, faultsInjected: injected, ...result, seconds: Math.round((Date.now() - started) / 100) / 10, examples };
  } finally {
    quiet.restore();
    await Promise.allSettled([llm.close(), receiver.close(), vector.close(), bridge.close()]);
    await redisServer.stop();
  }
}

type ChatOutcome =
  | { kind: 'stream'; conversationId: string; conversationToken: string; messageId: string; finished: boolean }
  | { kind: 'refused' }
  | { kind: 'lost'; detail: string; unfinished?: boolean };

/** Was the visitor told what happened to their message? */
async function chatOutcome(response: Response): Promise<ChatOutcome> {
  const text = await response.text();
  if (response.status !== 200) {
    const told = response.status < 500 || response.status === 503 ? safeJson(text)?.error?.message : undefined;
    return told ? { kind: 'refused' } : { kind: 'lost', detail: `HTTP ${response.status}` };
  }
  const events = text
    .split('\n\n')
    .map((block) => block.split('\n').filter((line) => line.startsWith('data: ')).map((line) => line.slice(6)).join('\n'))
    .filter(Boolean)
    .map((data) => parseStreamEvent(data));
  const start = events[0];
  const last = events.at(-1);
  if (start?.type !== 'start') return { kind: 'lost', detail: 'no start event' };
  if (!last || (last.type !== 'finish' && last.type !== 'error')) return { kind: 'lost', detail: 'stream ended without finish or error', unfinished: true };
  const said = events.some((event) => (event?.type === 'text-delta' && event.delta.trim()) || event?.type === 'error');
  if (!said) return { kind: 'lost', detail: 'stream said nothing' };
  return { kind: 'stream', conversationId: start.conversationId, conversationToken: start.conversationToken, messageId: start.messageId, finished: last.type === 'finish' };
}

function safeJson(text: string): { error?: { message?: string } } | undefined {
  try {
    return JSON.parse(text) as { error?: { message?: string } };
  } catch {
    return undefined;
  }
}

/** The product logs every degraded path; a bench of a thousand faults would drown the result. */
function silenceConsole() {
  const original = { log: console.log, warn: console.warn, error: console.error, info: console.info };
  const nothing = () => undefined;
  Object.assign(console, { log: nothing, warn: nothing, error: nothing, info: nothing });
  return { restore: () => Object.assign(console, original) };
}

function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const log = console.log;
  const result = await runFaultInjection({
    chats: argument('chats', 1000),
    handoffs: argument('handoffs', 200),
    seed: argument('seed', 8),
    faultRate: argument('rate', 0.25),
    progress: (line) => process.stderr.write(`${line}\n`),
  });
  log(
    `fault injection: ${result.chats} chats, ${result.handoffs} handoffs, ${result.lostMessages} lost messages, ${result.lostHandoffs} lost handoffs, ` +
      `${result.unsavedMessages} visitor messages and ${result.unsavedAnswers} answers not stored during the request, ${result.recoveredWrites} of them recovered from the queue after the run, ` +
      `${result.stillUnsaved} still unsaved, ${result.duplicatedMessages} duplicated, ${result.emailFallbacks} email fallbacks, ${result.seconds} s`,
  );
  log(JSON.stringify(result));
  process.exitCode = result.lostMessages === 0 && result.lostHandoffs === 0 && result.stillUnsaved === 0 && result.duplicatedMessages === 0 ? 0 : 1;
}
