import type { Source } from '../../../shared/protocol';
import type { SearchHit } from '../ports';

/** One numbered source per page, in rank order: `[1]` is the best page. */
export function numberSources(hits: SearchHit[], limit: number): { sources: Source[]; hits: SearchHit[] } {
  const seen = new Set<string>();
  const kept: SearchHit[] = [];
  for (const hit of hits) {
    const key = `${hit.collection}:${hit.pageId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    kept.push(hit);
    if (kept.length === limit) break;
  }
  const sources = kept.map((hit, index): Source => ({
    n: index + 1,
    title: hit.collection === 'tickets' ? `Resolved case: ${hit.title}` : hit.title,
    url: hit.url,
    ...(hit.section ? { section: hit.section } : {}),
    kind: hit.collection === 'tickets' ? 'ticket' : 'doc',
  }));
  return { sources, hits: kept };
}

/** Citation numbers used in a text, e.g. "see [1] and [3]" → [1, 3]. */
export function citedNumbers(text: string): number[] {
  const numbers = new Set<number>();
  for (const match of text.matchAll(/\[(\d{1,2})\]/g)) numbers.add(Number(match[1]));
  return [...numbers].sort((a, b) => a - b);
}
