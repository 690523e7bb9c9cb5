import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config';
import type { Dependencies } from '../dependencies';
import type { AppEnv } from '../env';
import { MemoryStore } from '../adapters/memory-store';
import { storeCallWorstMs } from '../ports/support-store';
import { replayOptions } from './replay-options';

/** The replay timing a request gets, under a given UPSTASH_TIMEOUT_MS. */
async function worstMsUnder(env: Record<string, string>): Promise<number> {
  const app = new Hono<AppEnv>();
  app.use(async (c, next) => {
    c.set('config', parseConfig({ ENVIRONMENT: 'test', ...env }));
    c.set('dependencies', { store: new MemoryStore(), sinks: [], log: () => undefined } as unknown as Dependencies);
    await next();
  });
  app.get('/', (c) => c.json({ worst: replayOptions(c).storeCallWorstMs }));
  return ((await (await app.request('/')).json()) as { worst: number }).worst;
}

describe('replayOptions', () => {
  it('derives the store call worst case from UPSTASH_TIMEOUT_MS', async () => {
    expect(await worstMsUnder({})).toBe(4_100);
    expect(await worstMsUnder({ UPSTASH_TIMEOUT_MS: '5000' })).toBe(storeCallWorstMs(5_000));
    expect(storeCallWorstMs(5_000)).toBe(10_100);
  });
});
