/**
 * Anchor text: what other pages call a page when they link to it. Writers
 * describe a linked page in the reader's words ("see how to retry failed
 * tests"), which is often closer to a question than the page's own text.
 *
 * Pure TypeScript with no Node APIs, like the chunker.
 */

/** One link found in a page's prose. */
export interface PageLink {
  /** The link target as written: a site path, a relative path or a full URL. */
  href: string;
  /** The link's visible text. */
  text: string;
  /** The sentence around the link, with Markdown reduced to text. */
  context: string;
  /** Heading path of the section the link is in ("A > B"), as chunks name it. */
  section?: string;
}

/** How one other page refers to a page. */
export interface Anchor {
  text: string;
  context: string;
  /** The linking page. */
  from: string;
  /** The section of the linking page the link is in. */
  section?: string;
}

/** A page as the resolver sees it: where it lives and what it links to. */
export interface LinkingPage {
  pageId: string;
  /** The page's URL as ingest computed it (site path, or base URL + site path). */
  url: string;
  links: readonly PageLink[];
}

const MARKDOWN_LINK = /(?<!!)\[((?:[^[\]]|\[[^\]]*\])*)\]\(\s*<?([^()\s<>]+(?:\([^)]*\)[^()\s<>]*)*)>?(?:\s+"[^"]*")?\s*\)/g;
const HTML_LINK = /<a\b[^>]*?\bhref=["']([^"']+)["'][^>]*>([\s\S]*?)<\/a\s*>/gi;
/** A sentence ends at . ! ? before a capital, and at a line that starts a list item, table row or quote. */
const SENTENCE_END = /(?<=[.!?])\s+(?=[A-Z`*_[(<])|\n(?=\s*(?:[-*+>|]|\d+\.)\s)/;
const CONTEXT_CHARS = 300;

/**
 * Links in one prose paragraph (lines of text, a list or a table; not code).
 *
 * @example
 * extractLinks('Tests [retry](/app/guides/test-retries) when they fail.')
 * // [{ href: '/app/guides/test-retries', text: 'retry', context: 'Tests retry when they fail.' }]
 */
export function extractLinks(line: string): PageLink[] {
  const found: { href: string; text: string; at: number }[] = [];
  for (const match of line.matchAll(MARKDOWN_LINK)) found.push({ href: match[2]!, text: match[1]!, at: match.index });
  for (const match of line.matchAll(HTML_LINK)) found.push({ href: match[1]!, text: match[2]!, at: match.index });
  if (found.length === 0) return [];
  const sentences = splitSentences(line);
  return found
    .map(({ href, text, at }) => ({ href, text: plainText(text), context: plainText(sentenceAt(sentences, at)).slice(0, CONTEXT_CHARS) }))
    .filter((link) => link.text !== '' || link.context !== '');
}

function splitSentences(line: string): { start: number; text: string }[] {
  const sentences: { start: number; text: string }[] = [];
  let start = 0;
  for (const piece of line.split(SENTENCE_END)) {
    const at = line.indexOf(piece, start);
    sentences.push({ start: at, text: piece });
    start = at + piece.length;
  }
  return sentences;
}

function sentenceAt(sentences: { start: number; text: string }[], at: number): string {
  let current = sentences[0]?.text ?? '';
  for (const sentence of sentences) if (sentence.start <= at) current = sentence.text;
  return current;
}

/** Link syntax, tags, code ticks and emphasis reduced to the words a reader sees. */
function plainText(markdown: string): string {
  return markdown
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[((?:[^[\]]|\[[^\]]*\])*)\]\((?:[^()]|\([^)]*\))*\)/g, '$1')
    .replace(/<[^>]+>/g, ' ')
    .replace(/[`*_]|^\s*(?:[-+>|]|\d+\.)\s+/gm, '')
    .replace(/\s*\|\s*/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Resolve every page's links to the pages of the same folder and collect, for each
 * target, the anchor text (and its sentence) that other pages use for it.
 * Links a page makes to itself, to other sites and to unknown paths are ignored.
 *
 * @example
 * collectAnchors([{ pageId: 'a.md', url: '/a', links: [{ href: '/b#x', text: 'retries', context: 'See retries.' }] },
 *                 { pageId: 'b.md', url: '/b', links: [] }])
 * // Map { 'b.md' => [{ text: 'retries', context: 'See retries.', from: 'a.md' }] }
 */
export function collectAnchors(pages: readonly LinkingPage[], baseUrl = ''): Map<string, Anchor[]> {
  const base = siteOf(baseUrl);
  const byPath = new Map<string, string>();
  for (const page of pages) {
    byPath.set(normalizePath(sitePath(page.url, base)), page.pageId);
    // Links may also name the source file (`../guides/retries.md`), as Docusaurus allows.
    byPath.set(normalizePath(`/${page.pageId}`), page.pageId);
  }
  const anchors = new Map<string, Anchor[]>();
  for (const page of pages) {
    const seen = new Set<string>();
    const from = sitePath(page.url, base);
    for (const link of page.links) {
      const target = resolveTarget(link.href, from, page.pageId, base, byPath);
      if (target === undefined || target === page.pageId) continue;
      const key = `${target}\n${link.text}\n${link.context}\n${link.section ?? ''}`;
      // One page repeating the same link adds no new evidence.
      if (seen.has(key)) continue;
      seen.add(key);
      let list = anchors.get(target);
      if (!list) anchors.set(target, (list = []));
      list.push({ text: link.text, context: link.context, from: page.pageId, ...(link.section !== undefined ? { section: link.section } : {}) });
    }
  }
  return anchors;
}

function resolveTarget(href: string, from: string, pageId: string, base: Site, byPath: Map<string, string>): string | undefined {
  const target = href.replace(/[#?].*$/, '');
  if (target === '' || /^(mailto|tel|javascript):/i.test(target)) return undefined;
  if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(target)) {
    const site = siteOf(target);
    if (!base.origin || site.origin !== base.origin) return undefined;
    return byPath.get(normalizePath(sitePath(target, base)));
  }
  if (target.startsWith('/')) return byPath.get(normalizePath(target)) ?? byPath.get(normalizePath(stripPrefix(target, base.path)));
  // Relative links resolve against the page's URL, or against its source file.
  return byPath.get(normalizePath(joinPath(parentOf(from), target))) ?? byPath.get(normalizePath(joinPath(parentOf(`/${pageId}`), target)));
}

interface Site {
  origin: string;
  path: string;
}

function siteOf(url: string): Site {
  const match = /^([a-z][a-z0-9+.-]*:)?\/\/([^/?#]+)([^?#]*)/i.exec(url);
  if (!match) return { origin: '', path: url.replace(/\/+$/, '') };
  return { origin: match[2]!.toLowerCase().replace(/^www\./, ''), path: match[3]!.replace(/\/+$/, '') };
}

/** The path of a page URL below the docs' base path. */
function sitePath(url: string, base: Site): string {
  const path = siteOf(url).path || '/';
  return stripPrefix(path.startsWith('/') ? path : `/${path}`, base.path);
}

function stripPrefix(path: string, prefix: string): string {
  if (!prefix || prefix === '/') return path;
  return path === prefix ? '/' : path.startsWith(`${prefix}/`) ? path.slice(prefix.length) : path;
}

function parentOf(path: string): string {
  return path.replace(/\/[^/]*$/, '') || '/';
}

function joinPath(folder: string, relative: string): string {
  const parts = folder.split('/');
  for (const part of relative.split('/')) {
    if (part === '..') parts.length = Math.max(1, parts.length - 1);
    else if (part !== '.' && part !== '') parts.push(part);
  }
  return parts.join('/') || '/';
}

/** One spelling per page: lowercase, no extension, no `index`/`README`, no trailing slash. */
function normalizePath(path: string): string {
  let decoded = path;
  try {
    decoded = decodeURI(path);
  } catch {
    // A malformed escape stays as written.
  }
  return (
    decoded
      .toLowerCase()
      .replace(/\.(mdx?|html?)$/, '')
      .replace(/(^|\/)(index|readme)$/, '')
      .replace(/\/+$/, '') || '/'
  );
}
