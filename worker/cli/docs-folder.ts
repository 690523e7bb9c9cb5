/**
 * Reads a docs folder (and a tickets JSONL file) into chunks. Shared by the
 * ingest CLI and the retrieval eval, so both index exactly the same way.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join, posix, relative, sep } from 'node:path';
import { collectAnchors, type Anchor, type LinkingPage } from '../src/retrieval/anchor-text';
import { chunkPage, parsePage, type Chunk, type ChunkOptions, type PageFormat } from '../src/retrieval/markdown-chunker';
import { CliError } from './args';

const FORMATS: Record<string, PageFormat> = { '.md': 'markdown', '.mdx': 'markdown', '.html': 'html', '.htm': 'html' };

export interface FolderOptions {
  /** Prefix of every page URL, e.g. `https://docs.example.com`. Without it URLs are site-root paths. */
  baseUrl?: string;
  /** Product slug given to every page. */
  product?: string;
  /** Use each page's top-level folder as its product (`cloud/faq.md` → `cloud`). */
  productFromPath?: boolean;
  chunkOptions?: ChunkOptions;
  onProgress?: (done: number, total: number) => void;
}

export interface FolderResult {
  pages: number;
  chunks: Chunk[];
  sourceBytes: number;
  /** What other pages of the folder say when they link to a page, by page id; pass to buildIndex. */
  anchors?: Map<string, Anchor[]>;
  /** Files left out because they are not UTF-8 text (a binary saved as .md, say), by page id. */
  skipped?: string[];
}

/** Page URL: base URL + path without extension; `index`/`README` pages take their folder's URL; `slug:` wins. */
export function pageUrl(pageId: string, slug: string | undefined, baseUrl = ''): string {
  const base = baseUrl.replace(/\/+$/, '');
  const withoutExtension = pageId.replace(/\.(mdx?|html?)$/i, '');
  const folderPath = withoutExtension.replace(/(^|\/)(index|readme)$/i, '');
  let path = `/${folderPath}`;
  if (slug) path = slug.startsWith('/') ? slug : posix.join('/', posix.dirname(withoutExtension), slug);
  return `${base}${path}` || '/';
}

async function listPages(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && FORMATS[extname(entry.name).toLowerCase()] !== undefined)
    .map((entry) => relative(folder, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .filter((pageId) => !pageId.split('/').some((part) => part.startsWith('.') || part === 'node_modules'))
    .sort();
}

/**
 * Read and chunk every .md, .mdx, .html and .htm file under `folder`.
 * Throws CliError (exit code 2) for a missing folder or a folder with no pages.
 */
export async function readDocsFolder(folder: string, options: FolderOptions = {}): Promise<FolderResult> {
  const info = await stat(folder).catch(() => undefined);
  if (!info?.isDirectory()) throw new CliError(`docs folder not found: ${folder}`);
  const pageIds = await listPages(folder);
  if (pageIds.length === 0) throw new CliError(`no docs found in ${folder} (looked for .md, .mdx, .html, .htm files)`);
  const chunks: Chunk[] = [];
  const linking: LinkingPage[] = [];
  const skipped: string[] = [];
  const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  let sourceBytes = 0;
  for (const [done, pageId] of pageIds.entries()) {
    const bytes = await readFile(join(folder, pageId));
    let content: string;
    try {
      content = utf8.decode(bytes);
    } catch {
      // Indexing it would put mojibake in answers; say so instead.
      skipped.push(pageId);
      options.onProgress?.(done + 1, pageIds.length);
      continue;
    }
    sourceBytes += bytes.length;
    const format = FORMATS[extname(pageId).toLowerCase()]!;
    const fallbackTitle = posix.basename(pageId).replace(/\.[^.]+$/, '').replace(/[-_]+/g, ' ');
    const parsed = parsePage(content, format, fallbackTitle);
    const product = options.productFromPath && pageId.includes('/') ? pageId.split('/')[0] : options.product;
    const updatedAt = parsed.frontmatter.last_update ?? parsed.frontmatter.updated ?? parsed.frontmatter.date;
    const url = pageUrl(pageId, parsed.slug, options.baseUrl);
    linking.push({ pageId, url, links: parsed.links });
    chunks.push(
      ...chunkPage(parsed, {
        pageId,
        url,
        ...(product ? { product } : {}),
        ...(updatedAt ? { updatedAt } : {}),
      }, options.chunkOptions),
    );
    options.onProgress?.(done + 1, pageIds.length);
  }
  if (skipped.length === pageIds.length) throw new CliError(`no readable docs in ${folder}: ${skipped.length === 1 ? 'its one file is' : `all ${skipped.length} files are`} not UTF-8 text`);
  return { pages: pageIds.length - skipped.length, chunks, sourceBytes, anchors: collectAnchors(linking, options.baseUrl), ...(skipped.length ? { skipped } : {}) };
}

interface TicketLine {
  id: string;
  question: string;
  resolution: string;
  product?: string;
  resolvedAt?: string;
}

/** Read resolved tickets, one JSON object a line: {"id","question","resolution","product"?,"resolvedAt"?}. */
export async function readTickets(file: string): Promise<FolderResult> {
  const content = await readFile(file, 'utf8').catch(() => {
    throw new CliError(`tickets file not found: ${file}`);
  });
  const chunks: Chunk[] = [];
  let pages = 0;
  for (const [number, line] of content.split('\n').entries()) {
    if (line.trim() === '') continue;
    const ticket = parseTicket(line, `${file}:${number + 1}`);
    const parsed = parsePage(`${ticket.question}\n\n${ticket.resolution}`, 'markdown', ticket.question);
    chunks.push(
      ...chunkPage(parsed, {
        pageId: ticket.id,
        url: '',
        ...(ticket.product ? { product: ticket.product } : {}),
        ...(ticket.resolvedAt ? { updatedAt: ticket.resolvedAt } : {}),
      }),
    );
    pages++;
  }
  if (pages === 0) throw new CliError(`no tickets found in ${file}`);
  return { pages, chunks, sourceBytes: Buffer.byteLength(content) };
}

function parseTicket(line: string, where: string): TicketLine {
  let value: Partial<TicketLine>;
  try {
    value = JSON.parse(line) as Partial<TicketLine>;
  } catch {
    throw new CliError(`${where}: not valid JSON`);
  }
  for (const field of ['id', 'question', 'resolution'] as const) {
    if (typeof value[field] !== 'string' || value[field] === '') throw new CliError(`${where}: "${field}" must be a non-empty string`);
  }
  return value as TicketLine;
}
