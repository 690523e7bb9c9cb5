import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readIndexFile } from './index-on-disk';
import { addChunks } from './ingest';

const work = mkdtempSync(join(tmpdir(), 'switchboard-ingest-'));
const out = join(work, 'index', 'docs.json');
const tickets = join(work, 'index', 'tickets.json');
const ownDocs = join(work, 'own-docs');
mkdirSync(ownDocs);
writeFileSync(join(ownDocs, 'cypress-install.md'), '# Install Cypress\n\nRun npm install cypress --save-dev in your project folder, then open it with npx cypress open.\n');
afterAll(() => rmSync(work, { recursive: true, force: true }));

const ingest = (...args: string[]) => {
  const result = spawnSync('npx', ['tsx', 'worker/cli/ingest.ts', ...args, '--out', out], { encoding: 'utf8' });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout;
};
const pageUrls = async () => (await readIndexFile(out))!.pages.map((page) => page.url);

describe('npm run ingest of your own docs after the demo', () => {
  it('replaces the whole index, the demo tickets included, unless told --add', async () => {
    ingest('examples/docs', '--base-url', 'http://127.0.0.1:8787/docs/', '--tickets', 'examples/tickets.jsonl');
    expect(existsSync(tickets)).toBe(true);
    expect(existsSync(join(work, 'index', 'tickets.parts'))).toBe(true);

    const output = ingest(ownDocs, '--base-url', 'https://docs.example.com/');
    expect(output).toMatch(/tickets\.json removed: this run replaces the whole index \(pass --add to keep it\)/);
    expect(existsSync(tickets)).toBe(false);
    expect(existsSync(join(work, 'index', 'tickets.parts'))).toBe(false);
    expect(await pageUrls()).toEqual(['https://docs.example.com/cypress-install']);
  }, 60_000);

  it('with --add keeps the pages and the collection already there', async () => {
    ingest('examples/docs', '--base-url', 'http://127.0.0.1:8787/docs/', '--tickets', 'examples/tickets.jsonl');
    const demoPages = (await pageUrls()).length;
    ingest(ownDocs, '--base-url', 'https://docs.example.com/', '--add');
    expect(existsSync(tickets)).toBe(true);
    expect(await pageUrls()).toHaveLength(demoPages + 1);
    expect(await pageUrls()).toContain('https://docs.example.com/cypress-install');
  }, 60_000);
});

describe('--add', () => {
  it('lets a page of the new folder replace its old version and keeps the others', () => {
    const chunk = (id: string, pageId: string) => ({ id, pageId, title: pageId, section: '', url: `https://x/${pageId}`, text: id });
    expect(addChunks([chunk('a1', 'a'), chunk('b1', 'b')], [chunk('a2', 'a')]).map((item) => item.id)).toEqual(['b1', 'a2']);
  });
});
