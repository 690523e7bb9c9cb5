/**
 * Retrieval eval: index a KB folder in memory (the ingest code path), ask every
 * labelled question through LocalRetriever and report hit@1, hit@5, MRR and
 * query latency. The last line printed is one JSON object with the numbers.
 *
 *   npm run eval:retrieval -- --kb <pages dir | URL> --questions <file.jsonl> [--product-from-path] [--top-k 5] [--misses]
 *     [--typos N [--seed S]] [--lang de|fr|es|ar|en] [--held-out <file.jsonl> ...] [--write docs/<page>.md]
 *
 * The answers are also judged as the service gives them without a model, by the calibrated
 * confidence and by the score-only rule side by side: how many wrong passages are still shown and
 * how many questions get a false "not sure", on the questions' even half (where the model is
 * calibrated on the shared FAQ), their odd half, and each --held-out set.
 */
import { readFile } from 'node:fs/promises';
import { LocalRetriever } from '../src/adapters/local-retriever';
import { buildIndex, loadIndex, serializeIndex } from '../src/retrieval/search-index';
import { estimateConfidence } from '../src/services/confidence';
import { withinReachOfBest } from '../src/services/answering';
import { type ConfidenceFigures, confidenceFigures, outcomeOf } from './confidence-report';
import { answerLike, type ConfidenceRule } from './eval-answers';
import type { Confidence } from '../../shared/protocol';
import { CliError, parseCli, runCli } from './args';
import { commandLine, writeGeneratedPage, writeTarget } from './generated-page';
import { readDocsFolder } from './docs-folder';
import { seededRandom } from '../src/triage/seeded-random';
import { addTypos } from './typos';
import { crawlSite } from './ingest';

const USAGE =
  'usage: npm run eval:retrieval -- --kb <pages dir | URL> --questions <file.jsonl> [--product-from-path] [--top-k 5] [--misses] [--typos N [--seed S]] [--lang de|fr|es|ar|en] [--held-out <file.jsonl> ...] [--write docs/<page>.md]';
const LANGUAGES = ['en', 'de', 'fr', 'es', 'ar'];

export interface EvalQuestion {
  id: string;
  question: string;
  gold: string[];
  source?: string;
  /** The question's language; absent means English. */
  lang?: string;
}

export interface EvalResult {
  n: number;
  'hit@1': number;
  'hit@5': number;
  mrr: number;
  p50_ms: number;
  p95_ms: number;
}

export interface EvalOptions {
  kb: string;
  questions: string;
  productFromPath?: boolean;
  topK?: number;
  /** Typos added to each question, seeded by `seed` (default 1). */
  typos?: number;
  seed?: number;
  /** Only the questions in this language. */
  lang?: string;
  /** More question sets, judged in the confidence table only. */
  heldOut?: string[];
}

/** One row of the confidence table: a question set (or half) under one confidence rule. */
export interface ConfidenceRow {
  set: string;
  rule: ConfidenceRule;
  figures: ConfidenceFigures;
}

/** The product a question was asked about, from its FAQ's path: `docs/cloud/faq.mdx` → `cloud`. */
export function productOf(question: EvalQuestion): string | undefined {
  return question.source?.match(/^docs\/([^/]+)\//)?.[1];
}

export async function readQuestions(file: string): Promise<EvalQuestion[]> {
  const content = await readFile(file, 'utf8').catch(() => {
    throw new CliError(`questions file not found: ${file}`);
  });
  return content
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as EvalQuestion);
}

/** Index the KB once and score the questions with and without the product hint. */
export async function runEval(options: EvalOptions, onMiss?: (question: EvalQuestion, got: string[]) => void) {
  // A site is crawled into a fresh index; its hits are page paths, so gold ids are mapped to paths too.
  const isSite = /^https?:\/\//i.test(options.kb);
  const folder = isSite ? await crawlSite(options.kb, { productFromPath: options.productFromPath }) : await readDocsFolder(options.kb, { productFromPath: options.productFromPath });
  const index = loadIndex(serializeIndex(buildIndex(folder.chunks, 'docs', { anchors: folder.anchors, semantic: {} })));
  const retriever = new LocalRetriever({ docs: index });
  const questions = selectQuestions(await readQuestions(options.questions), options);
  const topK = options.topK ?? 5;
  const score = (withProduct: boolean): EvalResult & { even: EvalResult; odd: EvalResult; byConfidence: Record<Confidence, EvalResult> } => {
    const outcomes = questions.map((question) => {
      const product = withProduct ? productOf(question) : undefined;
      const started = performance.now();
      const hits = retriever.searchSync({ text: question.question, collection: 'docs', topK, ...(product ? { product } : {}) });
      const ms = performance.now() - started;
      const pages = isSite ? hits.map((hit) => sitePathOf(hit.url)) : hits.map((hit) => hit.pageId);
      const gold = isSite ? question.gold.map(goldPath) : question.gold;
      const rank = pages.findIndex((pageId) => gold.includes(pageId));
      if (rank < 0) onMiss?.(question, pages);
      return { rank, ms, confidence: estimateConfidence(question.question, withinReachOfBest(hits)).confidence };
    });
    const levels: Confidence[] = ['high', 'medium', 'low', 'none'];
    const byConfidence = Object.fromEntries(levels.map((level) => [level, summarise(outcomes.filter((outcome) => outcome.confidence === level))])) as Record<Confidence, EvalResult>;
    const even = outcomes.filter((_outcome, position) => isEven(questions[position]!, position));
    const odd = outcomes.filter((_outcome, position) => !isEven(questions[position]!, position));
    return { ...summarise(outcomes), even: summarise(even), odd: summarise(odd), byConfidence };
  };
  // Warm the engine up so the first questions do not pay for JIT compilation.
  for (const question of questions.slice(0, 20)) retriever.searchSync({ text: question.question, collection: 'docs', topK });
  const plain = score(false);
  const withProduct = options.productFromPath ? score(true) : undefined;
  const known = new Set(index.pages.map((page) => page.pageId));
  // Answers cite page ids, which a crawled site's gold paths are not: the confidence table is for a pages folder.
  const sets: [string, EvalQuestion[]][] = isSite
    ? []
    : [
        ['even ids', questions.filter((question, position) => isEven(question, position))],
        ['odd ids', questions.filter((question, position) => !isEven(question, position))],
      ];
  for (const file of isSite ? [] : (options.heldOut ?? [])) sets.push([file.split('/').at(-1)!, selectQuestions(await readQuestions(file), options)]);
  const confidence: ConfidenceRow[] = [];
  for (const [set, asked] of sets) {
    for (const rule of ['calibrated', 'scores'] as const) {
      const outcomes = [];
      // A question without gold pages of its own (multi-part) is judged on its parts' pages.
      for (const question of asked) outcomes.push(outcomeOf(await answerLike(retriever, question.question, rule), goldOf(question), known));
      confidence.push({ set, rule, figures: confidenceFigures(outcomes) });
    }
  }
  return { pages: folder.pages, chunks: folder.chunks.length, plain, withProduct, confidence };
}

const goldOf = (question: EvalQuestion & { parts?: { gold: string[] }[] }) => question.gold ?? question.parts?.flatMap((part) => part.gold) ?? [];

/** The questions in the asked language, with the asked number of seeded typos. */
export function selectQuestions(questions: EvalQuestion[], options: Pick<EvalOptions, 'lang' | 'typos' | 'seed'>): EvalQuestion[] {
  const inLanguage = options.lang ? questions.filter((question) => (question.lang ?? 'en') === options.lang) : questions;
  if (!options.typos) return inLanguage;
  const random = seededRandom(options.seed ?? 1);
  return inLanguage.map((question) => ({ ...question, question: addTypos(question.question, options.typos!, random) }));
}

/** A gold page id as a site path: without `.md` and without a trailing `/index` or `/`. */
export function goldPath(pageId: string): string {
  return `/${pageId.replace(/\.md$/, '').replace(/(^|\/)index$/, '').replace(/\/+$/, '')}`;
}

/** The path of a cited URL, without a trailing `/`. */
export function sitePathOf(url: string): string {
  return new URL(url, 'http://site.invalid').pathname.replace(/(.)\/+$/, '$1');
}

/**
 * Tuning split: a change is kept only if it helps the even-numbered questions (tuned on)
 * and the odd-numbered ones (held out). The number is the id's last digits, else the line number.
 */
export function isEven(question: EvalQuestion, position: number): boolean {
  const number = /(\d+)$/.exec(question.id)?.[1];
  return (number === undefined ? position + 1 : Number(number)) % 2 === 0;
}

function summarise(outcomes: { rank: number; ms: number }[]): EvalResult {
  const n = outcomes.length;
  const share = (count: number) => fixed(count / Math.max(1, n));
  return {
    n,
    'hit@1': share(outcomes.filter((outcome) => outcome.rank === 0).length),
    'hit@5': share(outcomes.filter((outcome) => outcome.rank >= 0).length),
    mrr: fixed(outcomes.reduce((sum, outcome) => sum + (outcome.rank >= 0 ? 1 / (outcome.rank + 1) : 0), 0) / Math.max(1, n)),
    p50_ms: percentile(outcomes.map((outcome) => outcome.ms), 0.5),
    p95_ms: percentile(outcomes.map((outcome) => outcome.ms), 0.95),
  };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return fixed(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0, 2);
}

const fixed = (value: number, digits = 3) => Number(value.toFixed(digits));

function describe(label: string, result: EvalResult & { even: EvalResult; odd: EvalResult }): string {
  const half = (name: string, part: EvalResult) => `${name} ${part['hit@1']}/${part['hit@5']}/${part.mrr}`;
  return (
    `${label}: hit@1 ${result['hit@1']}  hit@5 ${result['hit@5']}  MRR ${result.mrr}  p50 ${result.p50_ms} ms  p95 ${result.p95_ms} ms` +
    `  (hit@1/hit@5/MRR ${half('even', result.even)}, ${half('odd', result.odd)})`
  );
}

async function main() {
  const { values } = parseCli(
    process.argv.slice(2),
    {
      kb: { type: 'string' },
      questions: { type: 'string' },
      'product-from-path': { type: 'boolean' },
      'top-k': { type: 'string' },
      misses: { type: 'boolean' },
      typos: { type: 'string' },
      seed: { type: 'string' },
      lang: { type: 'string' },
      'held-out': { type: 'string', multiple: true },
      write: { type: 'string' },
    },
    USAGE,
  );
  if (!values.kb || !values.questions) throw new CliError(USAGE);
  const page = writeTarget(values.write);
  const topK = values['top-k'] ? Number(values['top-k']) : 5;
  if (!Number.isInteger(topK) || topK < 1) throw new CliError('--top-k must be a whole number of at least 1');
  const typos = values.typos ? Number(values.typos) : 0;
  if (!Number.isInteger(typos) || typos < 0) throw new CliError('--typos must be a whole number of at least 0');
  const seed = values.seed ? Number(values.seed) : 1;
  if (!Number.isInteger(seed)) throw new CliError('--seed must be a whole number');
  if (values.lang && !LANGUAGES.includes(values.lang)) throw new CliError(`--lang must be one of ${LANGUAGES.join(', ')}`);
  const onMiss = values.misses ? (question: EvalQuestion, got: string[]) => console.log(`miss ${question.id} "${question.question}" gold=${question.gold.join(',')} got=${got.join(',')}`) : undefined;
  const result = await runEval({ kb: values.kb, questions: values.questions, productFromPath: values['product-from-path'], topK, typos, seed, lang: values.lang, heldOut: values['held-out'] }, onMiss);
  if (result.plain.n === 0) throw new CliError(`no questions${values.lang ? ` in ${values.lang}` : ''} in ${values.questions}`);
  console.log(`indexed ${result.pages} pages as ${result.chunks} chunks; ${result.plain.n} questions, top ${topK} pages`);
  console.log(describe('without product hint', result.plain));
  if (result.withProduct) console.log(describe('with product hint   ', result.withProduct));
  // Does the confidence the widget shows mean something? The share of answers found, per level.
  const calibrated = (result.withProduct ?? result.plain).byConfidence;
  console.log(
    `confidence calibration: ${Object.entries(calibrated)
      .map(([level, part]) => `${level} n=${part.n} hit@1 ${part['hit@1']} hit@5 ${part['hit@5']}`)
      .join('; ')}`,
  );
  for (const row of result.confidence) console.log(`answers, ${row.set}, ${row.rule}: ${describeFigures(row.figures)}`);
  const { even: _even, odd: _odd, byConfidence: _byConfidence, ...summary } = result.withProduct ?? result.plain;
  console.log(JSON.stringify({ ...summary, ...confidenceSummary(result.confidence) }));
  if (page) writeGeneratedPage(page, 'Retrieval: measured', commandLine('eval:retrieval', process.argv.slice(2)), retrievalReport(result, topK));
}

type RunResult = Awaited<ReturnType<typeof runEval>>;

const describeFigures = (figures: ConfidenceFigures) =>
  `wrong but shown ${figures.wrong_but_shown}, false not sure ${figures.false_not_sure}, right withheld ${figures.right_withheld}, not sure linking a gold page ${figures.not_sure_links_gold}, high ${figures.by_level.high.n} of which right ${figures.by_level.high.right}`;

/**
 * The JSON line's confidence keys: on the odd half (held out from the calibration on the shared
 * FAQ), the calibrated rule's figures, and the score rule's beside them for comparison.
 */
export function confidenceSummary(rows: ConfidenceRow[]) {
  const odd = (rule: ConfidenceRule) => rows.find((row) => row.set === 'odd ids' && row.rule === rule)?.figures;
  const calibrated = odd('calibrated');
  const scores = odd('scores');
  if (!calibrated || !scores) return {};
  return {
    odd_wrong_but_shown: calibrated.wrong_but_shown,
    odd_false_not_sure: calibrated.false_not_sure,
    odd_high_right: calibrated.by_level.high.right,
    odd_wrong_but_shown_by_scores: scores.wrong_but_shown,
    odd_false_not_sure_by_scores: scores.false_not_sure,
  };
}

/** The page `--write` produces: the console's numbers as tables. */
export function retrievalReport(result: RunResult, topK: number): string {
  const row = (label: string, part: EvalResult) => `| ${label} | ${part['hit@1']} | ${part['hit@5']} | ${part.mrr} | ${part.p50_ms} ms | ${part.p95_ms} ms |`;
  const calibrated = (result.withProduct ?? result.plain).byConfidence;
  return [
    `${result.pages} pages as ${result.chunks} chunks; ${result.plain.n} questions; a hit is a gold page among the top ${topK} pages.`,
    '',
    '| | hit@1 | hit@5 | MRR | p50 | p95 |',
    '|---|---|---|---|---|---|',
    row('no product hint', result.plain),
    ...(result.withProduct ? [row('with the product hint (`data-product`)', result.withProduct)] : []),
    '',
    'How often each confidence level the widget shows found the answer:',
    '',
    '| confidence | n | hit@1 | hit@5 |',
    '|---|---|---|---|',
    ...Object.entries(calibrated).map(([level, part]) => `| ${level} | ${part.n} | ${part['hit@1']} | ${part['hit@5']} |`),
    '',
    'The confidence bar, answer by answer, as the widget answers without a model. *calibrated* is the',
    'model in `worker/src/services/confidence-model.json` (fitted by `npm run calibrate:confidence` on the',
    "shared FAQ's even ids only); *scores* is the score-only rule it replaced. Shares of all the set's",
    'questions, except the last three columns. A right answer quotes a gold page.',
    '',
    '| set | rule | n | wrong but shown | false "not sure" | right withheld | "not sure" linking a gold page | high: n | high: right |',
    '|---|---|---|---|---|---|---|---|---|',
    ...result.confidence.map(({ set, rule, figures }) => `| ${set} | ${rule} | ${figures.n} | ${figures.wrong_but_shown} | ${figures.false_not_sure} | ${figures.right_withheld} | ${figures.not_sure_links_gold} | ${figures.by_level.high.n} | ${figures.by_level.high.right} |`),
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) runCli(main);
