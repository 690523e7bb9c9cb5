/**
 * Shared parts of the reliability and security suite: the app with known
 * secrets in its env, wrappers that count every call a request makes to the
 * store and the retriever, and a capture of everything written to the console.
 * Unlike `testApp`, the product's own `log` is kept, so log lines are the real ones.
 */
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vi } from 'vitest';
import { readDocsFolder } from '../worker/cli/docs-folder';
import { LocalRetriever } from '../worker/src/adapters/local-retriever';
import { MemoryStore } from '../worker/src/adapters/memory-store';
import type { Dependencies } from '../worker/src/dependencies';
import { createApp } from '../worker/src';
import type { ChatModel, HandoffSink, Retriever } from '../worker/src/ports';
import { buildIndex } from '../worker/src/retrieval/search-index';
import { demoRetriever } from './test-support';

/** Known values for every secret, so any output can be searched for them. */
export const SECRETS = {
  OPENAI_API_KEY: 'sk-live-SECRETopenaiKEY0123456789abcdef',
  HANDOFF_WEBHOOK_SECRET: 'whsec_U0VDUkVUd2ViaG9va1NFQ1JFVDAxMjM0NTY3ODk=',
  IDENTITY_SECRET: 'SECRETidentity-0123456789-signing-key',
  UPSTASH_REDIS_REST_TOKEN: 'SECRETredisTOKEN0123456789',
  UPSTASH_VECTOR_REST_TOKEN: 'SECRETvectorTOKEN0123456789',
  ADMIN_TOKEN: 'SECRETadminTOKEN0123456789abcdefghij',
  AGENT_TOKEN: 'SECRETagentTOKEN0123456789abcdefghij',
} as const;

/** Every secret value, and the parts of them that would betray a leak (the base64 key inside whsec_). */
export const secretNeedles = (): string[] => [...Object.values(SECRETS), SECRETS.HANDOFF_WEBHOOK_SECRET.slice('whsec_'.length)];

export interface CallCounter {
  calls: string[];
}

/** A proxy that records every method called on `target`. */
export function counting<T extends object>(target: T, label: string, counter: CallCounter): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      const value = Reflect.get(object, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        counter.calls.push(`${label}.${String(property)}`);
        return (value as (...a: unknown[]) => unknown).apply(object, args);
      };
    },
  });
}

export interface SecurityAppOptions {
  env?: Record<string, string>;
  retriever?: Retriever;
  /** Replace the model built from env (OPENAI_API_KEY + OPENAI_BASE_URL). */
  model?: ChatModel;
  store?: Dependencies['store'];
  sinks?: HandoffSink[];
  /** Keep the store and limits built from env (Upstash) instead of a fresh MemoryStore. */
  storeFromEnv?: boolean;
}

/** The app composed from env like production, with counted store and retriever calls. */
export async function securityApp(options: SecurityAppOptions = {}) {
  const counter: CallCounter = { calls: [] };
  const retriever = counting(options.retriever ?? (await demoRetriever()), 'retriever', counter);
  const memory = options.store ?? new MemoryStore();
  const app = createApp({
    dependencies: (defaults): Dependencies => ({
      ...defaults,
      store: counting(options.storeFromEnv ? defaults.store : memory, 'store', counter),
      retriever,
      model: options.model ?? defaults.model,
      sinks: options.sinks ?? defaults.sinks,
    }),
  });
  // A fresh env object per app: config and per-isolate limits are cached by env identity.
  const env: Record<string, unknown> = { ENVIRONMENT: 'test', ...options.env };
  const request = (path: string, init: RequestInit = {}) => app.request(path, init, env);
  return { app, env, request, counter, store: memory };
}

/** Everything written through console.* while `run` executes (or until `restore`). */
export function captureConsole() {
  const lines: string[] = [];
  const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((method) =>
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      lines.push(args.map((arg) => (typeof arg === 'string' ? arg : arg instanceof Error ? `${arg.name}: ${arg.message}\n${arg.stack}` : safeStringify(arg))).join(' '));
    }),
  );
  return {
    lines,
    restore: () => spies.forEach((spy) => spy.mockRestore()),
  };
}

function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Hostile control characters: zero-width, bidi overrides, NUL, ANSI escape, C1 and line separators. */
export const CONTROL = {
  zeroWidth: '\u200b\u200c\u200d\u2060\ufeff',
  rtlOverride: '\u202e\u2066\u2067\u2068\u2069\u202d',
  nul: '\u0000',
  ansi: '\u001b[31m\u001b[2J\u001b]0;owned\u0007',
  c1: '\u0085\u009b',
  separators: '\u2028\u2029',
};
export const ALL_CONTROL = Object.values(CONTROL).join('');
/** Matches any raw control or invisible formatting character a log line must not carry. */
export const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2028\u2029\u2060-\u2069\ufeff]/;

/** A local index of the demo docs plus these Markdown pages, built by the same code as `npm run ingest`. */
export async function ingestDocs(pages: Record<string, string>, baseUrl = 'http://127.0.0.1:8787/docs/'): Promise<LocalRetriever> {
  const folder = await mkdtemp(join(tmpdir(), 'switchboard-security-'));
  try {
    await cp(join(import.meta.dirname, '..', 'examples', 'docs'), folder, { recursive: true });
    for (const [name, content] of Object.entries(pages)) await writeFile(join(folder, name), content);
    const docs = await readDocsFolder(folder, { baseUrl, product: 'lumen' });
    return new LocalRetriever({ docs: buildIndex(docs.chunks, 'docs', { anchors: docs.anchors }), tickets: buildIndex([], 'tickets') });
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
