import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../src/retrieval/search-index';
import { readDocsFolder } from './docs-folder';
import { estimateIndex } from './index-budget';
import { planIndexFiles } from './index-on-disk';
import { sharedKb } from './shared-kb';

const kb = sharedKb();
const work = mkdtempSync(join(tmpdir(), 'switchboard-budget-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const ingest = (...args: string[]) => spawnSync('npx', ['tsx', 'worker/cli/ingest.ts', ...args], { encoding: 'utf8' });

describe('npm run ingest past what one Worker holds', () => {
  it('stops with exit code 2 before building, names Upstash Vector, and writes no index', () => {
    const folder = join(work, 'large-docs');
    mkdirSync(folder);
    // 2,400 pages of 18 KB of words: about 41 MiB of text, about 70 MiB of heap once loaded, past 64 MiB.
    for (let page = 0; page < 2400; page++) {
      const sections = Array.from({ length: 8 }, (_, section) => `## Section ${section}\n\n${Array.from({ length: 250 }, (_, word) => `word${(page * 97 + section * 31 + word) % 9000}`).join(' ')}\n`);
      writeFileSync(join(folder, `page-${page}.md`), `# Page ${page}\n\n${sections.join('\n')}`);
    }
    const out = join(work, 'index', 'docs.json');
    const result = ingest(folder, '--out', out);
    expect(result.status, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/error: 2400 pages do not fit the local index: the index would take about \d+\.\d MiB of heap once loaded/);
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
  it('is within 10% of the files the chunks then build, and not under them', async () => {
    const source = await readDocsFolder(`${kb}pages`, { productFromPath: true });
    const actual = planIndexFiles(join(work, 'docs.json'), buildIndex(source.chunks, 'docs', { anchors: source.anchors, semantic: {} })).bytes;
    const estimate = estimateIndex(source.chunks).bytes;
    expect(estimate).toBeGreaterThanOrEqual(actual);
    expect((estimate - actual) / actual).toBeLessThan(0.1);
  }, 120_000);
});
