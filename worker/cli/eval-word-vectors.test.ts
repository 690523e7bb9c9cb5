import { describe, expect, it } from 'vitest';
import { LocalRetriever } from '../src/adapters/local-retriever';
import { chunkPage, parsePage } from '../src/retrieval/markdown-chunker';
import { buildIndex } from '../src/retrieval/search-index';
import { measure } from './eval-word-vectors';

const topics = ['billing', 'invoices', 'refunds', 'install', 'upgrade', 'offline', 'devices', 'export', 'import', 'security'];
const docs = buildIndex(
  topics.flatMap((topic) => chunkPage(parsePage(`# ${topic}\n\n## About ${topic}\n\nHow ${topic} works, with limits per plan.`, 'markdown'), { pageId: `${topic}.md`, url: `/${topic}` })),
  'docs',
);

describe('measure', () => {
  it('counts a gold page first as hit@1, among the top 5 as hit@5, and a multi-part question by its parts’ gold pages', () => {
    const result = measure(new LocalRetriever({ docs }), [
      { id: 'a-1', question: 'billing', gold: ['billing.md'] },
      { id: 'a-2', question: 'offline', gold: ['nowhere.md'] },
      { id: 'a-3', question: 'install', parts: [{ gold: ['install.md'] }] } as never,
    ]);
    expect(result).toMatchObject({ n: 3, 'hit@1': 0.667, 'hit@5': 0.667 });
  });
});
