import { afterAll, describe, expect, it } from 'vitest';
import { readHtml } from '../src/crawl/site-crawler';
import { htmlReaderPool } from './html-reader-pool';

const page = (n: number) => `<!doctype html><html><head><title>Page ${n} | Docs</title><link rel="canonical" href="/p/${n}?ref=x"></head><body>
<nav><a href="/p/${n + 1}">Next</a> <a href="https://other.example/x">Elsewhere</a> <a href="http://[bad">Broken</a></nav>
<article><h1 id="page-${n}">Page ${n}</h1><p>Text of page ${n}, long enough for Readability to keep it as the content.</p>
<h2 id="usage">Usage</h2><pre><code class="language-js">cy.get('[data-cy=${n}]')</code></pre></article></body></html>`;

describe('htmlReaderPool', () => {
  const pool = htmlReaderPool(2);
  afterAll(() => pool.close());

  it('reads pages on its threads exactly as readHtml does in this one', async () => {
    const pages = Array.from({ length: 6 }, (_, n) => page(n));
    const read = await Promise.all(pages.map((html) => pool.read(html, 'https://docs.example/p/x', true)));
    expect(pool.alive()).toBe(2);
    expect(read).toEqual(pages.map((html) => readHtml(html, 'https://docs.example/p/x', true)));
    expect(read[2]).toMatchObject({ canonical: 'https://docs.example/p/2', links: ['https://docs.example/p/3', 'https://other.example/x'] });
    expect(read[2]!.page?.markdown).toContain("```js\ncy.get('[data-cy=2]')\n```");
    expect(read[2]!.page?.headingIds).toContainEqual(['usage', 'usage']);
  });

  it('fails only the page that cannot be read, and keeps reading the others', async () => {
    const [broken, fine] = await Promise.allSettled([pool.read(page(1), 'not a url', false), pool.read(page(2), 'https://docs.example/p/2', false)]);
    expect(broken).toMatchObject({ status: 'rejected', reason: { message: expect.stringMatching(/invalid url/i) } });
    expect(fine).toMatchObject({ status: 'fulfilled', value: { canonical: 'https://docs.example/p/2', links: [] } });
    expect(pool.alive()).toBe(2);
  });

  it('reads in this thread when given one thread', async () => {
    const single = htmlReaderPool(1);
    expect(single.alive()).toBe(0);
    expect(await single.read(page(4), 'https://docs.example/p/4', true)).toEqual(readHtml(page(4), 'https://docs.example/p/4', true));
    await single.close();
  });
});
