/**
 * What the confidence bar did to a set of answers, as shares of all questions: how many wrong
 * passages were still shown, how many right ones were held back, how often a "not sure" named a
 * right page among its links, and how often each level was right.
 */
import type { Confidence } from '../../shared/protocol';
import type { AnswerLike } from './eval-answers';

export interface ConfidenceOutcome {
  confidence: Confidence;
  /** The excerpt answer (shown or not) quotes a gold page. */
  right: boolean;
  shown: boolean;
  /** A gold page exists in the KB. */
  answerable: boolean;
  /** A "not sure" named a gold page among its links. */
  linksGold: boolean;
}

export interface ConfidenceFigures {
  n: number;
  /** Shown answers quoting no gold page. */
  wrong_but_shown: number;
  /** "Not sure" although a gold page exists (eval:answers' false_not_sure). */
  false_not_sure: number;
  /** "Not sure" although the excerpt would have quoted a gold page. */
  right_withheld: number;
  /** Of the "not sure" answers, the share whose links name a gold page. */
  not_sure_links_gold: number;
  /** Per level: how many answers, and the share of them quoting a gold page. */
  by_level: Record<Confidence, { n: number; right: number }>;
}

export function outcomeOf(answered: AnswerLike, gold: string[], known: Set<string>): ConfidenceOutcome {
  return {
    confidence: answered.confidence,
    right: answered.wouldQuote.some((page) => gold.includes(page)),
    shown: answered.text !== undefined,
    answerable: gold.some((page) => known.has(page)),
    linksGold: answered.links.some((page) => gold.includes(page)),
  };
}

const share = (count: number, total: number) => Number((count / Math.max(1, total)).toFixed(3));

export function confidenceFigures(outcomes: ConfidenceOutcome[]): ConfidenceFigures {
  const n = outcomes.length;
  const count = (test: (outcome: ConfidenceOutcome) => boolean) => outcomes.filter(test).length;
  const notSure = outcomes.filter((outcome) => !outcome.shown);
  const levels: Confidence[] = ['high', 'medium', 'low', 'none'];
  return {
    n,
    wrong_but_shown: share(count((outcome) => outcome.shown && !outcome.right), n),
    false_not_sure: share(count((outcome) => !outcome.shown && outcome.answerable), n),
    right_withheld: share(count((outcome) => !outcome.shown && outcome.right), n),
    not_sure_links_gold: share(notSure.filter((outcome) => outcome.linksGold).length, notSure.length),
    by_level: Object.fromEntries(
      levels.map((level) => {
        const at = outcomes.filter((outcome) => outcome.confidence === level);
        return [level, { n: at.length, right: share(at.filter((outcome) => outcome.right).length, at.length) }];
      }),
    ) as ConfidenceFigures['by_level'],
  };
}
