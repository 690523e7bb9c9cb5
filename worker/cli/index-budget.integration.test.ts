import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildIndex, serializeIndex } from '../src/retrieval/search-index';
import { readDocsFolder } from './docs-folder';
import { estimateIndex } from './index-budget';
import { sharedKb } from './shared-kb';

const kb = sharedKb();
const work = mkdtempSync(join(tmpdir(), 'switchboard-budget-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const ingest = (...args: string[]) => spawnSync('npx', ['tsx', 'worker/cli/ingest.ts', ...args], { encoding: 'utf8' });

describe('npm run ingest past what one Worker holds', () => {
  it('stops with exit code 2 before building, names Upstash Vector, and writes no index', () => {
    const folder = join(work, 'large-docs');
    mkdirSync(folder);
    // 800 pages of 16 KB of distinct words: about 33 MiB of index, past the 25 MiB limit.
    for (let page = 0; page < 800; page++) {
      const sections = Array.from({ length: 8 }, (_, section) => `## Section ${section}\n\n${Array.from({ length: 250 }, (_, word) => `word${(page * 97 + section * 31 + word) % 9000}`).join(' ')}\n`);
      writeFileSync(join(folder, `page-${page}.md`), `# Page ${page}\n\n${sections.join('\n')}`);
    }
    const out = join(work, 'index', 'docs.json');
    const result = ingest(folder, '--out', out);
    expect(result.status, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/error: 800 pages do not fit the local index: the index would be about \d+\.\d MiB/);
    expect(result.stderr).toMatch(/set UPSTASH_VECTOR_REST_URL and UPSTASH_VECTOR_REST_TOKEN/);
    expect(existsSync(out)).toBe(false);
  }, 120_000);

  it('takes --allow-large-index', () => {
    const result = ingest('examples/docs', '--allow-large-index', '--dry-run', '--out', join(work, 'small', 'docs.json'));
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/docs: \d+ pages, \d+ chunks, .* would be written to/);
  }, 60_000);
});

describe.skipIf(!kb)('the index size estimate on the Cypress docs', () => {
  it('is within 10% of the docs.json the chunks then build, and not under it', async () => {
    const source = await readDocsFolder(`${kb}pages`, { productFromPath: true });
    const actual = Buffer.byteLength(serializeIndex(buildIndex(source.chunks, 'docs', { anchors: source.anchors, semantic: {} })));
    const estimate = estimateIndex(source.chunks).bytes;
    expect(estimate).toBeGreaterThanOrEqual(actual);
    expect((estimate - actual) / actual).toBeLessThan(0.1);
  }, 120_000);
});
