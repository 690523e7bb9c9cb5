import { describe, expect, it } from 'vitest';
import { chunkPage, contentHash, parsePage } from './markdown-chunker';

const meta = { pageId: 'guides/install.md', url: '/guides/install', product: 'app' };

describe('parsePage (Markdown and MDX)', () => {
  const mdx = [
    '---',
    'title: "Install the app"',
    'slug: /setup',
    '---',
    "import Tabs from '@theme/Tabs'",
    '',
    '# Installation',
    '',
    'Lead text with a [link](/other#anchor).',
    '',
    '## Requirements {#reqs}',
    '',
    '<Alert type="info">Node **20** or newer</Alert>',
    '',
    '### Operating system',
    '',
    'macOS, Linux and Windows.',
    '',
    '```js',
    '# not a heading',
    "export const inCode = true",
    '```',
    '',
    '## Next steps',
    '',
    'Write a test.',
  ].join('\n');
  const page = parsePage(mdx, 'markdown');

  it('takes title and slug from frontmatter', () => {
    expect(page.title).toBe('Install the app');
    expect(page.slug).toBe('/setup');
  });

  it('builds heading paths below the page title and drops anchor ids', () => {
    expect(page.sections.map((section) => section.path.join(' > '))).toEqual(['', 'Requirements', 'Requirements > Operating system', 'Next steps']);
  });

  it('drops imports and JSX tags but keeps their text, and reduces links to their text', () => {
    const text = page.sections.flatMap((section) => section.blocks).join('\n');
    expect(text).not.toContain('import Tabs');
    expect(text).toContain('Node **20** or newer');
    expect(text).not.toContain('<Alert');
    expect(text).toContain('Lead text with a link.');
  });

  it('keeps code fences verbatim and reads no headings or imports inside them', () => {
    const fence = page.sections[2]!.blocks[1]!;
    expect(fence).toBe("```js\n# not a heading\nexport const inCode = true\n```");
  });

  it('falls back to the first # heading for the title', () => {
    expect(parsePage('# Hello\n\nText', 'markdown').title).toBe('Hello');
  });
});

describe('parsePage (HTML)', () => {
  const html = `<html><head><title>Billing &amp; plans</title><style>p{}</style></head><body>
    <nav>menu</nav><script>alert(1)</script>
    <h1>Billing</h1><p>Intro &lt;b&gt; text.</p>
    <h2>Change plan</h2><p>Open <b>Settings</b>.</p><pre><code>x &lt; 1</code></pre>
  </body></html>`;
  const page = parsePage(html, 'html');

  it('uses <title>, headings and paragraphs, and drops scripts and styles', () => {
    expect(page.title).toBe('Billing & plans');
    expect(page.sections.map((section) => section.path.join(' > '))).toEqual(['', 'Change plan']);
    const text = page.sections.flatMap((section) => section.blocks).join('\n');
    expect(text).toContain('Intro <b> text.');
    expect(text).toContain('Open Settings.');
    expect(text).toContain('```\nx < 1\n```');
    expect(text).not.toContain('alert(1)');
  });
});

describe('chunkPage', () => {
  it('gives each chunk page metadata and a stable content-hash id', () => {
    const page = parsePage('# T\n\n## A\n\nalpha\n\n## B\n\nbeta', 'markdown');
    const chunks = chunkPage(page, meta);
    expect(chunks.map((chunk) => [chunk.section, chunk.text])).toEqual([
      ['A', 'alpha'],
      ['B', 'beta'],
    ]);
    expect(chunks[0]).toMatchObject({ pageId: meta.pageId, url: meta.url, product: 'app', title: 'T' });
    expect(chunkPage(page, meta).map((chunk) => chunk.id)).toEqual(chunks.map((chunk) => chunk.id));
    expect(chunks[0]!.id).toMatch(/^[0-9a-f]{16}$/);
    expect(chunks[0]!.id).not.toBe(chunks[1]!.id);
  });

  it('splits a long section on paragraph boundaries with a short overlap, never inside a code fence', () => {
    const paragraphs = Array.from({ length: 12 }, (_, index) => `Paragraph ${index} ${'word '.repeat(30)}`.trim());
    const fence = '```\n' + 'line of code\n'.repeat(60) + '```';
    const page = parsePage(`## Long\n\n${paragraphs.slice(0, 6).join('\n\n')}\n\n${fence}\n\n${paragraphs.slice(6).join('\n\n')}`, 'markdown');
    const chunks = chunkPage(page, meta, { maxChars: 600, overlapChars: 200 });
    expect(chunks.length).toBeGreaterThan(3);
    for (const chunk of chunks) expect(chunk.section).toBe('Long');
    expect(chunks.filter((chunk) => chunk.text.includes(fence))).toHaveLength(1);
    for (const chunk of chunks) expect((chunk.text.match(/```/g) ?? []).length % 2).toBe(0);
    const second = chunks[1]!.text.split('\n\n')[0];
    expect(chunks[0]!.text.endsWith(second!)).toBe(true);
  });

  it('chunks a megabyte page quickly', () => {
    const release = (index: number) => `## ${index}.0.0\n\n**Features:**\n\n- Added thing ${index}.\n- Fixed bug ${index} in \`cy.get()\`.\n`;
    const big = Array.from({ length: 8000 }, (_, index) => release(index)).join('\n');
    expect(big.length).toBeGreaterThan(500_000);
    const started = performance.now();
    const chunks = chunkPage(parsePage(big, 'markdown'), meta);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(chunks).toHaveLength(8000);
  });
});

describe('contentHash', () => {
  it('is deterministic and sensitive to every character', () => {
    expect(contentHash('abc')).toBe(contentHash('abc'));
    expect(contentHash('abc')).not.toBe(contentHash('abd'));
  });
});
