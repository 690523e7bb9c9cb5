import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readDocsFolder } from '../worker/cli/docs-folder';
import { copyPage, copyPageId, writeScaledCorpus } from './scaled-corpus';

const work = mkdtempSync(join(tmpdir(), 'switchboard-scaled-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('a scaled copy of a docs folder', () => {
  it('suffixes the page id, the front-matter title and the h1 of every copy after the first', () => {
    const page = '---\ntitle: "Install Cypress"\n---\n\n# Install\n\nRun npm install.\n\n# Not the first h1\n';
    expect(copyPage(page, 1)).toBe(page);
    expect(copyPage(page, 3)).toBe('---\ntitle: "Install Cypress (copy 3)"\n---\n\n# Install (copy 3)\n\nRun npm install.\n\n# Not the first h1\n');
    expect(copyPageId('app/guides/install.md', 2)).toBe('app/guides/install-copy2.md');
    expect(copyPageId('app/index.md', 1)).toBe('app/index.md');
  });

  it('gives N distinct pages per source page, with distinct titles and URLs', async () => {
    const source = join(work, 'source');
    mkdirSync(join(source, 'app'), { recursive: true });
    writeFileSync(join(source, 'app', 'index.md'), '---\ntitle: "App"\n---\n\n# App\n\nThe app.\n');
    writeFileSync(join(source, 'app', 'install.md'), '# Install\n\nRun npm install.\n');
    expect(await writeScaledCorpus(source, join(work, 'x3'), 3)).toBe(6);
    expect(readFileSync(join(work, 'x3', 'app', 'install-copy3.md'), 'utf8')).toBe('# Install (copy 3)\n\nRun npm install.\n');
    const chunks = (await readDocsFolder(join(work, 'x3'))).chunks;
    expect(new Set(chunks.map((chunk) => chunk.url)).size).toBe(6);
    expect(new Set(chunks.map((chunk) => chunk.title)).size).toBe(6);
  });
});
