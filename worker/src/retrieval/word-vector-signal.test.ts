import { describe, expect, it } from 'vitest';
import { analyzeQuery } from '../domain/text-analysis';
import { chunkPage, parsePage } from './markdown-chunker';
import { Ranker } from './ranker';
import { buildIndex } from './search-index';
import { WordVectorSignal } from './word-vector-signal';
import { decodeWordVectors, encodeWordVectors } from './word-vectors';

const pages = {
  'pricing.md': '# Pricing\n\n## Plans\n\nEach plan has a price per month, paid by card.',
  'computers.md': '# Supported computers\n\n## Systems\n\nThe app runs on any computer with enough memory.',
  'install.md': '# Install\n\n## Steps\n\nInstall the app from the download page.',
};
const index = buildIndex(
  Object.entries(pages).flatMap(([pageId, text]) => chunkPage(parsePage(text, 'markdown'), { pageId, url: `/${pageId}` })),
  'docs',
);
// Three made-up directions: money, setting up, machines. Stems as the index analyses words.
const table = decodeWordVectors(
  encodeWordVectors(
    ['price', 'cost', 'instal', 'download', 'laptop', 'comput', 'memori'],
    Float32Array.from([1, 0, 0, 0.95, 0.3, 0, 0, 1, 0, 0.1, 0.9, 0.2, 0, 0, 1, 0.1, 0, 0.99, 0, 0.3, 0.9]),
    3,
  ),
);
const ask = (signal: WordVectorSignal | undefined, text: string) => {
  const steps = new Ranker({ docs: index, wordVectors: signal }).steps({ text, collection: 'docs', topK: 3 });
  let step = steps.next();
  while (!step.done) step = steps.next();
  return step.value.map((hit) => hit.pageId);
};

describe('WordVectorSignal', () => {
  it('expands a word the docs never use into its nearest docs words, at a lower weight, as the same concept', () => {
    const signal = new WordVectorSignal(table, { expansionBar: 0.9, expansionWeight: 0.5, expansionCount: 1 });
    const terms = analyzeQuery('laptop price');
    const expanded = signal.expand(index, terms);
    expect(expanded.slice(terms.length)).toEqual([{ term: 'comput', weight: 0.5, concept: terms.find((term) => term.term === 'laptop')!.concept }]);
  });

  it('leaves words the docs use alone unless knownWeight asks for them', () => {
    const terms = analyzeQuery('install');
    expect(new WordVectorSignal(table, { expansionBar: 0.8 }).expand(index, terms)).toEqual(terms);
    expect(new WordVectorSignal(table, { expansionBar: 0.8, knownWeight: 0.2 }).expand(index, terms).slice(terms.length).map((term) => [term.term, term.weight])).toEqual([['download', 0.2]]);
  });

  it('sends expansions only into the latent semantic question when asked, leaving the word-match search as typed', () => {
    const signal = new WordVectorSignal(table, { expansionBar: 0.9, expansionCount: 1, into: 'semantic' });
    const terms = analyzeQuery('laptop price');
    expect(signal.expand(index, terms)).toEqual(terms);
    expect(signal.semanticTerms(index, terms).slice(terms.length).map((term) => term.term)).toEqual(['comput']);
    expect(new WordVectorSignal(table, { expansionBar: 0.9 }).semanticTerms(index, terms)).toEqual(terms);
  });

  it('finds the page for a question in words the docs never use, which the ranking alone cannot', () => {
    expect(ask(undefined, 'does it work on my laptop')).toEqual([]);
    expect(ask(new WordVectorSignal(table, { expansionBar: 0.9, pageWeight: 0 }), 'does it work on my laptop')[0]).toBe('computers.md');
  });

  it('ranks pages by the cosine of their mean vector with the question', () => {
    const closeness = new WordVectorSignal(table).pageCloseness(index, analyzeQuery('what does it cost'))!;
    const order = [...closeness.keys()].sort((a, b) => closeness[b]! - closeness[a]!);
    expect(index.pages[order[0]!]!.pageId).toBe('pricing.md');
    expect(new WordVectorSignal(table).pageCloseness(index, analyzeQuery('zebra'))).toBeUndefined();
  });

  it("lets the page ranking's vote reorder the fused ranking, by its weight", () => {
    const evidence = () => [{ candidate: { page: 2 }, rank: 0 }, { candidate: { page: 0 }, rank: 0 }];
    const strong = evidence();
    new WordVectorSignal(table, { pageWeight: 5 }).vote(index, strong, analyzeQuery('cost'), 20, false);
    expect(strong.map((item) => item.candidate.page)).toEqual([0, 2]);
    const none = evidence();
    new WordVectorSignal(table, { pageWeight: 0 }).vote(index, none, analyzeQuery('cost'), 20, false);
    expect(none.map((item) => item.candidate.page)).toEqual([2, 0]);
  });
});
