/**
 * Answer eval: the extractive answer itself (no LLM), as the answering service builds it, read
 * against the gold pages and the FAQ's own answer. The last line printed is one JSON object.
 *
 *   npm run eval:answers -- --kb <pages dir> --questions <file.jsonl> [--lang de] [--typos N [--seed S]] [--write <docs file>] [--show]
 *
 * quotes_gold           share of answered questions whose quoted passages include a gold page
 * ends_on_announcement  share of answers whose last passage ends on "…:" with nothing after it (goal 0)
 * false_not_sure        share of questions answered "not sure" although a gold page is in the KB
 * mean_chars            mean length of the answers given
 * token_recall          mean share of `answer_excerpt`'s words found in the quoted passages
 * parts_covered         multi-part questions only: share of parts whose gold page is quoted
 * wrong_but_shown       share of questions whose shown answer quotes no gold page
 * right_withheld        share answered "not sure" although the excerpt would have quoted a gold page
 * not_sure_links_gold   of the "not sure" answers, the share whose linked pages include a gold page
 * high_n, high_right    how many answers were "high", and the share of them quoting a gold page
 * termQuestions         questions naming a docs term: a code-like token (backticked, dotted, camelCase,
 *                       UPPER_SNAKE, --flag, event:name; question-terms.ts) that some section of the KB holds
 * termNotSure           of those, how many were answered "not sure" (goal 0)
 * term_cited            of those answered, the share whose answer quotes a section holding the term
 *
 * --half even|odd keeps the questions whose id ends in an even or odd number (the confidence
 * model is calibrated on the shared FAQ's even half: report on the odd one). --confidence scores
 * answers with the score-only rule instead of the calibrated model, for a baseline.
 */
import { LocalRetriever } from '../src/adapters/local-retriever';
import { buildIndex, loadIndex, serializeIndex } from '../src/retrieval/search-index';
import { analyze } from '../src/domain/text-analysis';
import { withinReachOfBest } from '../src/services/answering';
import { confidenceFromHits, estimateConfidence, meetsThreshold } from '../src/services/confidence';
import { confidenceFeatures } from '../src/services/confidence-features';
import { numberSources } from '../src/services/citations';
import { CLOSEST_PAGES } from '../src/services/not-sure-answer';
import type { Confidence } from '../../shared/protocol';
import type { SearchHit } from '../src/ports';
import { extractiveAnswer } from '../src/services/extractive-answer';
import { searchByParts } from '../src/services/question-parts';
import { codeTerms, sectionHolds, withTermHits } from '../src/services/question-terms';
import { CliError, parseCli, runCli } from './args';
import { readDocsFolder } from './docs-folder';
import { writeResult } from './eval-report';
import { type EvalQuestion, isEven, readQuestions, selectQuestions } from './eval-retrieval';
import { type ConfidenceFigures, type ConfidenceOutcome, confidenceFigures, outcomeOf } from './confidence-report';

const USAGE = 'usage: npm run eval:answers -- --kb <pages dir> --questions <file.jsonl> [--lang de] [--typos N [--seed S]] [--half even|odd] [--confidence calibrated|scores] [--write <docs file>] [--show]';

export interface AnswerQuestion extends EvalQuestion {
  answer_excerpt?: string;
  parts?: { text: string; gold: string[] }[];
}

export interface AnswerResult {
  n: number;
  quotes_gold: number;
  ends_on_announcement: number;
  false_not_sure: number;
  mean_chars: number;
  token_recall: number;
  parts_covered?: number;
  wrong_but_shown: number;
  right_withheld: number;
  not_sure_links_gold: number;
  high_n: number;
  high_right: number;
  /** Questions naming a docs term: a code-like token (question-terms.ts) some section of the KB holds. */
  termQuestions: number;
  /** Of those, how many got "not sure" (goal 0). */
  termNotSure: number;
  /** Of those answered, the share whose answer quotes a section holding the term. */
  term_cited: number;
}

/** One question as the service answers it without a model. */
export interface AnswerLike {
  /** The excerpt answer, or undefined when the service says "not sure". */
  text?: string;
  /** The pages the shown answer quotes (none when "not sure"). */
  pages: string[];
  confidence: Confidence;
  probability?: number;
  /** The pages the excerpt answer would quote, shown or not: what the confidence is calibrated against. */
  wouldQuote: string[];
  /** The pages a "not sure" names instead. */
  links: string[];
  /** What the confidence model read (confidence-features.ts). */
  features: number[];
  /** Whether the shown answer quotes a section holding a code term the question names (question-terms.ts). */
  quotesTerm?: boolean;
}

/** calibrated: the answering service's model (confidence.ts); scores: the score-only rule, for a side-by-side baseline. */
export type ConfidenceRule = 'calibrated' | 'scores';

export async function answerLike(retriever: LocalRetriever, question: string, rule: ConfidenceRule = 'calibrated'): Promise<AnswerLike> {
  const query = { text: question, collection: 'docs' as const, topK: 5 };
  const hits = await withTermHits(retriever, query, await searchByParts(retriever, query));
  const numbered = withinReachOfBest(hits).slice(0, 5);
  const byScores = confidenceFromHits(numbered);
  const { confidence, probability, matched } = rule === 'calibrated' ? estimateConfidence(question, numbered) : { confidence: byScores, probability: undefined, matched: byScores !== 'none' };
  const text = numbered.length ? extractiveAnswer(question, numbered) : undefined;
  const quoted = [...(text ?? '').matchAll(/\[(\d+)\]/g)].map((match) => numbered[Number(match[1]) - 1]).filter((hit): hit is SearchHit => !!hit);
  const wouldQuote = quoted.map((hit) => hit.pageId);
  const estimate = { confidence, ...(probability === undefined ? {} : { probability }), wouldQuote, features: confidenceFeatures(question, numbered) };
  if (!meetsThreshold(confidence, 'low')) return { ...estimate, pages: [], quotesTerm: false, links: matched ? numberSources(numbered.filter((hit) => hit.score > 0), CLOSEST_PAGES).hits.map((hit) => hit.pageId) : [] };
  const named = codeTerms(question);
  return { ...estimate, text, pages: wouldQuote, quotesTerm: quoted.some((hit) => named.some((term) => sectionHolds(hit, term))), links: [] };
}

export async function runAnswerEval(options: { kb: string; questions: string; lang?: string; typos?: number; seed?: number; half?: 'even' | 'odd'; rule?: ConfidenceRule }, onAnswer?: (question: AnswerQuestion, text: string | undefined) => void): Promise<AnswerResult> {
  const folder = await readDocsFolder(options.kb);
  const index = loadIndex(serializeIndex(buildIndex(folder.chunks, 'docs', { anchors: folder.anchors, semantic: {} })));
  const retriever = new LocalRetriever({ docs: index });
  const known = new Set(index.pages.map((page) => page.pageId));
  const questions = selectQuestions(await readQuestions(options.questions), options).filter((question, position) => !options.half || isEven(question, position) === (options.half === 'even')) as AnswerQuestion[];
  const outcomes: ConfidenceOutcome[] = [];
  const heldCache = new Map<string, boolean>();
  const heldByKb = (term: string) => heldCache.get(term.toLowerCase()) ?? heldCache.set(term.toLowerCase(), folder.chunks.some((chunk) => sectionHolds(chunk, term))).get(term.toLowerCase())!;
  let termQuestions = 0, termNotSure = 0, termAnswered = 0, termCited = 0;
  let quotesGold = 0, announcement = 0, falseNotSure = 0, chars = 0, answered = 0, recall = 0, recallN = 0, parts = 0, partsCovered = 0;
  for (const question of questions) {
    const reply = await answerLike(retriever, question.question, options.rule);
    const { text, pages } = reply;
    onAnswer?.(question, text);
    const gold = question.gold ?? question.parts?.flatMap((part) => part.gold) ?? [];
    outcomes.push(outcomeOf(reply, gold, known));
    if (codeTerms(question.question).some(heldByKb)) {
      termQuestions++;
      if (text === undefined) termNotSure++;
      else {
        termAnswered++;
        if (reply.quotesTerm) termCited++;
      }
    }
    if (text === undefined) {
      if (gold.some((page) => known.has(page))) falseNotSure++;
    } else {
      answered++;
      chars += text.length;
      if (pages.some((page) => gold.includes(page))) quotesGold++;
      if (/:\s*(\[\d+\])?\s*$/.test(text)) announcement++;
    }
    if (question.answer_excerpt) {
      const wanted = new Set(analyze(question.answer_excerpt));
      const got = new Set(analyze(text ?? ''));
      recall += wanted.size ? [...wanted].filter((term) => got.has(term)).length / wanted.size : 0;
      recallN++;
    }
    for (const part of question.parts ?? []) {
      parts++;
      if (pages.some((page) => part.gold.includes(page))) partsCovered++;
    }
  }
  const share = (count: number, total: number) => Number((count / Math.max(1, total)).toFixed(3));
  return {
    n: questions.length,
    quotes_gold: share(quotesGold, answered),
    ends_on_announcement: share(announcement, answered),
    false_not_sure: share(falseNotSure, questions.length),
    mean_chars: Math.round(chars / Math.max(1, answered)),
    token_recall: share(recall, recallN),
    ...(parts ? { parts_covered: share(partsCovered, parts) } : {}),
    ...confidenceKeys(confidenceFigures(outcomes)),
    termQuestions,
    termNotSure,
    term_cited: share(termCited, termAnswered),
  };
}

/** The confidence figures as flat keys of the JSON line. */
function confidenceKeys(figures: ConfidenceFigures) {
  const { wrong_but_shown, right_withheld, not_sure_links_gold } = figures;
  return { wrong_but_shown, right_withheld, not_sure_links_gold, high_n: figures.by_level.high.n, high_right: figures.by_level.high.right };
}

async function main() {
  const { values } = parseCli(
    process.argv.slice(2),
    { kb: { type: 'string' }, questions: { type: 'string' }, lang: { type: 'string' }, half: { type: 'string' }, confidence: { type: 'string' }, typos: { type: 'string' }, seed: { type: 'string' }, write: { type: 'string' }, show: { type: 'boolean' } },
    USAGE,
  );
  if (!values.kb || !values.questions) throw new CliError(USAGE);
  const typos = values.typos ? Number(values.typos) : 0;
  if (!Number.isInteger(typos) || typos < 0) throw new CliError('--typos must be a whole number of at least 0');
  if (values.half !== undefined && values.half !== 'even' && values.half !== 'odd') throw new CliError('--half must be even or odd');
  if (values.confidence !== undefined && values.confidence !== 'calibrated' && values.confidence !== 'scores') throw new CliError('--confidence must be calibrated or scores');
  const show = values.show ? (question: AnswerQuestion, text: string | undefined) => console.log(`--- ${question.id} ${question.question}\n${text ?? '(not sure)'}`) : undefined;
  const result = await runAnswerEval({ kb: values.kb, questions: values.questions, lang: values.lang, typos, seed: values.seed ? Number(values.seed) : 1, half: values.half as 'even' | 'odd' | undefined, rule: values.confidence as ConfidenceRule | undefined }, show);
  if (result.n === 0) throw new CliError(`no questions in ${values.questions}`);
  if (values.write) await writeResult(values.write, 'eval:answers', process.argv.slice(2), result);
  console.log(JSON.stringify(result));
}

if (import.meta.url === `file://${process.argv[1]}`) runCli(main);
