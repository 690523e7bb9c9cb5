import { describe, expect, it } from 'vitest';
import type { SearchHit } from '../ports';
import { messagesFor } from './messages';
import { CLOSEST_PAGES, notSureWithPages } from './not-sure-answer';

const hit = (pageId: string, score: number, section?: string): SearchHit => ({ id: `${pageId}#${section ?? ''}`, collection: 'docs', pageId, title: `Title of ${pageId}`, url: `https://docs.example/${pageId}`, text: 'noise', score, ...(section ? { section } : {}) });

describe('notSureWithPages', () => {
  it('says it is not sure, quotes nothing, and names the closest pages once each, numbered as their sources', () => {
    const hits = [hit('a', 0.4, 'History'), hit('a', 0.38, 'Usage'), hit('b', 0.3), hit('c', 0.25), hit('d', 0.2), hit('e', 0)];
    const { text, sources } = notSureWithPages(messagesFor('en').notSureWithPages, hits);
    expect(text).toMatch(/^I'm not sure/);
    expect(text).not.toContain('noise');
    expect(text).toContain('- Title of a [1]\n- Title of b [2]\n- Title of c [3]');
    expect(text).toMatch(/Talk to a human/);
    expect(sources.map((source) => source.url)).toEqual(['https://docs.example/a', 'https://docs.example/b', 'https://docs.example/c']);
    expect(sources).toHaveLength(CLOSEST_PAGES);
  });

  it('speaks the visitor’s language and names no page without evidence', () => {
    const { text, sources } = notSureWithPages(messagesFor('de').notSureWithPages, [hit('a', 0.3), hit('z', 0)]);
    expect(text).toMatch(/^Ich bin nicht sicher/);
    expect(text).toContain('- Title of a [1]');
    expect(sources).toHaveLength(1);
  });
});
