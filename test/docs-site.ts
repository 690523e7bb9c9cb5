/**
 * A loopback docs site for crawl tests, generated from the Cypress docs KB
 * (../shared/kb/cypress-docs/pages): real docs-site chrome around every page
 * (header nav, sidebar listing every page, breadcrumbs, footer, cookie banner,
 * "edit this page", "was this helpful?", next/previous), heading anchors,
 * sitemap.xml (an index and one child), robots.txt with one disallowed section
 * and a crawl delay, redirects, a 404, a 500, and an ETag and Last-Modified on
 * every page, honouring If-None-Match and If-Modified-Since with 304.
 * `editPage` and `removePage` change the site between two crawls.
 *
 * Not a test double of a paid service: a real HTTP server on 127.0.0.1.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { join, relative, resolve, sep } from 'node:path';
import { marked } from 'marked';

/**
 * The KB beside the repo: ../shared/kb/cypress-docs from the repo root (CI), or
 * ../../shared from a worktree under wt/ (local).
 */
const ROOT = resolve(import.meta.dirname, '..');
export const CYPRESS_KB =
  [resolve(ROOT, '..', 'shared', 'kb', 'cypress-docs'), resolve(ROOT, '..', '..', 'shared', 'kb', 'cypress-docs')].find((dir) => existsSync(join(dir, 'pages'))) ??
  resolve(ROOT, '..', 'shared', 'kb', 'cypress-docs');
export const cypressKbPresent = () => existsSync(join(CYPRESS_KB, 'pages'));

/** Chrome strings that must never reach a chunk. */
export const CHROME_TEXT = ['We use cookies to improve your experience', 'Edit this page on GitHub', 'Was this page helpful to you?', 'Copyright © Loopback Docs', 'Skip to main content'];
/** The section robots.txt disallows: internal drafts, on top of the KB's pages. */
export const DISALLOWED_PREFIX = '/internal/';
const DRAFTS = ['roadmap', 'pricing-draft', 'incident-notes'].map((name) => ({
  path: `${DISALLOWED_PREFIX}${name}`,
  title: `Internal ${name}`,
  html: `<h1 id="internal">Internal ${name}</h1><p>Confidential draft ${name}: never index this page.</p>`,
  etag: '',
}));

export interface DocsSiteOptions {
  port?: number;
  /** Crawl-delay in robots.txt, seconds (0 leaves the line out). */
  crawlDelay?: number;
}

export interface DocsSite {
  url: string;
  /** Page paths served (without the disallowed section's robots status). */
  paths: string[];
  /** Request log: path and status. */
  requests: { path: string; status: number }[];
  /** Change a page's article (its ETag and Last-Modified change with it). */
  editPage(path: string, change: (articleHtml: string) => string): void;
  /** Take a page off the site: out of the sitemap, and 404. */
  removePage(path: string): void;
  close(): Promise<void>;
}

interface Page {
  path: string;
  title: string;
  html: string;
  etag: string;
}

const slug = (text: string) => text.toLowerCase().replace(/<[^>]+>/g, '').replace(/[^\w\s-]/g, '').trim().replace(/\s+/g, '-');
const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Site path of a page id, as SOURCE.md maps it: without `.md` and a trailing `/index`. */
export const sitePath = (pageId: string) => `/${pageId.replace(/\.md$/, '').replace(/(^|\/)index$/, '')}`;

async function renderPages(pagesDir: string): Promise<Page[]> {
  const files = (await readdir(pagesDir, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile() && entry.name.endsWith('.md'))
    .map((entry) => relative(pagesDir, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
  const pages = await Promise.all(
    files.map(async (pageId) => {
      const source = await readFile(join(pagesDir, pageId), 'utf8');
      const frontTitle = /^---\n[\s\S]*?^title:\s*"?(.+?)"?\s*$/m.exec(source)?.[1];
      const body = source.replace(/^---\n[\s\S]*?\n---\n/, '');
      const title = frontTitle ?? /^#\s+(.+)$/m.exec(body)?.[1] ?? pageId;
      const renderer = new marked.Renderer();
      const used = new Map<string, number>();
      renderer.heading = function ({ tokens, depth }) {
        const text = this.parser.parseInline(tokens);
        let id = slug(text) || 'section';
        const count = used.get(id) ?? 0;
        used.set(id, count + 1);
        if (count) id = `${id}-${count}`;
        return `<h${depth} id="${id}">${text}<a class="hash-link" href="#${id}" aria-label="Direct link to ${id}">#</a></h${depth}>\n`;
      };
      const html = await marked.parse(body, { renderer, gfm: true });
      return { path: sitePath(pageId), title, html, etag: '' };
    }),
  );
  return pages;
}

function chrome(page: Page, pages: Page[], index: number): string {
  const crumbs = page.path.split('/').filter(Boolean);
  const previous = pages[index - 1];
  const next = pages[index + 1];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(page.title)} | Loopback Docs</title>
<link rel="canonical" href="${page.path}"></head>
<body>
<a class="skip" href="#main">Skip to main content</a>
<header class="navbar"><nav><a href="/">Loopback Docs</a> <a href="/app/get-started/why-cypress">Guides</a> <a href="/api/table-of-contents">API</a> <a href="/cloud/get-started/introduction">Cloud</a> <a href="https://github.com/example/docs">GitHub</a> <input placeholder="Search docs"></nav></header>
<div class="cookie-banner" role="dialog"><p>We use cookies to improve your experience and to measure traffic. By continuing you accept our cookie policy.</p><button>Accept all cookies</button><button>Reject</button></div>
<div class="layout">
<aside class="sidebar"><nav aria-label="Docs sidebar"><ul>${pages.map((other) => `<li><a href="${other.path}">${escapeHtml(other.title)}</a></li>`).join('')}</ul></nav></aside>
<main id="main"><nav aria-label="Breadcrumbs" class="breadcrumbs"><ol><li><a href="/">Home</a></li>${crumbs.map((crumb) => `<li>${escapeHtml(crumb)}</li>`).join('')}</ol></nav>
<article class="markdown">${page.html}</article>
<div class="edit"><a href="https://github.com/example/docs/edit/main${page.path}.md">Edit this page on GitHub</a></div>
<div class="feedback"><p>Was this page helpful to you?</p><button>Yes</button><button>No</button></div>
<nav class="pagination" aria-label="Docs pages">${previous ? `<a class="prev" href="${previous.path}">Previous « ${escapeHtml(previous.title)}</a>` : ''}${next ? `<a class="next" href="${next.path}">Next » ${escapeHtml(next.title)}</a>` : ''}</nav>
</main></div>
<footer class="footer"><ul><li><a href="/">Docs</a></li><li><a href="https://example.com/blog">Blog</a></li><li><a href="https://example.com/privacy">Privacy</a></li></ul><p>Copyright © Loopback Docs, all rights reserved.</p></footer>
</body></html>`;
}

/** Serve the KB as a docs site on 127.0.0.1. */
export async function startDocsSite(options: DocsSiteOptions = {}): Promise<DocsSite> {
  const pages = [...(await renderPages(join(CYPRESS_KB, 'pages'))), ...DRAFTS];
  const byPath = new Map<string, string>();
  const etags = new Map<string, string>();
  const modified = new Map<string, string>();
  const started = Date.UTC(2026, 0, 1);
  let edits = 0;
  const render = (page: Page, index: number, at: number) => {
    const html = chrome(page, pages, index);
    byPath.set(page.path, html);
    etags.set(page.path, `"${createHash('sha1').update(html).digest('hex').slice(0, 16)}"`);
    modified.set(page.path, new Date(at).toUTCString());
  };
  pages.forEach((page, index) => render(page, index, started));
  const PDF_ETAG = '"cheatsheet-1"';
  const redirects = new Map([
    ['/guides/install', '/app/get-started/install-cypress'],
    ['/old/api/cy-get', '/api/commands/get'],
    ['/app/get-started/install-cypress/', '/app/get-started/install-cypress'],
  ]);
  const requests: DocsSite['requests'] = [];
  let origin = '';
  const server: Server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    const send = (status: number, type: string, body: string, headers: Record<string, string> = {}) => {
      requests.push({ path, status });
      response.writeHead(status, { 'content-type': type, ...headers });
      response.end(request.method === 'HEAD' ? undefined : body);
    };
    if (path === '/robots.txt') {
      return send(200, 'text/plain', `User-agent: *\nDisallow: ${DISALLOWED_PREFIX}\n${options.crawlDelay ? `Crawl-delay: ${options.crawlDelay}\n` : ''}\nSitemap: ${origin}/sitemap.xml\n`);
    }
    if (path === '/sitemap.xml') {
      return send(200, 'application/xml', `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>${origin}/sitemap-docs.xml</loc></sitemap></sitemapindex>`);
    }
    if (path === '/sitemap-docs.xml') {
      // The sitemap lists every page, the disallowed section, a redirect, a broken page, an error and a PDF.
      const locs = [...pages.filter((page) => byPath.has(page.path)).map((page) => page.path), '/guides/install', '/missing-page', '/broken', '/assets/cheatsheet.pdf'];
      return send(200, 'application/xml', `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${locs.map((loc) => `<url><loc>${origin}${loc}</loc></url>`).join('')}</urlset>`);
    }
    if (path === '/broken') return send(500, 'text/html', '<h1>Internal error</h1>');
    if (path === '/assets/cheatsheet.pdf') {
      if (request.headers['if-none-match'] === PDF_ETAG) return send(304, 'application/pdf', '', { etag: PDF_ETAG });
      return send(200, 'application/pdf', '%PDF-1.4 not really', { etag: PDF_ETAG });
    }
    const target = redirects.get(path);
    if (target) return send(301, 'text/html', '', { location: target });
    const html = byPath.get(path);
    if (html === undefined) return send(404, 'text/html', '<h1>Page not found</h1>');
    const etag = etags.get(path)!;
    const lastModified = modified.get(path)!;
    const validators = { etag, 'last-modified': lastModified };
    // RFC 9110: If-None-Match decides when present; If-Modified-Since only without it.
    const ifNoneMatch = request.headers['if-none-match'];
    const ifModifiedSince = request.headers['if-modified-since'];
    const fresh = ifNoneMatch !== undefined ? ifNoneMatch === etag : ifModifiedSince !== undefined && Date.parse(ifModifiedSince) >= Date.parse(lastModified);
    if (fresh) return send(304, 'text/html', '', validators);
    return send(200, 'text/html; charset=utf-8', html, validators);
  });
  await new Promise<void>((resolveListen) => server.listen(options.port ?? 0, '127.0.0.1', resolveListen));
  const address = server.address();
  origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : options.port}`;
  return {
    url: `${origin}/`,
    paths: pages.map((page) => page.path),
    requests,
    editPage(path, change) {
      const index = pages.findIndex((page) => page.path === path);
      if (index < 0 || !byPath.has(path)) throw new Error(`no page ${path}`);
      pages[index] = { ...pages[index]!, html: change(pages[index]!.html) };
      render(pages[index]!, index, started + ++edits * 1000);
    },
    removePage(path) {
      if (!byPath.delete(path)) throw new Error(`no page ${path}`);
    },
    close: () => new Promise((resolveClose) => server.close(() => resolveClose())),
  };
}
