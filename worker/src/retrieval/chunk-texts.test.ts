import { describe, expect, it } from 'vitest';
import { LocalRetriever } from '../adapters/local-retriever';
import { BlockTexts } from './chunk-texts';
import { indexFiles, openIndex } from './index-files';
import { IndexFormatError } from './index-format-error';
import { chunkPage, parsePage } from './markdown-chunker';
import { buildIndex } from './search-index';

/** Ten blocks of three texts: block b holds chunks 3b..3b+2. */
const blocks = Array.from({ length: 10 }, (_, block) => ({ file: `docs.parts/texts-${block}.json`, count: 3 }));
const content = (file: string) => {
  const block = Number(/texts-(\d+)/.exec(file)![1]);
  return [0, 1, 2].map((at) => `text ${block * 3 + at}`);
};

describe('chunk texts read on demand', () => {
  it('holds no text until a chunk is loaded, then keeps only the most recently used blocks', () => {
    const read: string[] = [];
    const texts = new BlockTexts(blocks, (file) => (read.push(file), content(file)), 3);
    expect(texts.get(4)).toBeUndefined();
    expect(texts.load([4, 5])).toBeUndefined();
    expect(read).toEqual(['docs.parts/texts-1.json']);
    expect(texts.get(4)).toBe('text 4');
    texts.load([0, 29]);
    texts.load([4]);
    texts.load([12]);
    // Blocks 1 (used again), 4 and 9 stay; block 0, the least recently used, went.
    expect(texts.get(0)).toBeUndefined();
    expect([texts.get(3), texts.get(12), texts.get(29)]).toEqual(['text 3', 'text 12', 'text 29']);
    // A search that needs more blocks than the cache holds keeps them all until it has read them.
    texts.load([0, 6, 9, 15, 18]);
    expect([0, 6, 9, 15, 18].map((chunk) => texts.get(chunk))).toEqual(['text 0', 'text 6', 'text 9', 'text 15', 'text 18']);
  });

  it('waits for blocks that arrive asynchronously, and refuses a block that does not hold what the entry file lists', async () => {
    const texts = new BlockTexts(blocks, async (file) => content(file));
    const loading = texts.load([7]);
    expect(loading).toBeInstanceOf(Promise);
    await loading;
    expect(texts.get(7)).toBe('text 7');
    expect(await texts.all()).toHaveLength(30);
    const short = new BlockTexts(blocks, () => ['only one']);
    expect(() => short.load([1])).toThrow(IndexFormatError);
    expect(() => short.load([1])).toThrow(/texts-0\.json does not hold the 3 chunk texts/);
  });
});

describe('a loaded index keeps its chunk texts off the heap', () => {
  const pages = Array.from({ length: 40 }, (_, page) =>
    chunkPage(parsePage(`# Topic ${page}\n\n## Configure widget${page}\n\nSet widget${page} in the settings file, then restart.\n\n## Remove widget${page}\n\nDelete widget${page} from the settings.`, 'markdown'), { pageId: `topic-${page}.md`, url: `/topic-${page}` }),
  ).flat();
  const { entry, parts } = indexFiles(buildIndex(pages, 'docs'), 'docs.json', { textBytes: 150 });
  const files = new Map(parts.map((part) => [part.name, part.text]));

  it('reads only the blocks a search needs, and answers as the index with every text in memory', async () => {
    const read: string[] = [];
    const docs = await openIndex(JSON.parse(entry), async (name) => (read.push(name), JSON.parse(files.get(name)!)));
    const textBlocks = () => read.filter((name) => name.includes('texts-'));
    expect(textBlocks()).toEqual([]);
    const hits = await new LocalRetriever({ docs }).search({ text: 'remove widget17 from settings', collection: 'docs', topK: 2 });
    expect(hits[0]).toMatchObject({ pageId: 'topic-17.md', text: 'Delete widget17 from the settings.' });
    const blocksInAll = parts.filter((part) => part.name.includes('texts-')).length;
    expect(blocksInAll).toBeGreaterThan(20);
    expect(textBlocks().length).toBeLessThanOrEqual(4);
    const inMemory = await openIndex(JSON.parse(entry), (name) => JSON.parse(files.get(name)!));
    expect(new LocalRetriever({ docs: inMemory }).searchSync({ text: 'remove widget17 from settings', collection: 'docs', topK: 2 })).toEqual(hits);
  });

  it('corrects a misspelt word from the words stored in the index, without reading a text block', async () => {
    const read: string[] = [];
    const docs = await openIndex(JSON.parse(entry), async (name) => (read.push(name), JSON.parse(files.get(name)!)));
    const retriever = new LocalRetriever({ docs });
    const hits = await retriever.search({ text: 'configure widget23 in the setings', collection: 'docs', topK: 1 });
    expect(hits[0]?.readAs).toBe('configure widget23 in the settings');
    expect(read.filter((name) => name.includes('texts-')).length).toBeLessThanOrEqual(2);
  });

  it('searchSync says it cannot wait for texts read asynchronously', async () => {
    const docs = await openIndex(JSON.parse(entry), async (name) => JSON.parse(files.get(name)!));
    expect(() => new LocalRetriever({ docs }).searchSync({ text: 'remove widget3', collection: 'docs', topK: 1 })).toThrow(/use search\(\)/);
  });
});
