/**
 * The docs sync's state in Upstash Redis (keys `sb:docs-sync:*`, no expiry: a
 * daily sync reads yesterday's page state). DOCS_SYNC_URL needs Upstash Redis
 * (config.ts), so there is no in-memory twin.
 */
import type { Redis } from '@upstash/redis/cloudflare';
import type { DocsSyncState, LastDocsSync, RunningDocsSync } from '../ports/docs-sync';

const KEYS = { lock: 'sb:docs-sync:lock', job: 'sb:docs-sync:job', pages: 'sb:docs-sync:pages', last: 'sb:docs-sync:last', running: 'sb:docs-sync:running' } as const;

export class UpstashRedisDocsSyncState implements DocsSyncState {
  readonly #redis: Redis;
  readonly #owner = crypto.randomUUID();

  constructor(redis: Redis) {
    this.#redis = redis;
  }

  async lock(ttlSeconds: number): Promise<boolean> {
    return (await this.#redis.set(KEYS.lock, this.#owner, { nx: true, ex: ttlSeconds })) === 'OK';
  }

  async unlock(): Promise<void> {
    // Only the holder's lock: one that expired and was taken by another invocation stays.
    await this.#redis.eval("if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0", [KEYS.lock], [this.#owner]);
  }

  readJob = () => this.#read(KEYS.job);
  async writeJob(job: unknown, progress: RunningDocsSync): Promise<void> {
    await this.#redis.mset({ [KEYS.job]: JSON.stringify(job), [KEYS.running]: JSON.stringify(progress) });
  }

  readRunning = async () => (await this.#read(KEYS.running)) as RunningDocsSync | undefined;
  clearJob = async () => void (await this.#redis.del(KEYS.job, KEYS.running));
  readPages = () => this.#read(KEYS.pages);
  writePages = (pages: unknown) => this.#write(KEYS.pages, pages);
  readLast = async () => (await this.#read(KEYS.last)) as LastDocsSync | undefined;
  writeLast = (last: LastDocsSync) => this.#write(KEYS.last, last);

  async #read(key: string): Promise<unknown> {
    // Stored as a JSON string and read back raw, so the client's automatic parsing cannot reshape it.
    const text = await this.#redis.get<string>(key);
    if (text === null || text === undefined) return undefined;
    return typeof text === 'string' ? JSON.parse(text) : text;
  }

  async #write(key: string, value: unknown): Promise<void> {
    await this.#redis.set(key, JSON.stringify(value));
  }
}
