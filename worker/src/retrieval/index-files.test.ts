import { describe, expect, it } from 'vitest';
import { LocalRetriever } from '../adapters/local-retriever';
import { indexFiles, openIndex } from './index-files';
import { chunkPage, parsePage } from './markdown-chunker';
import { buildIndex, IndexFormatError, loadIndex, serializeIndex } from './search-index';

const topics = ['billing', 'invoices', 'refunds', 'install', 'upgrade', 'offline', 'devices', 'export', 'import', 'security'];
const chunks = topics.flatMap((topic, page) =>
  chunkPage(
    parsePage(`# ${topic}\n\n## About ${topic}\n\nHow ${topic} works, step ${page}, with the ${topics[(page + 1) % 10]} page.\n\n## ${topic} limits\n\nEach plan has ${topic} limits; see ${topics[(page + 3) % 10]}.`, 'markdown'),
    { pageId: `${topic}.md`, url: `/${topic}` },
  ),
);
const built = buildIndex(chunks, 'docs', { semantic: { dimensions: 4 } });

/** The parts as a static-assets folder would serve them. */
function served(parts: { name: string; text: string }[]) {
  const files = new Map(parts.map((part) => [part.name, part.text]));
  const read: string[] = [];
  return {
    read,
    readPart: async (name: string) => {
      read.push(name);
      const text = files.get(name);
      if (text === undefined) throw new Error(`404 ${name}`);
      return JSON.parse(text) as unknown;
    },
  };
}

const questions = ['billing limits', 'how do refunds work', 'offline devices', 'export step 7'];
const answers = async (retriever: LocalRetriever) => Promise.all(questions.map((text) => retriever.search({ text, collection: 'docs', topK: 5 })));

describe('the index as several asset files', () => {
  it('splits postings and texts into parts no larger than asked, and answers exactly as the one-document index', async () => {
    const { entry, parts } = indexFiles(built, 'docs.json', { postingsBytes: 400, textBytes: 200 });
    const postings = parts.filter((part) => part.name.startsWith('docs.parts/postings-'));
    const texts = parts.filter((part) => part.name.startsWith('docs.parts/texts-'));
    expect(postings.length).toBeGreaterThan(3);
    expect(texts.length).toBeGreaterThan(3);
    // A part holds at least one item, so only a part of one item may pass the budget.
    for (const part of [...postings, ...texts]) if ((JSON.parse(part.text) as unknown[]).length > 1) expect(new TextEncoder().encode(part.text).length).toBeLessThanOrEqual(part.name.includes('postings') ? 400 : 200);
    expect(parts.map((part) => part.name)).toContain('docs.parts/semantic.json');
    expect(entry).not.toContain('step 7');

    const { readPart, read } = served(parts);
    const fromFiles = await openIndex(JSON.parse(entry), readPart);
    expect(new Set(read)).toEqual(new Set([...postings.map((part) => part.name), 'docs.parts/semantic.json']));
    const oneDocument = loadIndex(serializeIndex(built));
    expect(fromFiles.chunks).toEqual(oneDocument.chunks);
    expect(await answers(new LocalRetriever({ docs: fromFiles }))).toEqual(await answers(new LocalRetriever({ docs: oneDocument })));
    expect((await answers(new LocalRetriever({ docs: fromFiles })))[3]![0]?.pageId).toBe('export.md');
  });

  it('refuses an entry file whose parts are missing, do not match its chunks, or are named outside its folder', async () => {
    const { entry, parts } = indexFiles(built, 'docs.json', { textBytes: 200 });
    const head = JSON.parse(entry) as { parts: { texts: { file: string }[]; postings: string[] } };
    await expect(openIndex(head, served(parts.filter((part) => part.name !== 'docs.parts/semantic.json')).readPart)).rejects.toThrow(/404 docs\.parts\/semantic\.json/);
    // A text block is read when a search needs it: a missing one fails that search, not the load.
    const withoutTexts = await openIndex(head, served(parts.filter((part) => !part.name.includes('texts-'))).readPart);
    await expect(new LocalRetriever({ docs: withoutTexts }).search({ text: 'billing limits', collection: 'docs', topK: 5 })).rejects.toThrow(/404 docs\.parts\/texts-\d+\.json/);
    await expect(openIndex({ ...head, parts: { ...head.parts, texts: head.parts.texts.slice(1) } }, served(parts).readPart)).rejects.toThrow(IndexFormatError);
    await expect(openIndex({ ...head, parts: { ...head.parts, postings: ['../../secrets.json'] } }, served(parts).readPart)).rejects.toThrow(/not a file beside it/);
  });

  it('still loads a one-document index handed to it', async () => {
    const index = await openIndex(JSON.parse(serializeIndex(built)), () => Promise.reject(new Error('no parts to read')));
    expect(index.chunks).toHaveLength(built.chunks.length);
  });
});
