import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from '@upstash/redis';
import { isRedisServerInstalled, REDIS_MISSING_MESSAGE } from '../../test/redis-server';
import { chooseStore, startLocalStore } from './local-store';

describe('the store npm start picks', () => {
  it('is Upstash when configured, else local Redis when redis-server exists, else memory', () => {
    expect(chooseStore({ UPSTASH_REDIS_REST_URL: 'https://x.upstash.io', UPSTASH_REDIS_REST_TOKEN: 't' }, true)).toBe('upstash');
    expect(chooseStore({}, true)).toBe('local-redis');
    expect(chooseStore({ UPSTASH_REDIS_REST_URL: '' }, true)).toBe('local-redis');
    expect(chooseStore({}, false)).toBe('memory');
  });
});

describe.skipIf(!isRedisServerInstalled())('local Redis for npm start (real redis-server)', () => {
  if (!isRedisServerInstalled()) console.warn(REDIS_MISSING_MESSAGE);

  it('keeps what was written across a restart on the same directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-store-'));
    try {
      const connect = (store: Awaited<ReturnType<typeof startLocalStore>>) => {
        const value = (name: string) => store.args[store.args.findIndex((arg) => arg.startsWith(`${name}:`))]!.slice(name.length + 1);
        return new Redis({ url: value('UPSTASH_REDIS_REST_URL'), token: value('UPSTASH_REDIS_REST_TOKEN') });
      };
      const first = await startLocalStore({}, dir);
      expect(first.describe).toMatch(/kept across restarts/);
      await connect(first).set('sb:handoff:test', 'my first handoff');
      await first.stop();
      const second = await startLocalStore({}, dir);
      try {
        expect(await connect(second).get('sb:handoff:test')).toBe('my first handoff');
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 20_000);
});
