/**
 * A `wrangler dev` of this repo for the bench: a free loopback port, its own
 * persistence folder, the given `--var`s, and a `stop()` that ends exactly the
 * process group it started.
 *
 * It runs a snapshot: the worker bundled once (`wrangler deploy --dry-run`) and
 * a copy of dist/, in a temporary folder. `wrangler dev` reloads on every change
 * to the sources or assets it watches, and a reload mid-run drops the requests
 * in flight and reloads the index, so edits made in the tree while the bench runs
 * must not reach it.
 */
import { execFile, spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const WRANGLER = 'node_modules/.bin/wrangler';

export interface WranglerDev {
  origin: string;
  stop(): Promise<void>;
}

/** A port the kernel says is free right now on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function waitForOk(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(2000) })).ok) return;
    } catch {
      // Not up yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

/** The bundled worker, dist/ and wrangler.toml pointing at them, under `root`; returns the config path. */
async function snapshot(root: string): Promise<string> {
  await promisify(execFile)(WRANGLER, ['deploy', '--dry-run', '--outdir', join(root, 'bundle')], { timeout: 120_000, env: { ...process.env, WRANGLER_SEND_METRICS: 'false' }, maxBuffer: 16 * 1024 * 1024 });
  await cp('dist', join(root, 'dist'), { recursive: true });
  const config = await readFile('wrangler.toml', 'utf8');
  const main = /^main = .*$/m;
  const assets = /^directory = .*$/m;
  if (!main.test(config) || !assets.test(config)) throw new Error('wrangler.toml has no `main =` or `directory =` line to point at the snapshot');
  const file = join(root, 'wrangler.toml');
  await writeFile(file, config.replace(main, 'main = "bundle/index.js"').replace(assets, 'directory = "./dist"'));
  return file;
}

export async function startWranglerDev(vars: Record<string, string>, options: { timeoutMs?: number } = {}): Promise<WranglerDev> {
  const [port, inspectorPort] = [await freePort(), await freePort()];
  const folder = await mkdtemp(join(tmpdir(), 'switchboard-bench-'));
  let config: string;
  try {
    config = await snapshot(join(folder, 'snapshot'));
  } catch (error) {
    await rm(folder, { recursive: true, force: true });
    throw new Error(`could not snapshot the worker: ${(error as Error).message.split('\n')[0]}`);
  }
  const args = ['dev', '-c', config, '--no-bundle', '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(inspectorPort), '--persist-to', join(folder, 'state'), '--show-interactive-dev-session=false', ...Object.entries(vars).flatMap(([name, value]) => ['--var', `${name}:${value}`])];
  const child = spawn(WRANGLER, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, WRANGLER_SEND_METRICS: 'false' }, detached: true });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-3000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    try {
      // The group we spawned (wrangler and its workerd), by its id.
      if (child.pid && child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    await rm(folder, { recursive: true, force: true });
  };
  const origin = `http://127.0.0.1:${port}`;
  try {
    await waitForOk(`${origin}/v1/health`, options.timeoutMs ?? 90_000);
  } catch (error) {
    await stop();
    throw new Error(`wrangler dev did not start: ${(error as Error).message}\n${stderr}`);
  }
  return { origin, stop };
}
