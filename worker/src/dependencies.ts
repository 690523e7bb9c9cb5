/**
 * Composition of adapters from config: the one place that knows which vendor
 * backs which port. Env vars alone switch backends:
 *   UPSTASH_REDIS_REST_URL/TOKEN  → Upstash Redis store and rate limits, else in memory;
 *   UPSTASH_VECTOR_REST_URL/TOKEN → Upstash Vector retrieval, else the local index;
 *   OPENAI_API_KEY                → generated answers, else extractive ones.
 * Instances live at module scope, once per isolate.
 */
import { Redis } from '@upstash/redis/cloudflare';
import { Index } from '@upstash/vector/cloudflare';
import OpenAI from 'openai';
import { LocalRetriever } from './adapters/local-retriever';
import { MemoryRateLimiter } from './adapters/memory-rate-limiter';
import { MemoryStore } from './adapters/memory-store';
import { OpenAIChatModel } from './adapters/openai-chat-model';
import type { SupportStore } from './ports/support-store';
import { MemoryTokenBudget, type TokenBudget } from './ports/limits';
import { UpstashRateLimiter, UpstashTokenBudget } from './adapters/upstash-rate-limiter';
import { UpstashRedisStore } from './adapters/upstash-redis-store';
import { UpstashVectorRetriever, type Embedder, type VectorMetadata } from './adapters/upstash-vector-retriever';
import { WebhookSink } from './adapters/webhook-sink';
import { CloudflareHandoffQueue, type QueueBinding } from './adapters/cloudflare-handoff-queue';
import { ResolvedTicketsRetriever, StoreTicketIndex } from './adapters/resolved-tickets-retriever';
import { SlackSink } from './adapters/slack-sink';
import { UpstashVectorTicketIndex } from './adapters/upstash-vector-ticket-index';
import { UpstashVectorDocsWriter } from './adapters/upstash-vector-docs-writer';
import { UpstashRedisDocsSyncState } from './adapters/upstash-redis-docs-sync-state';
import type { DocsIndexWriter, DocsSyncState } from './ports/docs-sync';
import { safeLogLine } from './log/log-line';
import type { Config } from './config';
import type { ChatModel, HandoffQueue, HandoffSink, RateLimiter, Retriever, SearchQuery, TicketIndex, TriageJudge } from './ports';
import { openIndex } from './retrieval/index-files';
import type { SearchIndex } from './retrieval/search-index';

/** The part of the Workers static-assets binding we use. */
export interface AssetFetcher {
  fetch(request: Request): Promise<Response>;
}

/** Worker bindings: static assets plus string vars and secrets (parsed by config.ts). */
export interface Bindings {
  ASSETS?: AssetFetcher;
  [variable: string]: unknown;
}

export interface Limits {
  /** Chat messages per visitor (anonymous id + CF-Connecting-IP). */
  visitor: RateLimiter;
  /** Chat messages per network address: five visitors' worth (offices share addresses), so new conversations can't multiply one visitor's limit. */
  network: RateLimiter;
  /** Chat messages for the whole site. */
  site: RateLimiter;
  /**
   * A fifth of the site's minute held back for addresses sending their first message in it: a few busy
   * clients that spend `site` cannot lock every new visitor out.
   */
  siteReserve: RateLimiter;
  /** Handoffs per IP: looser, so a person stays reachable. */
  handoff: RateLimiter;
  /** Handoffs for the whole site (RATE_LIMIT_SITE_HANDOFFS_PER_HOUR): a flood from many addresses cannot bury the inbox. */
  handoffSite: RateLimiter;
  /** Transcript reads (GET /v1/conversations/:id) per address: every guess costs a store read. */
  restore: RateLimiter;
  /** Failed staff sign-ins (/admin/api, /agent/api) per address. */
  staffAuth: RateLimiter;
  /** LLM calls per UTC day; past it, answers are extractive. */
  llmCalls: RateLimiter;
  llmTokens: TokenBudget;
}

export interface Dependencies {
  store: SupportStore;
  retriever: Retriever;
  /** Absent without OPENAI_API_KEY: answers are extractive. */
  model?: ChatModel;
  /** With OPENAI_API_KEY: the structured triage call per message (the same client as the model). */
  triageJudge?: TriageJudge;
  sinks: HandoffSink[];
  /** Retries of handoff delivery: the HANDOFF_QUEUE binding (Cloudflare Queues). Absent: the sweep retries. */
  queue?: HandoffQueue;
  /** Where resolved cases go: Upstash Vector's tickets namespace, or the store (searched by ResolvedTicketsRetriever). */
  tickets: TicketIndex;
  /** EMAIL_WEBHOOK_URL: agent replies, for your mailer to send to the visitor. */
  email?: HandoffSink;
  /** DOCS_SYNC_URL: where the docs sync keeps its state (Redis) and the docs namespace it writes (Upstash Vector). */
  docsSync?: { state: DocsSyncState; index: DocsIndexWriter };
  limits: Limits;
  log: (line: string) => void;
}

export class RetrievalUnavailableError extends Error {
  override readonly name = 'RetrievalUnavailableError';
}

/** Loads the local index from static assets on first use; a failed load is retried on the next question. */
export class AssetIndexRetriever implements Retriever {
  #loading?: Promise<LocalRetriever>;
  readonly #assets: AssetFetcher | undefined;
  readonly #paths: { docs: string; tickets: string };

  constructor(assets: AssetFetcher | undefined, docsPath: string) {
    this.#assets = assets;
    this.#paths = { docs: docsPath, tickets: docsPath.replace(/docs\.json$/, 'tickets.json') };
  }

  async search(query: SearchQuery) {
    this.#loading ??= this.#load().catch((error: unknown) => {
      this.#loading = undefined;
      throw error;
    });
    return (await this.#loading).search(query);
  }

  async #load(): Promise<LocalRetriever> {
    if (!this.#assets) throw new RetrievalUnavailableError('No ASSETS binding: the local index cannot be loaded.');
    const docs = await this.#fetchIndex(this.#paths.docs);
    if (!docs) throw new RetrievalUnavailableError(`No local index at ${this.#paths.docs}: run \`npm run ingest -- <docs folder>\`.`);
    const tickets = await this.#fetchIndex(this.#paths.tickets);
    return new LocalRetriever({ docs, tickets });
  }

  #fetchIndex(path: string): Promise<SearchIndex | undefined> {
    return loadAssetIndex(this.#assets!, path);
  }
}

/** The local index at `path` among the static assets, its parts included; undefined when there is none. */
export async function loadAssetIndex(assets: AssetFetcher, path: string): Promise<SearchIndex | undefined> {
  const url = new URL(path, 'http://assets.local');
  const entry = await assets.fetch(new Request(url));
  if (entry.status === 404) return undefined;
  if (!entry.ok) throw new RetrievalUnavailableError(`Loading ${path} answered ${entry.status}.`);
  return openIndex(await entry.json(), async (name) => {
    const part = await assets.fetch(new Request(new URL(name, url)));
    if (!part.ok) throw new RetrievalUnavailableError(`Loading ${new URL(name, url).pathname}, a part of ${path}, answered ${part.status}: run \`npm run ingest\` and deploy again.`);
    return part.json();
  });
}

const log = (line: string) => console.log(`[switchboard] ${safeLogLine(line)}`);
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

function openAIClient(config: Config): OpenAI {
  return new OpenAI({ apiKey: config.openaiApiKey, baseURL: config.openaiBaseUrl, timeout: config.openaiTimeoutMs, maxRetries: config.openaiMaxRetries, logLevel: 'warn' });
}

function embedder(config: Config): Embedder | undefined {
  if (!config.embeddingModel || !config.openaiApiKey) return undefined;
  const client = openAIClient(config);
  return async (texts, signal) => {
    const response = await client.embeddings.create({ model: config.embeddingModel, input: texts }, { signal });
    return response.data.map((item) => item.embedding);
  };
}

/** Retrieval and where resolved tickets go: both Upstash Vector, or the local index plus the store's resolved tickets. */
function knowledgeFrom(env: Bindings, config: Config, store: SupportStore): { retriever: Retriever; tickets: TicketIndex } {
  if (config.vectorUrl) {
    const retriever = retrieverFrom(env, config);
    return { retriever, tickets: new UpstashVectorTicketIndex(vectorIndex(config), { embed: embedder(config) }) };
  }
  const background = async () => (env.ASSETS ? loadAssetIndex(env.ASSETS, config.indexUrl) : undefined);
  return { retriever: new ResolvedTicketsRetriever(retrieverFrom(env, config), store, { background }), tickets: new StoreTicketIndex() };
}

function vectorIndex(config: Config): Index<VectorMetadata> {
  return new Index<VectorMetadata>({
    url: config.vectorUrl,
    token: config.vectorToken,
    retry: { retries: 1, backoff: () => 50 },
    signal: () => AbortSignal.timeout(config.retrievalTimeoutMs),
  } as ConstructorParameters<typeof Index<VectorMetadata>>[0]);
}

/** The sync writes in batches of up to 1000 vectors: a longer timeout than a question's retrieval. */
function docsIndex(config: Config): Index {
  return new Index({ url: config.vectorUrl, token: config.vectorToken, retry: { retries: 2 }, signal: () => AbortSignal.timeout(30_000) } as ConstructorParameters<typeof Index>[0]);
}

function retrieverFrom(env: Bindings, config: Config): Retriever {
  if (!config.vectorUrl) return new AssetIndexRetriever(env.ASSETS, config.indexUrl);
  const index = new Index<VectorMetadata>({
    url: config.vectorUrl,
    token: config.vectorToken,
    retry: { retries: 1, backoff: () => 50 },
    // A function, not a signal: the client fakes a 200 for a plain aborted AbortSignal.
    signal: () => AbortSignal.timeout(config.retrievalTimeoutMs),
  } as ConstructorParameters<typeof Index<VectorMetadata>>[0]);
  return new UpstashVectorRetriever(index, { embed: embedder(config), timeoutMs: config.retrievalTimeoutMs });
}

function limitsFrom(config: Config, redis: Redis | undefined): Limits {
  const limiter = (name: string, limit: number, windowMs: number): RateLimiter =>
    redis ? new UpstashRateLimiter(redis, { name, limit, windowMs, timeoutMs: config.rateLimitTimeoutMs }) : new MemoryRateLimiter({ limit, windowMs });
  return {
    visitor: limiter('visitor', config.rateLimitVisitorPerMinute, MINUTE),
    network: limiter('network', config.rateLimitVisitorPerMinute * 5, MINUTE),
    site: limiter('site', config.rateLimitSitePerMinute, MINUTE),
    siteReserve: limiter('site-reserve', Math.max(1, Math.ceil(config.rateLimitSitePerMinute / 5)), MINUTE),
    handoff: limiter('handoff', 10, 10 * MINUTE),
    handoffSite: limiter('handoff-site', config.rateLimitSiteHandoffsPerHour, 60 * MINUTE),
    restore: limiter('restore', config.rateLimitVisitorPerMinute * 3, MINUTE),
    staffAuth: limiter('staff-auth', 20, MINUTE),
    // DAILY_LLM_CALLS=0 means none: a limiter of 1 (the window libraries need ≥ 1) would let one call through.
    llmCalls: config.dailyLlmCalls === 0 ? { limit: async () => ({ success: false, limit: 0, remaining: 0, reset: Date.now() + DAY }) } : limiter('llm-calls', config.dailyLlmCalls, DAY),
    llmTokens: redis
      ? new UpstashTokenBudget(redis, { dailyTokens: config.dailyLlmTokens, timeoutMs: config.rateLimitTimeoutMs })
      : new MemoryTokenBudget({ dailyTokens: config.dailyLlmTokens }),
  };
}

let cached: { key: Bindings; dependencies: Dependencies } | undefined;
const memoryStore = new MemoryStore();

export function resolveDependencies(env: Bindings, config: Config): Dependencies {
  if (cached?.key === env) return cached.dependencies;
  const redis = config.redisUrl
    ? new Redis({
        url: config.redisUrl,
        token: config.redisToken,
        // Retries are the store's alone (adapters/resilience.ts), so their worst case is known; the signal aborts a request the store gave up on.
        retry: false,
        signal: () => AbortSignal.timeout(config.redisTimeoutMs),
      })
    : undefined;
  const sinks: HandoffSink[] = [];
  if (config.handoffWebhookUrl) sinks.push(new WebhookSink({ url: config.handoffWebhookUrl, secret: config.handoffWebhookSecret || undefined }));
  if (config.slackWebhookUrl) sinks.push(new SlackSink({ url: config.slackWebhookUrl, publicUrl: config.publicUrl }));
  const store = redis ? new UpstashRedisStore(redis, { ttlDays: config.conversationTtlDays, timeoutMs: config.redisTimeoutMs }) : memoryStore;
  const knowledge = knowledgeFrom(env, config, store);
  const llm = config.openaiApiKey
    ? new OpenAIChatModel({
        apiKey: config.openaiApiKey,
        baseURL: config.openaiBaseUrl,
        model: config.openaiModel,
        timeoutMs: config.openaiTimeoutMs,
        maxRetries: config.openaiMaxRetries,
      })
    : undefined;
  const dependencies: Dependencies = {
    store,
    retriever: knowledge.retriever,
    tickets: knowledge.tickets,
    ...(env.HANDOFF_QUEUE ? { queue: new CloudflareHandoffQueue(env.HANDOFF_QUEUE as QueueBinding) } : {}),
    ...(config.emailWebhookUrl ? { email: new WebhookSink({ url: config.emailWebhookUrl, secret: config.handoffWebhookSecret || undefined }) } : {}),
    ...(llm ? { model: llm, ...(config.triageWithLlm ? { triageJudge: llm } : {}) } : {}),
    sinks,
    ...(config.docsSyncUrl && redis && config.vectorUrl
      ? { docsSync: { state: new UpstashRedisDocsSyncState(redis), index: new UpstashVectorDocsWriter(docsIndex(config), { embed: embedder(config) }) } }
      : {}),
    limits: limitsFrom(config, redis),
    log,
  };
  cached = { key: env, dependencies };
  return dependencies;
}
