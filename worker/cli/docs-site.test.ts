import { describe, expect, it } from 'vitest';
import { extractPage } from '../src/crawl/page-extract';
import { pageIdOf } from '../src/crawl/site-crawler';
import { inPageOrder } from './docs-site';

const PAGE = `<!doctype html><html><head><title>Install | Example Docs</title></head><body>
<header><nav><a href="/">Home</a> <a href="/api">API reference</a></nav></header>
<div class="cookie-banner">We use cookies to improve your experience.</div>
<aside class="sidebar"><ul><li><a href="/a">Sidebar page A</a></li><li><a href="/b">Sidebar page B</a></li></ul></aside>
<main><article>
<h1 id="installation">Installation<a class="hash-link" href="#installation">#</a></h1>
<p>Cypress is installed as a dev dependency of your project, and it runs on every operating system we support.</p>
<h2 id="system-requirements">System requirements<a class="hash-link" href="#system-requirements">#</a></h2>
<ul><li>Node.js 20 or later</li><li>At least 4 GB of memory</li></ul>
<table><tr><th>OS</th><th>Version</th></tr><tr><td>macOS</td><td>11+</td></tr></table>
<pre><code class="language-shell">npm install cypress --save-dev</code></pre>
</article>
<a href="https://github.com/x/edit/main/install.md">Edit this page on GitHub</a>
<div class="feedback">Was this helpful? Yes No</div></main>
<footer>Copyright © Example Docs</footer></body></html>`;

describe('extractPage', () => {
  const page = extractPage(PAGE, 'https://docs.example.com/install')!;

  it('keeps the main content as Markdown: headings, lists, tables and fenced code with its language', () => {
    expect(page.markdown).toMatch(/^# Installation/m);
    expect(page.markdown).toContain('## System requirements');
    expect(page.markdown).toMatch(/^-\s+Node\.js 20 or later$/m);
    expect(page.markdown).toContain('| OS | Version |\n| --- | --- |\n| macOS | 11+ |');
    expect(page.markdown).toContain('```shell\nnpm install cypress --save-dev\n```');
  });

  it('keeps a section whose heading id reads like chrome to Readability ("social", "share", "comment")', () => {
    const html = `<html><head><title>Login</title></head><body><article><h1 id="login">Login</h1><p>Logging in is described here at some length for the reader.</p>
<h2 id="authenticating-with-social-platforms">Authenticating with social platforms</h2><p>Social logins through popular providers are not recommended in tests.</p>
<h2 id="share-a-comment">Share a comment</h2><p>Comments on a run are shared with the team.</p></article></body></html>`;
    const markdown = extractPage(html, 'https://docs.example.com/login')!.markdown;
    expect(markdown).toContain('## Authenticating with social platforms');
    expect(markdown).toContain('## Share a comment');
  });

  it('keeps the h1 as the page heading when it differs from <title>, so the lead text stays the lead', () => {
    const html = `<html><head><title>attributeFilters: control identification | Docs</title></head><body><article><h1 id="ignore">Ignore attributes - <code>attributeFilters</code></h1>
<p>The lead paragraph explains what the option does for the reader, in enough words to count.</p><h2 id="why">Why use it?</h2><p>Because identifiers change between renders.</p></article></body></html>`;
    const markdown = extractPage(html, 'https://docs.example.com/attribute-filters')!.markdown;
    expect(markdown).toMatch(/^# Ignore attributes - `?attributeFilters`?\n\nThe lead paragraph/m);
    expect(markdown).not.toContain('## Ignore attributes');
  });

  it('keeps a section heading that reads like <title>', () => {
    const html = `<html><head><title>Drive Cypress with AI agents using cypress tap | Docs</title></head><body><article><h1>cypress tap: live app context</h1>
<p>The lead paragraph explains what the command does for the reader, in enough words to count.</p><h2>Use cypress tap with AI agents</h2><p>Agents read the JSON output.</p></article></body></html>`;
    const markdown = extractPage(html, 'https://docs.example.com/tap')!.markdown;
    expect(markdown).toContain('## Use cypress tap with AI agents');
    expect(markdown).toMatch(/^# cypress tap: live app context$/m);
  });

  it('reads text split at entities as one text: no stray escapes, and the heading keeps its anchor', () => {
    const html = `<html><head><title>get</title></head><body><article><h1>get</h1><p>Gets elements for the reader, in enough words to count here.</p>
<h2 id="ends-with-remote">Find the element with id that ends with &quot;-remote&quot;</h2><p>The flow is query -&gt; command.</p></article></body></html>`;
    const page = extractPage(html, 'https://docs.example.com/get')!;
    expect(page.markdown).toContain('## Find the element with id that ends with "-remote"\n');
    expect(page.markdown).toContain('The flow is query -> command.');
    expect(page.headingIds.get('find the element with id that ends with "-remote"')).toBe('ends-with-remote');
  });

  it('leaves the chrome out', () => {
    for (const chrome of ['We use cookies', 'Sidebar page A', 'API reference', 'Edit this page', 'Was this helpful', 'Copyright', '](#installation)']) {
      expect(page.markdown).not.toContain(chrome);
    }
  });

  it('takes the title from <title> without the site name, and the heading ids for anchors', () => {
    expect(page.title).toBe('Install');
    expect(page.headingIds.get('system requirements')).toBe('system-requirements');
  });
});

describe('pageIdOf', () => {
  it('is the path without slashes, and index for the root', () => {
    expect(pageIdOf(new URL('https://d.example/app/faq/'))).toBe('app/faq');
    expect(pageIdOf(new URL('https://d.example/'))).toBe('index');
  });
});

describe('inPageOrder', () => {
  it('orders chunks by page id whatever order the pages were read in, keeping the chunks of each page in order', () => {
    const chunk = (pageId: string, id: string) => ({ id, pageId, title: pageId, section: '', url: `https://d.example/${pageId}`, text: id });
    const read = [chunk('b', 'b1'), chunk('a', 'a1'), chunk('b', 'b2'), chunk('a', 'a2'), chunk('a/c', 'c1')];
    expect(inPageOrder(read).map((item) => item.id)).toEqual(['a1', 'a2', 'c1', 'b1', 'b2']);
  });
});
