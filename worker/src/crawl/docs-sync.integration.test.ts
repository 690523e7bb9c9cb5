/**
 * The production docs sync at route level: the worker's scheduled handler,
 * invoked tick by tick, crawls the loopback docs site (a real HTTP server) into
 * the Upstash Vector TEST DOUBLE, with its state in real Redis behind the
 * Upstash REST bridge; the admin API shows the last sync.
 */
import { Index } from '@upstash/vector';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cypressKbPresent, startDocsSite, type DocsSite } from '../../../test/docs-site';
import { isRedisServerInstalled, startRedisServer, type RedisServer } from '../../../test/redis-server';
import { startVectorDouble, type VectorDouble } from '../../../test/upstash-vector-double';
import { startBridge, type Bridge } from '../../../tools/upstash-redis-bridge';
import { UpstashVectorRetriever } from '../adapters/upstash-vector-retriever';
import { createApp } from '../index';
import { scheduledHandler } from '../background';
import type { DocsSyncView } from '../../../shared/staff-api';

const ADMIN_TOKEN = 'admin-token-for-the-docs-sync-test';
const DAY = 86_400_000;
const CHANGED = ['click', 'type', 'wait'].map((name) => `/api/commands/${name}`);
const REMOVED = '/api/commands/scrollintoview';

describe.skipIf(!cypressKbPresent() || !isRedisServerInstalled())('the docs sync from the Worker (DOCS_SYNC_URL)', () => {
  let site: DocsSite;
  let double: VectorDouble;
  let redis: RedisServer;
  let bridge: Bridge;
  let env: Record<string, string>;
  const app = createApp();
  const logs: string[] = [];

  beforeAll(async () => {
    site = await startDocsSite({ port: 7461 });
    double = await startVectorDouble({ token: 'vector-token' });
    redis = await startRedisServer();
    bridge = await startBridge({ redisPort: redis.port, token: 'redis-token' });
    env = {
      ENVIRONMENT: 'test',
      ADMIN_TOKEN,
      UPSTASH_REDIS_REST_URL: bridge.url,
      UPSTASH_REDIS_REST_TOKEN: bridge.token,
      UPSTASH_VECTOR_REST_URL: double.url,
      UPSTASH_VECTOR_REST_TOKEN: double.token,
      // 94 pages under /api/commands/: three ticks of 40.
      DOCS_SYNC_URL: `${site.url}api/commands/`,
      DOCS_SYNC_PAGES_PER_RUN: '40',
    };
  });
  afterAll(async () => {
    await site?.close();
    await double?.close();
    await bridge?.close();
    await redis?.stop();
  });

  /** One cron tick at `at`, waited for like the Workers runtime waits for waitUntil. */
  async function tick(at: number, onEnv = env) {
    const waits: Promise<unknown>[] = [];
    const log = console.log;
    console.log = (line: string) => void logs.push(String(line));
    try {
      scheduledHandler({ scheduledTime: at }, onEnv, { waitUntil: (promise) => void waits.push(promise) });
      await Promise.all(waits);
    } finally {
      console.log = log;
    }
  }
  const view = async (onEnv = env) => (await (await app.request('/admin/api/docs-sync', { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } }, onEnv)).json()) as DocsSyncView;
  const url = (path: string) => new URL(path, site.url).href;
  const stored = () => [...(double.namespaces.get('docs')?.values() ?? [])];
  const index = () => new Index({ url: double.url, token: double.token, enableTelemetry: false, retry: false });

  it('crawls the site in slices, one per tick, resuming from Redis, and the dashboard shows the last sync', async () => {
    const start = Date.UTC(2026, 11, 1, 3, 0, 30);
    await tick(start);
    const running = await view();
    expect(running).toMatchObject({ configured: true, cron: '0 3 * * *', running: { done: 40, queued: 54 } });
    expect(running.last).toBeUndefined();
    await tick(start + 300_000);
    expect((await view()).running).toMatchObject({ done: 80, queued: 14 });
    await tick(start + 600_000);
    const done = await view();
    expect(done.running).toBeUndefined();
    expect(done.last).toMatchObject({ url: `${site.url}api/commands/`, pages: 94, added: 94, changed: 0, removed: 0, unchanged: 0, failed: 0 });
    expect(new Set(stored().map((item) => item.metadata?.pageId)).size).toBe(94);

    // Not due again until tomorrow's 03:00: a tick fetches nothing.
    const before = site.requests.length;
    await tick(start + 900_000);
    expect(site.requests.length).toBe(before);
  }, 120_000);

  it('the next day re-reads only what changed (304 for the rest), and a removed page leaves the index', async () => {
    for (const path of CHANGED) site.editPage(path, (html) => `${html}<p>Zanzibar quokka note on ${path}.</p>`);
    site.removePage(REMOVED);
    const before = site.requests.length;
    const nextDay = Date.UTC(2026, 11, 2, 3, 0, 30);
    for (let minutes = 0; minutes <= 15; minutes += 5) await tick(nextDay + minutes * 60_000);
    const last = (await view()).last!;
    expect(last).toMatchObject({ pages: 93, added: 0, changed: 3, removed: 1, unchanged: 90 });
    expect(Date.parse(last.startedAt)).toBeGreaterThan(Date.UTC(2026, 11, 1, 4));
    const bodies = site.requests.slice(before).filter((request) => request.status === 200 && !/^\/(robots\.txt|sitemap)/.test(request.path));
    expect(bodies.map((request) => request.path).sort()).toEqual(CHANGED);
    expect(stored().filter((item) => item.metadata?.pageId === REMOVED.slice(1))).toEqual([]);
    expect(stored().filter((item) => item.data?.includes('Zanzibar quokka'))).toHaveLength(3);
    const hits = await new UpstashVectorRetriever(index() as never).search({ text: 'scrollIntoView scroll an element into view', collection: 'docs', topK: 10 });
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.filter((hit) => hit.url.startsWith(url(REMOVED)))).toEqual([]);
  }, 120_000);

  it('a site that cannot be read changes nothing, says so on the dashboard, and chat still answers', async () => {
    const vectors = stored().length;
    const down = { ...env, DOCS_SYNC_URL: 'http://127.0.0.1:7462/docs/' };
    await tick(Date.UTC(2026, 11, 3, 3, 0, 30), down);
    const last = (await view(down)).last!;
    expect(last.error).toBe('nothing could be read from http://127.0.0.1:7462/docs/; the index is unchanged');
    expect(last.removed).toBe(0);
    expect(stored()).toHaveLength(vectors);
    const chat = await app.request('/v1/chat', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message: 'How do I click an element?' }) }, down);
    expect(chat.status).toBe(200);
    expect(await chat.text()).toContain('api/commands/click');
  }, 60_000);
});
