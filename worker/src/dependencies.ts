/**
 * Composition of adapters from config: the one place that knows which vendor
 * backs which port. Instances live at module scope, once per isolate.
 */
import { LocalRetriever } from './adapters/local-retriever';
import { MemoryStore } from './adapters/memory-store';
import { OpenAIChatModel } from './adapters/openai-chat-model';
import type { SupportStore } from './adapters/store-extensions';
import { WebhookSink } from './adapters/webhook-sink';
import type { Config } from './config';
import type { AssetFetcher, Bindings } from './env';
import type { ChatModel, HandoffSink, Retriever, SearchQuery } from './ports';
import { loadIndex, type SearchIndex } from './retrieval/search-index';

export interface Dependencies {
  store: SupportStore;
  retriever: Retriever;
  /** Absent without OPENAI_API_KEY: answers are extractive. */
  model?: ChatModel;
  sinks: HandoffSink[];
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

  async #fetchIndex(path: string): Promise<SearchIndex | undefined> {
    const response = await this.#assets!.fetch(new Request(new URL(path, 'http://assets.local')));
    if (response.status === 404) return undefined;
    if (!response.ok) throw new RetrievalUnavailableError(`Loading ${path} answered ${response.status}.`);
    return loadIndex(await response.json());
  }
}

const log = (line: string) => console.log(`[switchboard] ${line}`);

let cached: { key: Bindings; dependencies: Dependencies } | undefined;
const memoryStore = new MemoryStore();

export function resolveDependencies(env: Bindings, config: Config): Dependencies {
  if (cached?.key === env) return cached.dependencies;
  const sinks: HandoffSink[] = [];
  if (config.handoffWebhookUrl) sinks.push(new WebhookSink({ url: config.handoffWebhookUrl, secret: config.handoffWebhookSecret || undefined }));
  const dependencies: Dependencies = {
    store: memoryStore,
    retriever: new AssetIndexRetriever(env.ASSETS, config.indexUrl),
    model: config.openaiApiKey
      ? new OpenAIChatModel({
          apiKey: config.openaiApiKey,
          baseURL: config.openaiBaseUrl,
          model: config.openaiModel,
          timeoutMs: config.openaiTimeoutMs,
          maxRetries: config.openaiMaxRetries,
        })
      : undefined,
    sinks,
    log,
  };
  cached = { key: env, dependencies };
  return dependencies;
}
