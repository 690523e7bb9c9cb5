import { describe, expect, it } from 'vitest';
import { collectAnchors } from './anchor-text';
import { linkTargets } from './link-graph';
import { chunkPage, parsePage } from './markdown-chunker';

describe('linkTargets', () => {
  it('gives each chunk the pages its own section links to, not the rest of the page', () => {
    const sources = [
      { pageId: 'guide.md', markdown: '# Guide\n\nIntro with [billing](/billing).\n\n## Refunds\n\nSee [returns](/returns) and [billing](/billing).\n\n## Other\n\nA [self link](/guide).' },
      { pageId: 'billing.md', markdown: '# Billing\n\nPlans.' },
      { pageId: 'returns.md', markdown: '# Returns\n\nWithin 30 days.' },
    ].map(({ pageId, markdown }) => ({ pageId, url: `/${pageId.replace(/\.md$/, '')}`, parsed: parsePage(markdown, 'markdown') }));
    const anchors = collectAnchors(sources.map(({ pageId, url, parsed }) => ({ pageId, url, links: parsed.links })));
    const chunks = sources.flatMap(({ pageId, url, parsed }) => chunkPage(parsed, { pageId, url }));
    const pages = sources.map(({ pageId }) => ({ pageId }));
    const records = chunks.map((chunk) => ({ page: pages.findIndex((page) => page.pageId === chunk.pageId), section: chunk.section }));
    const targets = linkTargets(pages, records, anchors);
    expect(chunks.map((chunk, number) => [chunk.pageId, chunk.section, targets[number]])).toEqual([
      ['guide.md', '', [1]],
      ['guide.md', 'Refunds', [1, 2]],
      ['guide.md', 'Other', []],
      ['billing.md', '', []],
      ['returns.md', '', []],
    ]);
  });
});
