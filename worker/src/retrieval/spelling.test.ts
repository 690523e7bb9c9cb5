import { describe, expect, it } from 'vitest';
import { chunkPage, parsePage } from './markdown-chunker';
import { buildIndex } from './search-index';
import { correctSpelling, editDistance } from './spelling';

const index = buildIndex(
  [
    ...chunkPage(parsePage('# cy.get\n\n## Get vs Find\n\nThe difference between `cy.get()` and `.find()` is where the query starts.', 'markdown'), { pageId: 'get.md', url: '/get' }),
    ...chunkPage(parsePage('# Install\n\n## Requirements\n\nInstall Cypress with npm on any operating system.', 'markdown'), { pageId: 'install.md', url: '/install' }),
  ],
  'docs',
);

describe('correctSpelling', () => {
  it('spells a word the docs never use as the closest docs word', () => {
    expect(correctSpelling(index, 'whats the diffrence between cy.get and .find')).toBe('whats the difference between cy.get and .find');
    expect(correctSpelling(index, 'which operatnig sytsem')).toBe('which operating system');
  });

  it('leaves words the docs use, code terms and words with nothing close exactly as typed', () => {
    expect(correctSpelling(index, 'Install cypress on Windows')).toBe('Install cypress on Windows');
    expect(correctSpelling(index, 'cy.gett baseUrll')).toBe('cy.gett baseUrll');
  });
});

describe('editDistance', () => {
  it('counts an adjacent swap as one edit', () => {
    expect(editDistance('sytsem', 'system', 2)).toBe(1);
    expect(editDistance('diffrence', 'difference', 2)).toBe(1);
    expect(editDistance('abc', 'xyz', 1)).toBe(2);
  });
});
