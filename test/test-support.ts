/**
 * Real parts for route tests: the app with the in-memory store, a local index
 * built from the demo docs by the same code as `npm run ingest`, and (when asked)
 * the real OpenAI adapter pointed at the OpenAI-compatible test double.
 */
import { join } from 'node:path';
import { readDocsFolder, readTickets } from '../worker/cli/docs-folder';
import { LocalRetriever } from '../worker/src/adapters/local-retriever';
import { MemoryStore } from '../worker/src/adapters/memory-store';
import { OpenAIChatModel } from '../worker/src/adapters/openai-chat-model';
import type { Dependencies } from '../worker/src/dependencies';
import { createApp } from '../worker/src';
import type { ChatModel, HandoffQueue, HandoffSink, Retriever, TicketIndex } from '../worker/src/ports';
import { buildIndex, type SearchIndex } from '../worker/src/retrieval/search-index';
import { ResolvedTicketsRetriever } from '../worker/src/adapters/resolved-tickets-retriever';
import type { SupportStore } from '../worker/src/ports/support-store';
import { StoreError } from '../worker/src/adapters/store-error';
import { parseStreamEvent, type StreamEvent } from '../shared/protocol';

const examples = join(import.meta.dirname, '..', 'examples');
let demo: Promise<LocalRetriever> | undefined;
let demoDocs: Promise<SearchIndex> | undefined;

/** The demo docs alone, indexed once per test file: the background corpus for tickets resolved in the inbox. */
export function demoDocsIndex(): Promise<SearchIndex> {
  demoDocs ??= readDocsFolder(join(examples, 'docs'), { baseUrl: 'http://127.0.0.1:8787/docs/', product: 'lumen' }).then((docs) => buildIndex(docs.chunks, 'docs'));
  return demoDocs;
}

/** The demo docs and tickets, indexed once per test file. */
export function demoRetriever(): Promise<LocalRetriever> {
  demo ??= (async () => {
    const docs = await readDocsFolder(join(examples, 'docs'), { baseUrl: 'http://127.0.0.1:8787/docs/', product: 'lumen' });
    const tickets = await readTickets(join(examples, 'tickets.jsonl'));
    return new LocalRetriever({ docs: buildIndex(docs.chunks, 'docs', { anchors: docs.anchors }), tickets: buildIndex(tickets.chunks, 'tickets') });
  })();
  return demo;
}

export function testModel(baseURL: string, timeoutMs = 3000): ChatModel {
  return new OpenAIChatModel({ apiKey: 'sk-test-double', baseURL, model: 'test-model', timeoutMs, maxRetries: 0 });
}

export interface TestAppOptions {
  env?: Record<string, string>;
  retriever?: Retriever;
  model?: ChatModel;
  store?: SupportStore;
  sinks?: HandoffSink[];
  /** The delivery engine's retries (an in-process queue double in tests). */
  queue?: HandoffQueue;
  tickets?: TicketIndex;
  email?: HandoffSink;
  limits?: Dependencies['limits'];
}

export async function testApp(options: TestAppOptions = {}) {
  const store = options.store ?? new MemoryStore();
  // Like production's local setup: the static indexes plus tickets resolved in the inbox (kept in the store).
  const retriever = options.retriever ?? new ResolvedTicketsRetriever(await demoRetriever(), store, { background: demoDocsIndex });
  const lines: string[] = [];
  const app = createApp({
    dependencies: (defaults): Dependencies => ({
      ...defaults,
      store,
      retriever,
      model: options.model,
      sinks: options.sinks ?? [],
      ...(options.queue ? { queue: options.queue } : {}),
      ...(options.tickets ? { tickets: options.tickets } : {}),
      ...(options.email ? { email: options.email } : {}),
      limits: options.limits ?? defaults.limits,
      log: (line) => lines.push(line),
    }),
  });
  const env = { ENVIRONMENT: 'test', ...options.env };
  const request = (path: string, init: RequestInit = {}) => app.request(path, init, env);
  return { app, store, env, logs: lines, request };
}

export const json = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

/** Read a whole SSE response into protocol events; anything outside the protocol fails the test. */
export async function readEvents(response: Response): Promise<StreamEvent[]> {
  const text = await response.text();
  return text
    .split('\n\n')
    .map((block) => block.split('\n').filter((line) => line.startsWith('data: ')).map((line) => line.slice(6)).join('\n'))
    .filter(Boolean)
    .map((data) => {
      const event = parseStreamEvent(data);
      if (!event) throw new Error(`not a protocol event: ${data}`);
      return event;
    });
}

export const textOf = (events: StreamEvent[]) => events.flatMap((event) => (event.type === 'text-delta' ? [event.delta] : [])).join('');

/**
 * A store with an outage switch, failing the way UpstashRedisStore does while
 * Redis is down: every operation throws a StoreError, except that history
 * reads degrade to [] and counters never throw.
 */
export function withOutage(store: SupportStore): { store: SupportStore; setDown(down: boolean): void } {
  let down = false;
  const failing = new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (!down) return (value as (...args: unknown[]) => unknown).apply(target, args);
        if (property === 'getMessages') return Promise.resolve([]);
        if (property === 'increment') return Promise.resolve();
        return Promise.reject(new StoreError(String(property), 'redis unavailable'));
      };
    },
  });
  return { store: failing, setDown: (value) => void (down = value) };
}
