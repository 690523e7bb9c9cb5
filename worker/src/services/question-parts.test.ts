import { describe, expect, it } from 'vitest';
import type { Retriever, SearchHit, SearchQuery } from '../ports';
import { extractiveAnswer, UNCOVERED_PART } from './extractive-answer';
import { searchByParts, splitQuestion } from './question-parts';

const hit = (pageId: string, text: string, score = 0.8): SearchHit => ({ id: pageId, collection: 'docs', pageId, title: pageId, url: `/${pageId}`, text, score });

describe('splitQuestion', () => {
  it('splits a question that turns to another subject', () => {
    expect(splitQuestion('log in once and reuse it, and clear cookies between tests')).toEqual(['log in once and reuse it', 'clear cookies between tests']);
    expect(splitQuestion('parallel runs on GitHub Actions, and how much does it cost')).toEqual(['parallel runs on GitHub Actions', 'how much does it cost']);
  });

  it('keeps one question whole, even with an "and" in it', () => {
    expect(splitQuestion('whats the diffrence between cy.get and .find')).toEqual(['whats the diffrence between cy.get and .find']);
    expect(splitQuestion('Is Cypress free and open source?')).toEqual(['Is Cypress free and open source?']);
  });

  // Customers put context after the question mark (eval/retrieval/fresh-questions.jsonl has 13 such questions).
  it('keeps a statement after a question mark with its question: it is context, not a second question', () => {
    expect(splitQuestion('how do you hover over a menu in cypress? i get an error when i try cy.hover')).toEqual(['how do you hover over a menu in cypress? i get an error when i try cy.hover']);
    expect(splitQuestion('can cypress drive two browser windows at once? want to test a chat between two users')).toHaveLength(1);
  });

  it('still splits where the words after the question mark ask a question of their own', () => {
    expect(splitQuestion('where do test files go? how does cypress decide which files are specs')).toEqual(['where do test files go', 'how does cypress decide which files are specs']);
    expect(splitQuestion('does cypress studio work for component tests? or stuff inside iframes?')).toEqual(['does cypress studio work for component tests', 'or stuff inside iframes']);
    expect(splitQuestion('how is the score worked out? does one critical issue hurt more than a bunch of minor ones')).toHaveLength(2);
    expect(splitQuestion("who is our account manager? what's their direct phone number? also whats the difference between the member and admin roles")).toHaveLength(3);
  });
});

describe('searchByParts', () => {
  it('retrieves per part and interleaves, so the second part is not crowded out', async () => {
    const asked: string[] = [];
    const retriever: Retriever = {
      search: async (query: SearchQuery) => {
        asked.push(query.text);
        return query.text.includes('cookies') ? [hit('clearcookies.md', 'c')] : [hit('session.md', 's'), hit('login.md', 'l'), hit('auth.md', 'a')];
      },
    };
    const hits = await searchByParts(retriever, { text: 'log in once and reuse it, and clear cookies between tests', collection: 'docs', topK: 5 });
    expect(asked).toEqual(['log in once and reuse it', 'clear cookies between tests']);
    expect(hits.map((item) => item.pageId).slice(0, 2)).toEqual(['session.md', 'clearcookies.md']);
  });
});

describe('extractiveAnswer for a multi-part question', () => {
  it('quotes a passage for each part, or says which part the docs do not cover', () => {
    const hits = [hit('session.md', 'Use cy.session() to log in once and reuse the session across tests.'), hit('clearcookies.md', 'cy.clearCookies() clears all cookies between tests.')];
    const both = extractiveAnswer('log in once and reuse it, and clear cookies between tests', hits);
    expect(both).toContain('reuse the session across tests. [1]');
    expect(both).toContain('clears all cookies between tests. [2]');
    const one = extractiveAnswer('log in once and reuse it, and how much does the enterprise plan cost', hits);
    expect(one).toContain('[1]');
    expect(one).toContain(`${UNCOVERED_PART} “how much does the enterprise plan cost”.`);
  });

  it('quotes a second page for a part that it matches as well as the first, and not one that matches less', () => {
    const hits = [
      hit('testing-your-app.md', 'Make the login a custom command so you can reuse it in every spec.'),
      hit('session.md', 'cy.session() caches the login so tests reuse it.'),
      hit('clearcookies.md', 'cy.clearCookies() clears all cookies between tests.'),
      hit('clearcookie.md', 'cy.clearCookie() clears one cookie.'),
    ];
    const answer = extractiveAnswer('log in once and reuse it, and clear cookies between tests', hits);
    expect(answer).toContain('reuse it in every spec. [1]');
    expect(answer).toContain('so tests reuse it. [2]');
    expect(answer).toContain('clears all cookies between tests. [3]');
    expect(answer).not.toContain('[4]');
  });

  it('does not quote a tied page that says the same in nearly the same words', () => {
    const hits = [
      hit('session.md', 'cy.session() caches the login so tests reuse it.'),
      hit('clearcookies.md', 'After cy.clearCookies() the session cookie is gone between tests, and the server redirects to login.'),
      hit('clearcookie.md', 'After cy.clearCookie() the session cookie is gone between tests, and the server redirects to login.'),
    ];
    const answer = extractiveAnswer('log in once and reuse it, and clear cookies between tests', hits);
    expect(answer).toContain('[2]');
    expect(answer).not.toContain('[3]');
  });
});
