/**
 * The local search index: MiniSearch over chunks, plus the chunk metadata a
 * SearchHit needs, in one JSON file that the ingest CLI writes and the worker
 * loads from its static assets.
 */
import MiniSearch, { type Options } from 'minisearch';
import type { Collection } from '../ports';
import type { Anchor } from './anchor-text';
import type { Chunk } from './markdown-chunker';
import type { LatentSpaceOptions } from './latent-semantics';
import { linkTargets } from './link-graph';
import { loadCompactEngine } from './compact-postings';
import { documentFrequencies, packSearch, type PackedSearch } from './packed-postings';
import { buildSemanticIndex, loadSemantic, serializeSemantic, type SemanticFile, type SemanticIndex } from './semantic-index';
import { analyze, processTerm, tokenize } from '../domain/text-analysis';
import { textsInMemory, type ChunkTexts } from './chunk-texts';
import { IndexFormatError } from './index-format-error';
import { countSpellingWords } from './spelling-words';

export const INDEX_FORMAT = 'switchboard-local-index';
/** Bumped whenever the file layout or the text analysis changes; old files must be rebuilt. */
export const INDEX_FORMAT_VERSION = 5;

/** Page fields shared by all chunks of a page, stored once. */
export interface PageRecord {
  pageId: string;
  title: string;
  url: string;
  product?: string;
  updatedAt?: string;
}

export interface ChunkRecord {
  id: string;
  /** Position of the chunk's page in `pages`. */
  page: number;
  section: string;
  /** Pages (positions in `pages`) that this chunk's section links to. */
  links?: number[];
}

/** A chunk record with its text, as the one-document form stores it. */
export type ChunkFileRecord = ChunkRecord & { text: string };

/** The serialised form as one document; ingest writes it as several files (index-files.ts). */
export interface IndexFile {
  format: typeof INDEX_FORMAT;
  version: number;
  collection: Collection;
  builtAt: string;
  pages: PageRecord[];
  chunks: ChunkFileRecord[];
  search: PackedSearch;
  pageSearch: PackedSearch;
  semantic?: SemanticFile;
  /** Surface words of the chunks and how often each occurs, for the spelling corrector (spelling.ts). */
  spelling?: [string, number][];
}

interface IndexedDocument {
  id: number;
  title: string;
  section: string;
  path: string;
  text: string;
}

/** A whole page as one document: what the page is about, without its body. */
interface PageDocument {
  id: number;
  title: string;
  headings: string;
  path: string;
  lead: string;
  /** Link texts other pages use for this page. */
  anchors: string;
  /** The sentences around those links. */
  anchorContext: string;
}

/** A loaded index, ready to search. */
export interface SearchIndex {
  collection: Collection;
  builtAt: string;
  pages: PageRecord[];
  chunks: ChunkRecord[];
  /** The chunks' texts, by chunk number: in memory, or read on demand (chunk-texts.ts). */
  texts: ChunkTexts;
  /** Surface words and their counts; computed from the texts when absent. */
  spelling?: [string, number][];
  engine: MiniSearch<IndexedDocument>;
  /** Pages by title, headings, path and lead paragraph: finds a page whose outline matches a question spread over its sections. */
  pageEngine: MiniSearch<PageDocument>;
  /** Number of chunks each term occurs in, for inverse document frequency. */
  documentFrequency: Map<string, number>;
  /** Term and chunk vectors in a latent semantic space, when the index was built with `semantic`. */
  semantic?: SemanticIndex;
}

export const INDEX_FIELDS = ['title', 'section', 'path', 'text'] as const;

const ENGINE_OPTIONS: Options<IndexedDocument> = {
  fields: [...INDEX_FIELDS],
  storeFields: [],
  tokenize,
  processTerm: (term) => processTerm(term),
};

export const PAGE_FIELDS = ['title', 'headings', 'path', 'lead', 'anchors', 'anchorContext'] as const;

const PAGE_ENGINE_OPTIONS: Options<PageDocument> = {
  fields: [...PAGE_FIELDS],
  storeFields: [],
  tokenize,
  processTerm: (term) => processTerm(term),
};

const LEAD_CHARS = 600;

/** Words of the page path, so `install-cypress.md` also matches "install cypress". */
function pathWords(pageId: string): string {
  return pageId.replace(/\.(md|mdx|html?)$/i, '').replace(/(^|\/)(index|readme)$/i, '').replace(/[/_-]+/g, ' ');
}

export interface BuildOptions {
  /** What other pages say when they link to a page, by page id (from `collectAnchors`). */
  anchors?: ReadonlyMap<string, readonly Anchor[]>;
  /**
   * Also fit a latent semantic space to the chunks, so a question can find a page
   * it shares no word with. Costs seconds at ingest and about 2 bytes per term and
   * dimension plus per chunk and dimension in the file; meant for the ingest CLI,
   * not for indexes built inside the worker.
   */
  semantic?: LatentSpaceOptions;
}

/**
 * Index chunks. Chunks of one page must share title, url and product.
 *
 * @example
 * const index = buildIndex(chunks, 'docs', { anchors, semantic: { dimensions: 128 } });
 * const json = serializeIndex(index);
 */
export function buildIndex(chunks: readonly Chunk[], collection: Collection, options: BuildOptions = {}): SearchIndex {
  const pages: PageRecord[] = [];
  const pageNumber = new Map<string, number>();
  const records: ChunkRecord[] = chunks.map((chunk) => {
    let page = pageNumber.get(chunk.pageId);
    if (page === undefined) {
      page = pages.length;
      pageNumber.set(chunk.pageId, page);
      pages.push(definedOnly({ pageId: chunk.pageId, title: chunk.title, url: chunk.url, product: chunk.product, updatedAt: chunk.updatedAt }));
    }
    return { id: chunk.id, page, section: chunk.section };
  });
  const texts = chunks.map((chunk) => chunk.text);
  if (options.anchors) {
    linkTargets(pages, records, options.anchors).forEach((targets, chunk) => {
      if (targets.length > 0) records[chunk]!.links = targets;
    });
  }
  const engine = new MiniSearch<IndexedDocument>(ENGINE_OPTIONS);
  engine.addAll(
    records.map((record, id) => {
      const page = pages[record.page]!;
      return { id, title: page.title, section: record.section, path: pathWords(page.pageId), text: texts[id]! };
    }),
  );
  const pageEngine = new MiniSearch<PageDocument>(PAGE_ENGINE_OPTIONS);
  pageEngine.addAll(pageDocuments(pages, records, texts, options.anchors));
  const semantic = options.semantic ? buildSemanticIndex(records.map((record, id) => analyze(`${pages[record.page]!.title}\n${record.section}\n${texts[id]}`)), options.semantic) : undefined;
  return {
    collection,
    builtAt: new Date().toISOString(),
    pages,
    chunks: records,
    texts: textsInMemory(texts),
    engine,
    pageEngine,
    documentFrequency: documentFrequencies(packSearch(engine.toJSON()).postings),
    // A corpus too small to have a shared word has no latent space worth storing.
    ...(semantic && semantic.dimensions > 0 ? { semantic } : {}),
  };
}

function pageDocuments(pages: PageRecord[], records: ChunkRecord[], texts: readonly string[], anchors?: ReadonlyMap<string, readonly Anchor[]>): PageDocument[] {
  const documents = pages.map((page, id) => {
    const links = anchors?.get(page.pageId) ?? [];
    return {
      id,
      title: page.title,
      headings: '',
      path: pathWords(page.pageId),
      lead: '',
      anchors: links.map((link) => link.text).join('\n'),
      anchorContext: links.map((link) => link.context).join('\n'),
    };
  });
  const seenHeadings = pages.map(() => new Set<string>());
  records.forEach((record, number) => {
    const document = documents[record.page]!;
    if (document.lead === '') document.lead = texts[number]!.slice(0, LEAD_CHARS);
    for (const heading of record.section.split(' > ')) {
      if (heading && !seenHeadings[record.page]!.has(heading)) {
        seenHeadings[record.page]!.add(heading);
        document.headings += `${heading}\n`;
      }
    }
  });
  return documents;
}

/** The index as one JSON document. */
export function serializeIndex(index: SearchIndex): string {
  return JSON.stringify(serializableIndex(index));
}

/** The index as the plain object that `serializeIndex` writes and `loadIndex` reads; its texts must be in memory (a built index). */
export function serializableIndex(index: SearchIndex): IndexFile {
  const chunks = index.chunks.map((chunk, number) => {
    const text = index.texts.get(number);
    if (text === undefined) throw new Error(`Chunk ${chunk.id} has no text in memory: only a built index can be written.`);
    return { ...chunk, text };
  });
  return {
    format: INDEX_FORMAT,
    version: INDEX_FORMAT_VERSION,
    collection: index.collection,
    builtAt: index.builtAt,
    pages: index.pages,
    chunks,
    search: packSearch(index.engine.toJSON()),
    pageSearch: packSearch(index.pageEngine.toJSON()),
    ...(index.semantic ? { semantic: serializeSemantic(index.semantic) } : {}),
    spelling: index.spelling ?? countSpellingWords(index.chunks.map((chunk) => chunk.section), chunks.map((chunk) => chunk.text)),
  };
}

export { IndexFormatError };

/**
 * Load an index from its one-document JSON text or the already-parsed object
 * (the files ingest writes are read by `openIndex`, index-files.ts). With `texts`, the chunk
 * texts are read from there and the file's chunks hold none.
 * Throws IndexFormatError for a file of another format or version.
 *
 * @example
 * const docs = loadIndex(serializeIndex(buildIndex(chunks, 'docs')));
 */
export function loadIndex(json: string | unknown, texts?: ChunkTexts): SearchIndex {
  const file = (typeof json === 'string' ? JSON.parse(json) : json) as Partial<IndexFile> | null;
  if (!file || file.format !== INDEX_FORMAT) throw new IndexFormatError('Not a Switchboard index file: rebuild it with `npm run ingest`.');
  if (file.version !== INDEX_FORMAT_VERSION) {
    throw new IndexFormatError(`Index format version ${String(file.version)} is not ${INDEX_FORMAT_VERSION}: rebuild it with \`npm run ingest\`.`);
  }
  if (!Array.isArray(file.pages) || !Array.isArray(file.chunks) || !Array.isArray(file.search?.postings) || !Array.isArray(file.pageSearch?.postings) || (file.collection !== 'docs' && file.collection !== 'tickets')) {
    throw new IndexFormatError('The index file is incomplete: rebuild it with `npm run ingest`.');
  }
  const semantic = file.semantic ? loadSemantic(file.semantic, file.chunks.length) : undefined;
  if (file.semantic && !semantic) throw new IndexFormatError('The index file\'s semantic vectors do not match its chunks: rebuild it with `npm run ingest`.');
  return {
    collection: file.collection,
    builtAt: file.builtAt ?? '',
    pages: file.pages,
    chunks: texts ? file.chunks : file.chunks.map(({ text: _text, ...chunk }) => chunk),
    texts: texts ?? textsInMemory(file.chunks.map((chunk) => chunk.text)),
    ...(Array.isArray(file.spelling) ? { spelling: file.spelling } : {}),
    engine: loadCompactEngine<IndexedDocument>(file.search, ENGINE_OPTIONS),
    pageEngine: loadCompactEngine<PageDocument>(file.pageSearch, PAGE_ENGINE_OPTIONS),
    documentFrequency: documentFrequencies(file.search.postings),
    ...(semantic ? { semantic } : {}),
  };
}

/** Terms of a text as the index sees them; exported for tests and diagnostics. */
export const indexTerms = analyze;

function definedOnly<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as T;
}
