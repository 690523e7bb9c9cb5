import { describe, expect, it } from 'vitest';
import { checkAnswer, checkLinks, createStreamGuard, DEFAULT_HUMAN_OFFER } from './guardrails';

const sources = [
  { n: 1, url: 'https://docs.cypress.io/app/references/configuration' },
  { n: 2, url: 'https://docs.cypress.io/cloud/account-management/billing-and-usage/' },
];
const options = { supportEmail: 'help@switchboard.example' };

describe('checkAnswer', () => {
  it('leaves a clean, cited answer untouched', () => {
    const text = 'Set `baseUrl` in the config [1]. See [Configuration](https://docs.cypress.io/app/references/configuration#Global) for more.';
    expect(checkAnswer(text, sources, options)).toEqual({ text, changed: false, violations: [] });
  });

  it('drops citations that map to no retrieved source', () => {
    const result = checkAnswer('Use cy.session [1][3]. Also see [2, 7].', sources);
    expect(result.text).toBe('Use cy.session [1]. Also see [2].');
    expect(result.violations).toEqual(['invalid-citation']);
  });

  it('removes foreign links but keeps their label, and removes bare foreign URLs', () => {
    const result = checkAnswer('Read [this guide](https://evil.example/login) or go to https://evil.example/phish. Or www.evil.com now.', sources);
    expect(result.text).toBe('Read this guide or go to. Or now.');
    expect(result.violations).toEqual(['foreign-url']);
  });

  it('removes a source host with a different path and a scheme-less foreign domain', () => {
    const result = checkAnswer('See https://docs.cypress.io/secret/page and send users to evil.example today.', sources);
    expect(result.text).not.toMatch(/secret|evil/);
  });

  it('keeps the source URLs, placeholders in examples and the support mailto', () => {
    const text = 'Details: https://docs.cypress.io/cloud/account-management/billing-and-usage (or email [us](mailto:help@switchboard.example)). Try `cy.visit("http://localhost:3000")`.';
    expect(checkAnswer(text, sources, options).changed).toBe(false);
    expect(checkAnswer('Mail [x](mailto:other@evil.example).', sources, options).text).toBe('Mail x.');
  });

  it('says a link was there when a code span held only a refused URL, instead of leaving an empty span', () => {
    const result = checkAnswer('**Example of a resulting URL:** `https://cypress-download.local/desktop/cypress.zip`\n\nRun `npx cypress install`.', sources);
    expect(result.text).toBe('**Example of a resulting URL:** (link not shown)\n\nRun `npx cypress install`.');
    expect(result.violations).toEqual(['foreign-url']);
    expect(checkLinks('Open `https://docs.cypress.io/cloud/account-management/billing-and-usage`.', sources).changed).toBe(false);
  });

  it('drops Markdown images', () => {
    const result = checkAnswer('Look: ![tracker](https://evil.example/p.gif) done [1].', sources);
    expect(result.text).toBe('Look: done [1].');
    expect(result.violations).toContain('image');
  });

  it.each([
    "We'll refund the unused months to your card.",
    'You will receive a full refund within 5 days.',
    'I can give you a 20% discount on the renewal.',
    'Our team will fix this by Friday.',
    'Within 24 hours we will restore your runs.',
    'We guarantee the fix ships next week.',
    "As a one-time exception, we'll extend your trial.",
    'I will credit your account for the outage.',
  ])('replaces the promise "%s" with an offer of a human', (promise) => {
    const result = checkAnswer(`Thanks for waiting. ${promise} Anything else?`, sources);
    expect(result.text).toBe(`Thanks for waiting. ${DEFAULT_HUMAN_OFFER} Anything else?`);
    expect(result.violations).toEqual(['promise']);
  });

  it.each([
    'The command times out after 4 seconds by default [1].',
    'Refunds are handled by our billing team, so I cannot answer that.',
    'Cypress retries the assertion until it passes or the timeout is reached.',
    'Test results are kept for 30 days on the Free plan [2].',
  ])('does not treat the fact "%s" as a promise', (fact) => {
    expect(checkAnswer(fact, sources).changed).toBe(false);
  });

  it('offers a human only once however many promises there are', () => {
    const result = checkAnswer("We'll refund you. We will also waive the fee.", sources);
    expect(result.text.split(DEFAULT_HUMAN_OFFER).length - 1).toBe(1);
  });
});

const answer =
  'Set `baseUrl` in your config [1]. For billing see [the billing page](https://docs.cypress.io/cloud/account-management/billing-and-usage/) [2][9]. ' +
  "We'll refund you by Friday. Meanwhile, read https://evil.example/steal?x=1. Also ![x](https://evil.example/a.png) check cy.get('.btn').click().\n" +
  '- Step one [1]\n- Step two, see [guide](https://evil.example/guide).\n';

function splitEvery(text: string, size: number): string[] {
  const parts: string[] = [];
  for (let index = 0; index < text.length; index += size) parts.push(text.slice(index, index + size));
  return parts;
}

describe('createStreamGuard', () => {
  it.each([1, 2, 3, 5, 7, 13, 40])('emits the same text as checkAnswer with deltas of %i chars', (size) => {
    const guard = createStreamGuard(sources);
    let emitted = '';
    for (const delta of splitEvery(answer, size)) {
      emitted += guard.push(delta);
      expect(emitted).not.toMatch(/evil|refund you/);
    }
    emitted += guard.end();
    expect(emitted).toBe(checkAnswer(answer, sources).text);
    expect(new Set(guard.violations)).toEqual(new Set(['invalid-citation', 'promise', 'foreign-url', 'image']));
  });

  it('holds back an unfinished sentence, link and citation', () => {
    const guard = createStreamGuard(sources);
    expect(guard.push('First sentence [1]. Second [')).toBe('First sentence [1]. ');
    expect(guard.push('2] has a [link](https://evil.')).toBe('');
    expect(guard.push('example/x). Done')).toBe('Second [2] has a link. ');
    expect(guard.end()).toBe('Done');
  });

  it('never releases a promise split across deltas, even mid-word', () => {
    const guard = createStreamGuard(sources);
    const deltas = ['We', "'ll ref", 'und you', ' in full', '. Bye.'];
    const emitted = deltas.map((delta) => guard.push(delta));
    expect(emitted.join('')).not.toContain('refund you');
    expect(emitted.join('') + guard.end()).toBe(`${DEFAULT_HUMAN_OFFER} Bye.`);
  });

  it('flushes a run-on text without a sentence end instead of holding it forever', () => {
    const guard = createStreamGuard(sources);
    expect(guard.push('word '.repeat(300)).length).toBeGreaterThan(0);
  });
});
