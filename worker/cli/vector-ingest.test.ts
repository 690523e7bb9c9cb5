import { execFile } from 'node:child_process';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVectorDouble, type VectorDouble } from '../../test/upstash-vector-double';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
let vector: VectorDouble;
let work: string;

beforeAll(async () => {
  vector = await startVectorDouble({ token: 'vector-token' });
  work = await mkdtemp(join(tmpdir(), 'sb-ingest-'));
  await cp(join(root, 'examples', 'docs'), join(work, 'docs'), { recursive: true });
});
afterAll(async () => {
  await vector.close();
  await rm(work, { recursive: true, force: true });
});

/** The real CLI, as a site owner runs it, with Upstash credentials in the environment. */
async function ingest(...args: string[]) {
  try {
    const { stdout } = await run(join(root, 'node_modules/.bin/tsx'), [join(root, 'worker/cli/ingest.ts'), ...args], {
      cwd: work,
      env: { ...process.env, UPSTASH_VECTOR_REST_URL: vector.url, UPSTASH_VECTOR_REST_TOKEN: 'vector-token' },
    });
    return { code: 0, out: stdout };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, out: failure.stdout + failure.stderr };
  }
}

describe('npm run ingest into Upstash Vector (against the Upstash Vector test double)', () => {
  it('adds every chunk once, then is idempotent, then removes the chunks of a deleted page', async () => {
    const first = await ingest('docs', '--base-url', 'https://help.example/docs/');
    expect(first.code).toBe(0);
    const added = Number(/plan: (\d+) to add/.exec(first.out)?.[1]);
    expect(added).toBeGreaterThan(50);
    expect(first.out).toMatch(/plan: \d+ to add, 0 to remove, 0 unchanged/);

    const again = await ingest('docs', '--base-url', 'https://help.example/docs/');
    expect(again.out).toContain(`plan: 0 to add, 0 to remove, ${added} unchanged`);

    await rm(join(work, 'docs', 'keyboard-shortcuts.md'));
    const afterDelete = await ingest('docs', '--base-url', 'https://help.example/docs/');
    expect(afterDelete.out).toMatch(/plan: 0 to add, [1-9]\d* to remove/);
  }, 60_000);

  it('reports a failed batch with exit code 1, and a rerun resumes and completes', async () => {
    await writeFile(join(work, 'docs', 'new-page.md'), '---\ntitle: New page\n---\n# New page\n\nFresh content about widgets.\n');
    vector.setFault({ status: 500, path: '/upsert' });
    const failed = await ingest('docs');
    expect(failed.code).toBe(1);
    expect(failed.out).toMatch(/incomplete\. Run the same command again to resume/);
    vector.setFault(null);
    const resumed = await ingest('docs');
    expect(resumed.code).toBe(0);
    const clean = await ingest('docs', '--dry-run');
    expect(clean.out).toMatch(/plan: 0 to add, 0 to remove/);
  }, 60_000);

  it('changes nothing and says so when Upstash cannot be read', async () => {
    vector.setFault({ status: 503, path: '/range' });
    const failed = await ingest('docs');
    vector.setFault(null);
    expect(failed.code).toBe(1);
    expect(failed.out).toMatch(/could not list the "docs" namespace .* nothing was changed/);
  }, 30_000);

  it('refuses half the credentials with a clear message', async () => {
    const { stderr } = await run(join(root, 'node_modules/.bin/tsx'), [join(root, 'worker/cli/ingest.ts'), 'docs'], {
      cwd: work,
      env: { ...process.env, UPSTASH_VECTOR_REST_URL: vector.url, UPSTASH_VECTOR_REST_TOKEN: '' },
    }).catch((error: { stderr: string }) => error);
    expect(stderr).toContain('UPSTASH_VECTOR_REST_URL and UPSTASH_VECTOR_REST_TOKEN go together');
  }, 30_000);
});
