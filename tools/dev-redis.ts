/**
 * `npm run dev:redis`: the worker on real Redis, locally. Starts redis-server
 * (no persistence) and the Upstash REST bridge, then `wrangler dev` with
 * UPSTASH_REDIS_REST_URL/TOKEN pointing at the bridge. Extra arguments go to
 * wrangler. Ctrl-C stops all three.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { isRedisServerInstalled, REDIS_MISSING_MESSAGE, startRedisServer } from '../test/redis-server';
import { startBridge } from './upstash-redis-bridge';

if (!isRedisServerInstalled()) {
  console.error(REDIS_MISSING_MESSAGE.replace('skipping tests against real Redis', 'cannot start'));
  process.exit(1);
}

const token = randomBytes(18).toString('base64url');
const redis = await startRedisServer();
const bridge = await startBridge({ redisPort: redis.port, token, port: Number(process.env.BRIDGE_PORT ?? 0) });
console.log(`redis-server on 127.0.0.1:${redis.port}, Upstash REST bridge on ${bridge.url}`);

const wrangler = spawn(
  'npx',
  ['wrangler', 'dev', '--var', `UPSTASH_REDIS_REST_URL:${bridge.url}`, '--var', `UPSTASH_REDIS_REST_TOKEN:${token}`, ...process.argv.slice(2)],
  { stdio: 'inherit' },
);

let stopping = false;
async function stop(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  if (wrangler.exitCode === null) wrangler.kill('SIGINT');
  await bridge.close();
  await redis.stop();
  process.exit(code);
}

wrangler.on('exit', (code) => void stop(code ?? 0));
process.on('SIGINT', () => void stop(130));
process.on('SIGTERM', () => void stop(143));
