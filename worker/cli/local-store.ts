/**
 * Where `npm start` keeps conversations, handoffs and inbox cases.
 *
 * With redis-server on the machine and no Upstash Redis configured: a local
 * redis-server writing an append-only file under .wrangler/ (where wrangler
 * keeps its own local state), behind the Upstash REST bridge, so the worker
 * runs the same Redis adapter as in production and a restart keeps
 * everything, queued deliveries included. Chosen over a file store because
 * the worker runs inside workerd, which has no file system, and the Redis
 * path is the one production uses. Without redis-server: the in-memory
 * default, and the banner says a restart loses it.
 */
import { mkdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { isRedisServerInstalled, startRedisServer } from '../../test/redis-server';
import { startBridge } from '../../tools/upstash-redis-bridge';

export const LOCAL_REDIS_DIR = '.wrangler/switchboard-redis';

export type StoreChoice = 'upstash' | 'local-redis' | 'memory';

/** Which store `npm start` uses for these vars (wrangler.toml, .dev.vars) on this machine. */
export function chooseStore(vars: Record<string, string | undefined>, redisInstalled: boolean): StoreChoice {
  if (vars.UPSTASH_REDIS_REST_URL || vars.UPSTASH_REDIS_REST_TOKEN) return 'upstash';
  return redisInstalled ? 'local-redis' : 'memory';
}

export interface LocalStore {
  /** Extra `wrangler dev` arguments. */
  args: string[];
  /** One line for the start banner. */
  describe: string;
  stop(): Promise<void>;
}

export async function startLocalStore(vars: Record<string, string | undefined>, dataDir = LOCAL_REDIS_DIR): Promise<LocalStore> {
  const choice = chooseStore(vars, isRedisServerInstalled());
  if (choice === 'upstash') return { args: [], describe: 'state: Upstash Redis (UPSTASH_REDIS_REST_URL)', stop: async () => {} };
  if (choice === 'memory') {
    return { args: [], describe: 'state: in memory, lost when this stops (install redis-server to keep it across restarts)', stop: async () => {} };
  }
  mkdirSync(dataDir, { recursive: true });
  const token = randomBytes(18).toString('base64url');
  let redis: Awaited<ReturnType<typeof startRedisServer>>;
  try {
    redis = await startRedisServer({ dataDir });
  } catch (error) {
    // The demo must still start: in memory, and the banner says why.
    return { args: [], describe: `state: in memory, lost when this stops (redis-server did not start: ${(error as Error).message.split('\n')[0]})`, stop: async () => {} };
  }
  const bridge = await startBridge({ redisPort: redis.port, token });
  return {
    args: ['--var', `UPSTASH_REDIS_REST_URL:${bridge.url}`, '--var', `UPSTASH_REDIS_REST_TOKEN:${token}`],
    describe: `state: local redis-server, kept across restarts in ${dataDir} (delete it to start afresh)`,
    async stop() {
      await bridge.close();
      await redis.stop();
    },
  };
}
