import { stemmer } from 'stemmer';
import { describe, expect, it } from 'vitest';
import { analyze, analyzeQuery, isStopWord, processTerm, tokenize } from './text-analysis';

describe('tokenize', () => {
  it('keeps compound identifiers whole and also splits them into words', () => {
    expect(tokenize('Set baseUrl')).toEqual(['set', 'baseurl', 'base', 'url']);
    expect(tokenize('cy.get()')).toEqual(['cy.get', 'cy', 'get']);
    expect(tokenize('end-to-end')).toEqual(['endtoend', 'end', 'to', 'end']);
  });

  it('reads non-English letters as words', () => {
    expect(tokenize('Qué pasó?')).toEqual(['qué', 'pasó']);
  });
});

describe('analyze', () => {
  it('drops stop words and stems, so inflections match', () => {
    expect(analyze('How do I install it?')).toEqual(analyze('installing'));
    expect(analyze('Running the tests')).toEqual(['run', 'test']);
    expect(isStopWord('the')).toBe(true);
  });
});

describe('analyzeQuery', () => {
  const terms = (text: string) => analyzeQuery(text).map((term) => term.term);

  it('adds the other spellings of an abbreviation at a lower weight', () => {
    const query = analyzeQuery('Run e2e tests on CI');
    expect(query.find((term) => term.term === 'e2e')?.weight).toBe(1);
    const expansion = query.find((term) => term.term === 'integr');
    expect(expansion?.weight).toBeLessThan(1);
    expect(expansion?.concept).toBe(query.find((term) => term.term === 'ci')?.concept);
  });

  it('matches multi-word phrases, including ones made of stop words', () => {
    expect(terms('How do I log in?')).toContain('login');
    expect(terms('How do I sign out?')).toContain('logout');
    expect(terms('Turn off videos')).toContain('disabl');
  });

  it('does not expand a word that is only part of a phrase', () => {
    expect(terms('Read the log file')).not.toContain('login');
    expect(terms('Set the viewport')).not.toContain('instal');
  });

  it('returns nothing for a question made only of stop words', () => {
    expect(analyzeQuery('How do I do it?')).toEqual([]);
  });
});

describe('processTerm', () => {
  it('stems the same before and after its cache of stems fills and is cleared', () => {
    const words = ['running', 'configurations', 'retries', 'installed'];
    const before = words.map((word) => processTerm(word));
    expect(before).toEqual(words.map((word) => stemmer(word)));
    for (let n = 0; n < 20_010; n++) processTerm(`w${n.toString(36).replace(/\d/g, 'x')}ing`);
    expect(words.map((word) => processTerm(word))).toEqual(before);
    expect(tokenize('plain words2 and camelCase cy.get')).toEqual(['plain', 'words2', 'and', 'camelcase', 'camel', 'case', 'cy.get', 'cy', 'get']);
  });
});
