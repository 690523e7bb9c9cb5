/**
 * Starts Debian's redis-server on a free port with no persistence, for tests
 * and `npm run dev:redis`. CI installs it with `apt-get install -y redis-server`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { RespClient } from '../tools/resp-client';

export interface RedisServer {
  port: number;
  /** Stops the server; resolves when the process has exited. Safe to call twice. */
  stop(): Promise<void>;
}

export const REDIS_MISSING_MESSAGE = 'redis-server is not installed: skipping tests against real Redis (apt-get install -y redis-server).';

export function isRedisServerInstalled(): boolean {
  const result = spawnSync('redis-server', ['--version'], { stdio: 'ignore' });
  return !result.error && result.status === 0;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * A redis-server on 127.0.0.1. Without `dataDir` it keeps nothing on disk; with
 * it, every write goes to an append-only file there, so a restart on the same
 * directory finds the data again.
 */
export async function startRedisServer(options: { port?: number; timeoutMs?: number; dataDir?: string } = {}): Promise<RedisServer> {
  const port = options.port ?? (await freePort());
  const persistence = options.dataDir ? ['--dir', options.dataDir, '--appendonly', 'yes', '--appendfsync', 'everysec'] : ['--appendonly', 'no'];
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...persistence, '--daemonize', 'no'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  try {
    await waitUntilReady(port, child, options.timeoutMs ?? 5000);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`redis-server did not start on port ${port}: ${(error as Error).message} ${stderr}`.trim());
  }
  return {
    port,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

async function waitUntilReady(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`exited with code ${child.exitCode}`);
    try {
      const client = await RespClient.connect(port, '127.0.0.1', 500);
      const [reply] = await client.send([['PING']]);
      client.close();
      if (reply && !(reply instanceof Error)) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('timed out waiting for PING');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
