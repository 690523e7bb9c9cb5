/**
 * The local index as several asset files, so no file passes Workers' 25 MiB per asset:
 * an entry file (`docs.json`: pages, chunk records without their text, page search, the
 * list of parts) and its parts in a folder beside it (`docs.parts/`): the chunk search's
 * postings in slices, the semantic vectors, and the chunk texts in small blocks.
 * Ingest writes them (`indexFiles`); the worker reads them through its ASSETS binding,
 * and the CLIs from disk, both with `openIndex`.
 */
import { BlockTexts, type ReadPart } from './chunk-texts';
import type { PackedSearch, PackedTerm } from './packed-postings';
import type { SemanticFile } from './semantic-index';
import { IndexFormatError, INDEX_FORMAT, INDEX_FORMAT_VERSION, loadIndex, type ChunkRecord, type IndexFile, type SearchIndex, serializableIndex } from './search-index';

/** Where a part of the index is listed in its entry file; names are relative to the entry file's folder. */
export interface IndexParts {
  /** Slices of the chunk search's postings, in term order. */
  postings: string[];
  semantic?: string;
  /** Blocks of chunk texts: each file is a JSON array of the texts of `count` consecutive chunks. */
  texts: { file: string; count: number }[];
}

/** The entry file: everything but the parts, which it lists. */
export interface IndexEntryFile extends Omit<IndexFile, 'chunks' | 'search' | 'semantic'> {
  chunks: Omit<ChunkRecord, 'text'>[];
  search: Omit<PackedSearch, 'postings'>;
  parts: IndexParts;
}

export interface IndexFileOptions {
  /** Largest postings slice, in bytes; Workers take up to 25 MiB per asset file. */
  postingsBytes?: number;
  /** Largest block of chunk texts, in bytes: a hit reads one block. */
  textBytes?: number;
}

const DEFAULT_POSTINGS_BYTES = 8 * 1024 * 1024;
const DEFAULT_TEXT_BYTES = 16 * 1024;
const encoder = new TextEncoder();
export const utf8Bytes = (text: string) => encoder.encode(text).length;

/** `docs.json` → `docs.parts`: the folder, beside the entry file, that holds its parts. */
export const partsFolder = (entryName: string) => `${entryName.replace(/^.*\//, '').replace(/\.json$/, '')}.parts`;

/** JSON arrays of items, each array as close to `maxBytes` as the items allow, and at least one item long. */
function slices<T>(items: readonly T[], maxBytes: number): { json: string; count: number }[] {
  const result: { json: string; count: number }[] = [];
  let current: string[] = [];
  let bytes = 2;
  for (const item of items) {
    const json = JSON.stringify(item);
    const size = utf8Bytes(json) + 1;
    if (current.length > 0 && bytes + size > maxBytes) {
      result.push({ json: `[${current.join(',')}]`, count: current.length });
      current = [];
      bytes = 2;
    }
    current.push(json);
    bytes += size;
  }
  if (current.length > 0 || result.length === 0) result.push({ json: `[${current.join(',')}]`, count: current.length });
  return result;
}

/**
 * The files of an index: the entry file's text, and each part's name (relative to the entry's folder) and text.
 *
 * @example
 * const { entry, parts } = indexFiles(index, 'docs.json');
 * // write entry to dist/index/docs.json, each part to dist/index/<name>
 */
export function indexFiles(index: SearchIndex, entryName: string, options: IndexFileOptions = {}): { entry: string; parts: { name: string; text: string }[] } {
  const file = serializableIndex(index);
  const folder = partsFolder(entryName);
  const parts: { name: string; text: string }[] = [];
  const { postings, ...search } = file.search;
  const listed: IndexParts = { postings: [], texts: [] };
  slices(postings, options.postingsBytes ?? DEFAULT_POSTINGS_BYTES).forEach((slice, number) => {
    const name = `${folder}/postings-${number}.json`;
    parts.push({ name, text: slice.json });
    listed.postings.push(name);
  });
  if (file.semantic) {
    listed.semantic = `${folder}/semantic.json`;
    parts.push({ name: listed.semantic, text: JSON.stringify(file.semantic) });
  }
  slices(
    file.chunks.map((chunk) => chunk.text),
    options.textBytes ?? DEFAULT_TEXT_BYTES,
  ).forEach((slice, number) => {
    const name = `${folder}/texts-${number}.json`;
    parts.push({ name, text: slice.json });
    listed.texts.push({ file: name, count: slice.count });
  });
  const { chunks, search: _search, semantic: _semantic, ...head } = file;
  const entry: IndexEntryFile = { ...head, chunks: chunks.map(({ text: _text, ...chunk }) => chunk), search, parts: listed };
  return { entry: JSON.stringify(entry), parts };
}

export type { ReadPart };

const PART_NAME = /^[\w-]+(\.[\w-]+)*\/[\w-]+(\.[\w-]+)*$/;

function checkedName(name: unknown): string {
  if (typeof name !== 'string' || !PART_NAME.test(name)) throw new IndexFormatError(`The index lists a part named ${JSON.stringify(name)}, which is not a file beside it: rebuild it with \`npm run ingest\`.`);
  return name;
}

/**
 * Load an index from its entry file (already parsed) and the parts it lists; a one-document
 * index (`serializeIndex`, no parts) loads as it is. The chunk texts stay where they are until
 * a search needs them (`BlockTexts`), so `readPart` is kept for as long as the index.
 * Throws IndexFormatError for another format or version, or parts that do not fit together.
 *
 * @example
 * const entry = await (await env.ASSETS.fetch('http://assets.local/index/docs.json')).json();
 * const docs = await openIndex(entry, async (name) => (await env.ASSETS.fetch(`http://assets.local/index/${name}`)).json());
 */
export async function openIndex(entry: unknown, readPart: ReadPart): Promise<SearchIndex> {
  const file = entry as Partial<IndexEntryFile> | null;
  if (!file || file.format !== INDEX_FORMAT || file.version !== INDEX_FORMAT_VERSION || !file.parts) return loadIndex(entry);
  const { parts } = file;
  if (!Array.isArray(parts.postings) || !Array.isArray(parts.texts) || !Array.isArray(file.chunks)) throw new IndexFormatError('The index file lists no parts: rebuild it with `npm run ingest`.');
  const blocks = parts.texts.map((block) => ({ file: checkedName(block.file), count: block.count }));
  if (blocks.reduce((sum, block) => sum + block.count, 0) !== file.chunks.length || !blocks.every((block) => Number.isInteger(block.count) && block.count >= 0)) {
    throw new IndexFormatError('The index\'s text blocks do not match its chunks: rebuild it with `npm run ingest`.');
  }
  const [postings, semantic] = await Promise.all([
    Promise.all(parts.postings.map((name) => readPart(checkedName(name)))),
    parts.semantic === undefined ? undefined : readPart(checkedName(parts.semantic)),
  ]);
  const { parts: _parts, ...rest } = file;
  return loadIndex(
    {
      ...rest,
      search: { ...file.search, postings: (postings as PackedTerm[][]).flat() },
      ...(semantic ? { semantic: semantic as SemanticFile } : {}),
    },
    new BlockTexts(blocks, readPart),
  );
}
