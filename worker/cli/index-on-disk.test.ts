import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalRetriever } from '../src/adapters/local-retriever';
import { loadAssetIndex, type AssetFetcher } from '../src/dependencies';
import { chunkPage, parsePage } from '../src/retrieval/markdown-chunker';
import { buildIndex } from '../src/retrieval/search-index';
import { planIndexFiles, readIndexFile, removeIndexFiles, saveIndexFiles } from './index-on-disk';

const work = mkdtempSync(join(tmpdir(), 'switchboard-index-files-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const pages = (names: string[]) =>
  buildIndex(
    names.flatMap((name) => chunkPage(parsePage(`# ${name}\n\n## Set up ${name}\n\nOpen settings and turn ${name} on.`, 'markdown'), { pageId: `${name}.md`, url: `/${name}` })),
    'docs',
  );

/** A static-assets binding over a folder, as `wrangler dev` serves dist/: 404 for a missing file. */
const folderAssets = (root: string): AssetFetcher => ({
  fetch: async (request) => {
    const text = await readFile(join(root, new URL(request.url).pathname), 'utf8').catch(() => undefined);
    return text === undefined ? new Response('not found', { status: 404 }) : new Response(text, { headers: { 'content-type': 'application/json' } });
  },
});

describe('the local index on disk', () => {
  it('is written as an entry file and its parts, and the worker loads it through ASSETS as the CLIs do from disk', async () => {
    const file = join(work, 'index', 'docs.json');
    await saveIndexFiles(file, planIndexFiles(file, pages(['billing', 'sync', 'export']), { textBytes: 40 }));
    expect(readdirSync(join(work, 'index', 'docs.parts')).filter((name) => name.startsWith('texts-')).length).toBeGreaterThan(1);
    const fromAssets = (await loadAssetIndex(folderAssets(work), '/index/docs.json'))!;
    const fromDisk = (await readIndexFile(file))!;
    const ask = (docs: typeof fromDisk) => new LocalRetriever({ docs }).search({ text: 'turn sync on', collection: 'docs', topK: 3 });
    expect(await ask(fromAssets)).toEqual(await ask(fromDisk));
    expect((await ask(fromAssets))[0]?.text).toBe('Open settings and turn sync on.');
    expect(await loadAssetIndex(folderAssets(work), '/index/tickets.json')).toBeUndefined();
  });

  it('says which part is missing, and leaves no part of the index before behind', async () => {
    const file = join(work, 'other', 'docs.json');
    await saveIndexFiles(file, planIndexFiles(file, pages(['a1', 'b2', 'c3', 'd4', 'e5', 'f6']), { textBytes: 40 }));
    const many = readdirSync(join(work, 'other', 'docs.parts')).length;
    await saveIndexFiles(file, planIndexFiles(file, pages(['a1']), { textBytes: 40 }));
    expect(readdirSync(join(work, 'other', 'docs.parts')).length).toBeLessThan(many);
    rmSync(join(work, 'other', 'docs.parts', 'texts-0.json'));
    const docs = (await loadAssetIndex(folderAssets(work), '/other/docs.json'))!;
    const search = new LocalRetriever({ docs }).search({ text: 'open settings', collection: 'docs', topK: 1 });
    await expect(search).rejects.toThrow(/Loading \/other\/docs\.parts\/texts-0\.json, a part of \/other\/docs\.json, answered 404/);
    rmSync(join(work, 'other', 'docs.parts', 'postings-0.json'));
    await expect(loadAssetIndex(folderAssets(work), '/other/docs.json')).rejects.toThrow(/postings-0\.json, a part of \/other\/docs\.json, answered 404/);
    await removeIndexFiles(file);
    expect(readdirSync(join(work, 'other'))).toEqual([]);
  });
});
