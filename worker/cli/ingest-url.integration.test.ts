import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');

/** The real CLI; resolves to its exit code and stderr. */
async function ingest(...args: string[]): Promise<{ code: number; stderr: string }> {
  try {
    await run(join(root, 'node_modules/.bin/tsx'), [join(root, 'worker/cli/ingest.ts'), ...args], { cwd: root });
    return { code: 0, stderr: '' };
  } catch (error) {
    const failed = error as { code: number; stderr: string };
    return { code: failed.code, stderr: failed.stderr };
  }
}

describe('npm run ingest -- <URL> options', () => {
  it('refuses a --max-pages that is not a whole number of at least 1', async () => {
    const result = await ingest('http://127.0.0.1:9754/', '--max-pages', '0', '--dry-run');
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('--max-pages must be a whole number of at least 1, got "0"');
  });

  it('refuses crawl options with a folder', async () => {
    const result = await ingest('examples', '--include', '/guides/**', '--dry-run');
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('--include, --exclude and --max-pages apply to a URL, not a folder');
  });

  it('exits non-zero when nothing could be read from the site', async () => {
    const result = await ingest('http://127.0.0.1:9754/', '--dry-run');
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('nothing could be read from http://127.0.0.1:9754/');
  });
});
