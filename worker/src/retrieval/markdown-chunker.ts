/**
 * Turns one Markdown, MDX or HTML page into heading-based chunks for retrieval.
 *
 * Pure TypeScript with no Node APIs, so the same code runs in the ingest CLI
 * and in the Workers runtime.
 */

import { extractLinks, type PageLink } from './anchor-text';

export type PageFormat = 'markdown' | 'html';

/** One retrievable piece of a page: a section, or part of a long one. */
export interface Chunk {
  /** Stable content hash of page, section path and text. */
  id: string;
  /** Path of the page relative to the docs folder, e.g. `app/get-started/install-cypress.md`. */
  pageId: string;
  /** Title of the page. */
  title: string;
  /** Heading path below the page title, "A > B"; empty for the page's lead text. */
  section: string;
  url: string;
  product?: string;
  updatedAt?: string;
  text: string;
}

/** A page split into its sections, before chunking. */
export interface ParsedPage {
  title: string;
  /** Frontmatter `slug:`, which overrides the URL derived from the path. */
  slug?: string;
  frontmatter: Record<string, string>;
  sections: Section[];
  /** Links in the page's prose (not in code), for anchor text. */
  links: PageLink[];
}

export interface Section {
  /** Headings from the page's top to this section, without the page's own `#` title. */
  path: string[];
  /** Paragraphs, lists, tables and whole code fences, in order. */
  blocks: string[];
}

export interface ChunkOptions {
  /** A section longer than this is split on block boundaries (code fences are never split). */
  maxChars?: number;
  /** A continuation chunk repeats the previous block when it is at most this long. */
  overlapChars?: number;
}

export interface PageMeta {
  pageId: string;
  url: string;
  product?: string;
  updatedAt?: string;
}

const FENCE = /^\s{0,3}(`{3,}|~{3,})/;
const HEADING = /^(#{1,6})\s+(.+?)\s*#*\s*$/;

/**
 * Parse a page into title, frontmatter and sections.
 *
 * @example
 * parsePage('---\ntitle: Install\n---\n## Requirements\nNode 20', 'markdown').sections[0]?.path // ['Requirements']
 */
export function parsePage(content: string, format: PageFormat, fallbackTitle = ''): ParsedPage {
  const source = content.replace(/\r\n?/g, '\n').replace(/^\uFEFF/, '');
  const { frontmatter, body } = format === 'html' ? htmlToMarkdown(source) : splitFrontmatter(source);
  const sections: Section[] = [{ path: [], blocks: [] }];
  const headings: string[] = [];
  const links: PageLink[] = [];
  let pageHeading: string | undefined;
  let paragraph: string[] = [];
  let rawParagraph: string[] = [];
  let fence: string | undefined;
  const current = () => sections[sections.length - 1]!;
  const flush = () => {
    const block = paragraph.join('\n').trim();
    if (block) current().blocks.push(block);
    // Links are read from the whole paragraph: a sentence around a link often spans wrapped lines.
    if (rawParagraph.length > 0) {
      const section = current().path.join(' > ');
      links.push(...extractLinks(rawParagraph.join('\n')).map((link) => ({ ...link, section })));
    }
    paragraph = [];
    rawParagraph = [];
  };

  for (const line of body.split('\n')) {
    const fenceMatch = FENCE.exec(line);
    if (fence !== undefined) {
      paragraph.push(line);
      if (fenceMatch && fenceMatch[1]!.startsWith(fence) && line.trim() === fenceMatch[1]) {
        fence = undefined;
        flush();
      }
      continue;
    }
    if (fenceMatch) {
      flush();
      fence = fenceMatch[1]!;
      paragraph.push(line);
      continue;
    }
    if (format === 'markdown' && /^(import|export)\s/.test(line)) continue;
    const heading = HEADING.exec(line);
    if (heading) {
      flush();
      const level = heading[1]!.length;
      const text = cleanInline(heading[2]!);
      if (level === 1 && pageHeading === undefined && headings.length === 0) {
        pageHeading = text;
        continue;
      }
      headings.length = Math.max(0, level - 2);
      headings[level - 2] = text;
      sections.push({ path: headings.filter(Boolean), blocks: [] });
      continue;
    }
    const cleaned = format === 'markdown' ? cleanLine(line) : stripLinks(line);
    if (cleaned.trim() === '') flush();
    else {
      paragraph.push(cleaned);
      rawParagraph.push(line);
    }
  }
  flush();

  const title = frontmatter.title || pageHeading || fallbackTitle;
  return { title, slug: frontmatter.slug, frontmatter, sections: sections.filter((section) => section.blocks.length > 0), links };
}

/**
 * Split a parsed page into chunks of at most about `maxChars`.
 *
 * @example
 * chunkPage(parsePage(markdown, 'markdown'), { pageId: 'a.md', url: '/a' })
 */
export function chunkPage(page: ParsedPage, meta: PageMeta, options: ChunkOptions = {}): Chunk[] {
  const maxChars = options.maxChars ?? 1500;
  const overlapChars = options.overlapChars ?? 240;
  const chunks: Chunk[] = [];
  const seen = new Set<string>();
  for (const section of page.sections) {
    const sectionPath = section.path.join(' > ');
    for (const text of packBlocks(section.blocks, maxChars, overlapChars)) {
      let id = contentHash(`${meta.pageId}\n${sectionPath}\n${text}`);
      for (let copy = 2; seen.has(id); copy++) id = contentHash(`${meta.pageId}\n${sectionPath}\n${text}\n${copy}`);
      seen.add(id);
      chunks.push({ id, ...meta, title: page.title, section: sectionPath, text });
    }
  }
  return chunks;
}

function packBlocks(blocks: string[], maxChars: number, overlapChars: number): string[] {
  const pieces: string[] = [];
  let current: string[] = [];
  let size = 0;
  for (const block of blocks) {
    if (current.length > 0 && size + block.length > maxChars) {
      pieces.push(current.join('\n\n'));
      const last = current[current.length - 1]!;
      current = last.length <= overlapChars && !FENCE.test(last) ? [last] : [];
      size = current.reduce((total, item) => total + item.length + 2, 0);
    }
    current.push(block);
    size += block.length + 2;
  }
  if (current.length > 0) pieces.push(current.join('\n\n'));
  return pieces;
}

function splitFrontmatter(source: string): { frontmatter: Record<string, string>; body: string } {
  const match = /^---\n([\s\S]*?)\n---[ \t]*(?:\n|$)/.exec(source);
  if (!match) return { frontmatter: {}, body: source };
  const frontmatter: Record<string, string> = {};
  for (const line of match[1]!.split('\n')) {
    const field = /^([A-Za-z_][\w-]*):\s*(.*)$/.exec(line);
    if (field) frontmatter[field[1]!] = unquote(field[2]!.trim());
  }
  return { frontmatter, body: source.slice(match[0].length) };
}

function unquote(value: string): string {
  const quoted = /^(["'])(.*)\1$/.exec(value);
  return quoted ? quoted[2]!.replace(/\\"/g, '"') : value;
}

/** Drop MDX-only syntax from a prose line: JSX tags (keeping their text), comments, images. */
function cleanLine(line: string): string {
  return line
    .replace(/\{\/\*[\s\S]*?\*\/\}/g, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<\/?[A-Z][\w.]*(?:\s[^<>]*?)?\/?>/g, '')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]]*)\]\((?:[^()\s]|\([^)]*\))*\)/g, '$1');
}

/** Markdown links reduced to their text (HTML pages carry their links this way, see htmlToMarkdown). */
function stripLinks(line: string): string {
  return line.replace(/\[([^\]]*)\]\((?:[^()\s]|\([^)]*\))*\)/g, '$1');
}

/** Heading text without links, anchors, code ticks and emphasis. */
function cleanInline(text: string): string {
  return cleanLine(text)
    .replace(/\{#[\w-]+\}/g, '')
    .replace(/[`*_]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** Reduce an HTML page to the Markdown subset the parser reads: headings, paragraphs, code fences. */
function htmlToMarkdown(html: string): { frontmatter: Record<string, string>; body: string } {
  const titleMatch = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html);
  const frontmatter: Record<string, string> = {};
  if (titleMatch) frontmatter.title = decodeEntities(titleMatch[1]!.replace(/\s+/g, ' ').trim());
  const bodyMatch = /<body[^>]*>([\s\S]*)<\/body>/i.exec(html);
  const body = (bodyMatch ? bodyMatch[1]! : html)
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(script|style|noscript|template|svg|head)\b[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<pre\b[^>]*>([\s\S]*?)<\/pre\s*>/gi, (_whole, code: string) => {
      const text = decodeEntities(code.replace(/<[^>]+>/g, '')).replace(/^\n+|\n+$/g, '');
      return `\n\n\`\`\`\n${text}\n\`\`\`\n\n`;
    })
    .replace(/<h([1-6])\b[^>]*>([\s\S]*?)<\/h\1\s*>/gi, (_whole, level: string, text: string) => {
      const heading = decodeEntities(text.replace(/<[^>]+>/g, '')).replace(/\s+/g, ' ').trim();
      return `\n\n${'#'.repeat(Number(level))} ${heading}\n\n`;
    })
    .replace(/<a\b[^>]*?\bhref=["']([^"'\s]+)["'][^>]*>([\s\S]*?)<\/a\s*>/gi, (_whole, href: string, text: string) => `[${text.replace(/[[\]]/g, '')}](${href})`)
    .replace(/<li\b[^>]*>/gi, '\n- ')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/?(p|div|section|article|ul|ol|table|tr|blockquote|header|footer|main|nav|dl|dt|dd|figure)\b[^>]*>/gi, '\n\n')
    .replace(/<\/?(td|th)\b[^>]*>/gi, ' | ')
    .replace(/<[^>]+>/g, '');
  // Entities in prose are decoded after tags are gone, so "&lt;div&gt;" stays text.
  let inFence = false;
  const lines = body.split('\n').map((line) => {
    if (line.startsWith('```')) inFence = !inFence;
    return inFence || line.startsWith('```') ? line : decodeEntities(line).replace(/[ \t]+/g, ' ').trimEnd();
  });
  return { frontmatter, body: lines.join('\n') };
}

/**
 * cyrb53-style 64-bit hash (two 32-bit lanes), as 16 hex characters. Small,
 * sync and the same in every runtime; stability matters here, not secrecy.
 */
export function contentHash(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h2 >>> 0).toString(16).padStart(8, '0') + (h1 >>> 0).toString(16).padStart(8, '0');
}
