import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CliError } from './args';
import { readDocsFolder } from './docs-folder';

let folder: string;
afterEach(() => rm(folder, { recursive: true, force: true }));

async function docs(files: Record<string, string | Uint8Array>): Promise<string> {
  folder = await mkdtemp(join(tmpdir(), 'switchboard-docs-'));
  for (const [name, content] of Object.entries(files)) await writeFile(join(folder, name), content);
  return folder;
}

/** Bytes that are not UTF-8: a lone continuation byte and an invalid lead byte among them. */
const BINARY = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x80, 0xff, 0xfe, 0x00, 0xc3]);

describe('readDocsFolder', () => {
  it('refuses a missing folder and a folder without pages, saying which', async () => {
    await expect(readDocsFolder('/no/such/folder')).rejects.toThrow(new CliError('docs folder not found: /no/such/folder'));
    const empty = await docs({ 'notes.txt': 'not a page' });
    await expect(readDocsFolder(empty)).rejects.toThrow(/no docs found in .* \(looked for \.md, \.mdx, \.html, \.htm files\)/);
  });

  it('leaves out a file that is not UTF-8 text, names it, and indexes the rest', async () => {
    const dir = await docs({ 'logo.md': BINARY, 'export.md': '\uFEFF# Export notes\n\nChoose **File > Export**.\n' });
    const result = await readDocsFolder(dir, { baseUrl: 'https://docs.example' });
    expect(result.skipped).toEqual(['logo.md']);
    expect(result.pages).toBe(1);
    // The byte-order mark is not part of the title.
    expect(result.chunks.map((chunk) => [chunk.pageId, chunk.title])).toEqual([['export.md', 'Export notes']]);
  });

  it('refuses a folder whose every file is unreadable, instead of writing an empty index', async () => {
    const dir = await docs({ 'a.md': BINARY, 'b.html': BINARY });
    await expect(readDocsFolder(dir)).rejects.toThrow(/no readable docs in .*: all 2 files are not UTF-8 text/);
  });
});
