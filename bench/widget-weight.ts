/**
 * Widget weight, gzip -9: our loader and the most a visitor downloads (from
 * widget/check-size.ts), against rival widgets' published browser bundles,
 * fetched with `npm pack` into a temporary folder at bench time.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';

const run = promisify(execFile);

/**
 * The bundle a site would load for each rival. Where the package.json entry is
 * not the whole widget (a re-export stub, or a module that leaves its framework
 * to the site's bundler), the self-contained bundle is named here; when a
 * release drops that file, `pickBundle` falls back to the entry fields.
 */
export const RIVALS: { name: string; prefer?: string; why?: string }[] = [
  { name: 'deep-chat', prefer: 'dist/deepChat.bundle.js', why: 'self-contained bundle' },
  { name: '@typebot.io/js', prefer: 'dist/web.js', why: 'web-component bundle; main is a 2 KB command stub' },
  { name: '@botpress/webchat', prefer: 'dist/index.js', why: 'module; React not included' },
  { name: 'flowise-embed', prefer: 'dist/web.js', why: 'script-tag bundle; main dist/index.js is not shipped' },
  { name: '@inkeep/cxkit-js', prefer: 'dist/embed.js', why: 'main/module' },
  { name: '@n8n/chat', prefer: 'dist/chat.bundle.es.js', why: 'self-contained ES bundle; module leaves Vue out' },
];

export interface RivalWeight {
  name: string;
  version?: string;
  file?: string;
  why?: string;
  bytes?: number;
  gzip?: number;
  /** Why there is no figure. */
  skipped?: string;
}

const gzip9 = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;

/** The browser bundle of an unpacked package: `prefer`, else the entry fields, else the largest dist/*.js. */
export function pickBundle(root: string, prefer?: string, why?: string): { file: string; why: string } | undefined {
  if (prefer && existsSync(join(root, prefer))) return { file: prefer, why: why ?? 'named bundle' };
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
  for (const field of ['browser', 'unpkg', 'jsdelivr', 'module', 'main']) {
    const entry = manifest[field];
    if (typeof entry !== 'string') continue;
    const file = entry.replace(/^\.\//, '');
    // A tiny entry re-exports or loads the real bundle; skip it for the largest file below.
    if (existsSync(join(root, file)) && statSync(join(root, file)).size > 20_000) return { file, why: `package.json ${field}` };
  }
  const dist = join(root, 'dist');
  if (!existsSync(dist)) return undefined;
  const largest = readdirSync(dist)
    .filter((name) => /\.(m|c)?js$/.test(name))
    .map((name) => ({ name, size: statSync(join(dist, name)).size }))
    .sort((a, b) => b.size - a.size)[0];
  return largest && { file: `dist/${largest.name}`, why: 'largest dist/*.js' };
}

/** npm's own error code (it prints `{ error: { code, summary } }` with --json), else the first line of the message. */
function packError(error: unknown): string {
  const { stdout, message } = error as { stdout?: string; message: string };
  try {
    const printed = JSON.parse(stdout ?? '') as { error?: { code?: string; summary?: string } };
    if (printed.error) return [printed.error.code, printed.error.summary?.split('\n')[0]].filter(Boolean).join(': ').slice(0, 160);
  } catch {
    // Not JSON: npm did not get that far.
  }
  return message.split('\n')[0]!.slice(0, 160);
}

async function packRival(name: string, prefer: string | undefined, why: string | undefined, folder: string): Promise<RivalWeight> {
  const target = await mkdtemp(join(folder, 'pack-'));
  try {
    const { stdout } = await run('npm', ['pack', name, '--json', '--silent', '--pack-destination', target, '--fetch-retries', '1', '--fetch-retry-maxtimeout', '10000'], { cwd: target, timeout: 90_000, maxBuffer: 64 * 1024 * 1024 });
    const [packed] = JSON.parse(stdout) as { version: string; filename: string }[];
    if (!packed) return { name, skipped: 'npm pack printed nothing' };
    await run('tar', ['xzf', join(target, packed.filename), '-C', target], { timeout: 60_000 });
    const root = join(target, 'package');
    const bundle = pickBundle(root, prefer, why);
    if (!bundle) return { name, version: packed.version, skipped: 'no browser bundle found' };
    const path = join(root, bundle.file);
    return { name, version: packed.version, file: bundle.file, why: bundle.why, bytes: statSync(path).size, gzip: gzip9(path) };
  } catch (error) {
    return { name, skipped: `npm pack failed (${packError(error)})` };
  }
}

/** Every rival, packed in parallel into one temporary folder that is removed afterwards. */
export async function measureRivals(): Promise<RivalWeight[]> {
  const folder = await mkdtemp(join(tmpdir(), 'switchboard-rivals-'));
  try {
    return await Promise.all(RIVALS.map((rival) => packRival(rival.name, rival.prefer, rival.why, folder)));
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
