import { describe, expect, it } from 'vitest';
import { confidenceFigures, outcomeOf } from './confidence-report';
import type { AnswerLike } from './eval-answers';

const reply = (shown: boolean, wouldQuote: string[], links: string[] = [], confidence: AnswerLike['confidence'] = shown ? 'high' : 'none'): AnswerLike => ({
  ...(shown ? { text: 'quoted' } : {}),
  pages: shown ? wouldQuote : [],
  confidence,
  wouldQuote,
  links,
  features: [],
});

describe('confidenceFigures', () => {
  it('counts wrong answers still shown, right ones held back, and whether a "not sure" linked a right page', () => {
    const known = new Set(['a.md', 'b.md', 'c.md']);
    const outcomes = [
      outcomeOf(reply(true, ['a.md']), ['a.md'], known), // right, shown
      outcomeOf(reply(true, ['b.md']), ['a.md'], known), // wrong, shown
      outcomeOf(reply(false, ['a.md'], ['a.md']), ['a.md'], known), // right, withheld, linked
      outcomeOf(reply(false, ['b.md'], ['c.md']), ['a.md'], known), // wrong, withheld, not linked
      outcomeOf(reply(false, [], []), ['gone.md'], known), // nothing to find
    ];
    expect(confidenceFigures(outcomes)).toEqual({
      n: 5,
      wrong_but_shown: 0.2,
      false_not_sure: 0.4,
      right_withheld: 0.2,
      not_sure_links_gold: 0.333,
      by_level: { high: { n: 2, right: 0.5 }, medium: { n: 0, right: 0 }, low: { n: 0, right: 0 }, none: { n: 3, right: 0.333 } },
    });
  });
});
