import { describe, expect, it } from 'vitest';
import { LocalRetriever } from '../adapters/local-retriever';
import { chunkPage, parsePage } from '../retrieval/markdown-chunker';
import { buildIndex, loadIndex, serializeIndex } from '../retrieval/search-index';
import { codeTerms, holdsTerm, termHeldBy, withTermHits } from './question-terms';

describe('codeTerms', () => {
  it('finds each code-like form: dotted, camelCase, UPPER_SNAKE, --flag, event:name, backticked', () => {
    expect(codeTerms('wie lade ich eine datei hoch mit cy.selectFile')).toEqual(['cy.selectFile']);
    expect(codeTerms('set baseUrl and CYPRESS_RECORD_KEY, then run with --spec')).toEqual(['baseUrl', 'CYPRESS_RECORD_KEY', '--spec']);
    expect(codeTerms('¿Cómo cambio las opciones con before:browser:launch?')).toEqual(['before:browser:launch']);
    expect(codeTerms('was macht `retries()` und Cypress.Screenshot.defaults')).toEqual(['retries', 'Cypress.Screenshot.defaults']);
    expect(codeTerms('كيف أعيد المحاولة باستخدام experimentalRunAllSpecs؟')).toEqual(['experimentalRunAllSpecs']);
  });

  it('reads no term in plain words, abbreviations, capitalised names, URLs or a single dash', () => {
    expect(codeTerms('Wie installiere ich Cypress z.B. auf Windows mit JavaScript?')).toEqual([]);
    expect(codeTerms('see https://docs.cypress.io/app or www.example.com - a well-known page, end-to-end')).toEqual([]);
    expect(codeTerms('¿Cómo reintento las pruebas fallidas?')).toEqual([]);
  });

  it('names a term once, whatever its case', () => {
    expect(codeTerms('cy.get or CY.GET or cy.get')).toEqual(['cy.get']);
  });
});

describe('holdsTerm', () => {
  it('matches the term as a whole token in any case, not inside a longer name', () => {
    expect(holdsTerm('Use cy.selectFile() to upload', 'cy.selectfile')).toBe(true);
    expect(holdsTerm('cy.getCookie() reads a cookie', 'cy.get')).toBe(false);
    expect(holdsTerm('cypress run --spec "a.cy.js"', '--spec')).toBe(true);
    expect(holdsTerm('cypress run --specPattern', '--spec')).toBe(false);
  });
});

const page = (pageId: string, markdown: string) => chunkPage(parsePage(markdown, 'markdown'), { pageId, url: `/${pageId.replace(/\.md$/, '')}` });

const retriever = new LocalRetriever({
  docs: loadIndex(
    serializeIndex(
      buildIndex(
        [
          ...page('app/files.md', '# Files\n\n## Datei\n\nEine Datei wie lade ich hoch: files are read from the fixtures folder.'),
          ...page('app/select.md', '# selectFile\n\n## Usage\n\nUse cy.selectFile() to select a file in an input element.'),
          ...page('app/cli.md', '# Command line\n\n## Run specs\n\nRun one spec file with cypress run --spec.'),
          ...page('app/specs.md', '# Specs\n\n## Spec files\n\nA spec is a test file.'),
          // Pages on other things, so "spec" is a word of a few pages, as in real docs.
          ...['billing', 'install', 'cookies', 'network', 'screenshots', 'retries'].flatMap((topic) => page(`app/${topic}.md`, `# About ${topic}\n\n## The ${topic} page\n\nEverything on ${topic} in one place.`)),
        ],
        'docs',
      ),
    ),
  ),
});

describe('withTermHits', () => {
  const query = { text: 'wie lade ich eine datei hoch mit cy.selectFile', collection: 'docs' as const, topK: 1 };

  it('puts the section holding the term first, searching the term alone when the question ranks it out', async () => {
    // The hits of a question whose other words outweigh the term.
    const hits = await retriever.search({ ...query, text: 'files fixtures folder' });
    expect(hits.map((hit) => hit.pageId)).toEqual(['app/files.md']);
    const withTerm = await withTermHits(retriever, query, hits);
    expect(withTerm.map((hit) => hit.pageId)).toEqual(['app/select.md']);
    expect(termHeldBy(query.text, withTerm[0])).toBe('cy.selectFile');
  });

  it('finds a flag written as a common word ("--spec" reads as "spec") further down', async () => {
    const flag = { text: 'Wie starte ich nur eine Testdatei mit --spec?', collection: 'docs' as const, topK: 1 };
    expect((await retriever.search({ ...flag, text: '--spec' }))[0]?.pageId, 'the term alone ranks the spec page first').toBe('app/specs.md');
    const withTerm = await withTermHits(retriever, flag, []);
    expect(withTerm[0]?.pageId).toBe('app/cli.md');
  });

  it('leaves the hits as they are when the question names no term', async () => {
    const plain = { ...query, text: 'wie lade ich eine datei hoch' };
    const hits = await retriever.search(plain);
    expect(await withTermHits(retriever, plain, hits)).toBe(hits);
  });
});
