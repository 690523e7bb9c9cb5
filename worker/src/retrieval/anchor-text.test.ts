import { describe, expect, it } from 'vitest';
import { collectAnchors, extractLinks } from './anchor-text';
import { parsePage } from './markdown-chunker';

describe('extractLinks', () => {
  it('keeps the link text and its whole sentence, across wrapped lines', () => {
    const links = extractLinks('Commands run in order. Failed tests can\n[retry automatically](/app/guides/test-retries#How)\nwhen configured. Next sentence.');
    expect(links).toEqual([{ href: '/app/guides/test-retries#How', text: 'retry automatically', context: 'Failed tests can retry automatically when configured.' }]);
  });

  it('reads HTML links and ignores images', () => {
    expect(extractLinks('![logo](/img/logo.png) <a href="/pricing">our <b>plans</b></a>').map((link) => [link.href, link.text])).toEqual([['/pricing', 'our plans']]);
  });

  it('treats each list item as its own sentence', () => {
    const links = extractLinks('- Install with [npm](/install)\n- Upgrade with [the guide](/upgrade)');
    expect(links.map((link) => link.context)).toEqual(['Install with npm', 'Upgrade with the guide']);
  });
});

describe('parsePage links', () => {
  it('collects prose links but not links inside code', () => {
    const page = parsePage('# T\n\nSee [billing](/billing).\n\n```md\n[not a link](/code)\n```', 'markdown');
    expect(page.links.map((link) => link.href)).toEqual(['/billing']);
  });

  it('names the section each link is in, as chunks name it', () => {
    const page = parsePage('# T\n\nSee [home](/home).\n\n## Setup\n\n### Linux\n\nRead [paths](/paths).', 'markdown');
    expect(page.links.map((link) => [link.href, link.section])).toEqual([
      ['/home', ''],
      ['/paths', 'Setup > Linux'],
    ]);
  });
});

describe('collectAnchors', () => {
  const page = (pageId: string, url: string, ...hrefs: string[]) => ({ pageId, url, links: hrefs.map((href) => ({ href, text: `to ${href}`, context: '' })) });

  it('resolves site paths, relative links, file names and base-URL links to page ids', () => {
    const anchors = collectAnchors(
      [
        page('guides/a.md', 'https://docs.example.com/guides/a', '/guides/b#part', './c', '../reference/index.md', 'https://docs.example.com/guides/b'),
        page('guides/b.md', 'https://docs.example.com/guides/b'),
        page('guides/c.md', 'https://docs.example.com/guides/c'),
        page('reference/index.md', 'https://docs.example.com/reference'),
      ],
      'https://docs.example.com',
    );
    expect(anchors.get('guides/b.md')?.map((anchor) => anchor.text)).toEqual(['to /guides/b#part', 'to https://docs.example.com/guides/b']);
    expect(anchors.get('guides/c.md')?.[0]).toEqual({ text: 'to ./c', context: '', from: 'guides/a.md' });
    expect(anchors.get('reference/index.md')).toHaveLength(1);
  });

  it('resolves links under a base path, and ignores self-links, other sites and unknown pages', () => {
    const anchors = collectAnchors(
      [page('a.md', 'http://127.0.0.1:8787/docs/a', '/docs/b', '/a', 'https://elsewhere.example/b', '/missing', 'mailto:x@example.com'), page('b.md', 'http://127.0.0.1:8787/docs/b')],
      'http://127.0.0.1:8787/docs/',
    );
    expect([...anchors.keys()]).toEqual(['b.md']);
  });

  it('counts a repeated identical link from one page once', () => {
    const anchors = collectAnchors([page('a.md', '/a', '/b', '/b'), page('b.md', '/b')]);
    expect(anchors.get('b.md')).toHaveLength(1);
  });
});
