/**
 * The docs' links as a graph between chunks and pages: which pages a section
 * points its reader to. A passage that matches a question and says "see X"
 * is evidence that X answers it too (relevance propagation).
 */
import type { Anchor } from './anchor-text';

/**
 * For each chunk, the pages (positions in `pages`) that its section links to, from
 * the anchors `collectAnchors` found. A section split into several chunks gives each
 * of them all the section's links.
 *
 * @example
 * linkTargets([{ pageId: 'a.md' }, { pageId: 'b.md' }], [{ page: 0, section: 'Setup' }], new Map([['b.md', [{ text: 'B', context: '', from: 'a.md', section: 'Setup' }]]]))
 * // [[1]]
 */
export function linkTargets(
  pages: readonly { pageId: string }[],
  chunks: readonly { page: number; section: string }[],
  anchors: ReadonlyMap<string, readonly Anchor[]>,
): number[][] {
  const pageNumber = new Map(pages.map((page, number) => [page.pageId, number]));
  const chunksOfSection = new Map<string, number[]>();
  chunks.forEach((chunk, number) => {
    const key = sectionKey(pages[chunk.page]!.pageId, chunk.section);
    const list = chunksOfSection.get(key);
    if (list) list.push(number);
    else chunksOfSection.set(key, [number]);
  });
  const targets = chunks.map(() => new Set<number>());
  for (const [pageId, links] of anchors) {
    const target = pageNumber.get(pageId);
    if (target === undefined) continue;
    for (const link of links) {
      for (const chunk of chunksOfSection.get(sectionKey(link.from, link.section ?? '')) ?? []) {
        if (chunks[chunk]!.page !== target) targets[chunk]!.add(target);
      }
    }
  }
  return targets.map((set) => [...set].sort((a, b) => a - b));
}

function sectionKey(pageId: string, section: string): string {
  return `${pageId}\n${section}`;
}
