/**
 * Measures the triage and the escalation policy built on it over a labelled
 * JSONL set (../shared/kb/triage/GUIDE.md's format).
 *
 *   npm run eval:triage -- --cases <file.jsonl> [--kb <pages dir>] [--train <a.jsonl,b.jsonl> [--min-cases 6]] [--verbose]
 *
 * Without --train the committed model (worker/src/triage/model.json) is used;
 * with it a model is trained in memory on those files first (seed 14), so
 * crossing the sets is one command: --train set-a.jsonl --cases set-b.jsonl.
 * With --folds k (and no --cases) it leaves writers out: the training files
 * (the committed model's, or --train's) are dealt into k folds, and each fold is
 * judged by a model trained on the other files (docs/triage.md).
 * With --kb each case's confidence comes from the LocalRetriever over that
 * folder; without it every case gets 'medium'. It prints the same figures for
 * all cases, the even ids and the odd ids; the last line is JSON:
 * {"n","precision","recall","noAiAnswered","noAiAnsweredRate","noAiGotAnswer","topicAccuracy","categoryAccuracy","categoryMacroF1","sentimentAccuracy","p95_ms","even","odd"}.
 */
import { DEFAULT_TRIAGE_CATEGORIES } from '../../shared/triage';
import { DEFAULT_ESCALATION_OPTIONS, escalationFrom } from '../src/services/escalation-policy';
import { loadModel, type TriageModel } from '../src/triage/model';
import { train, type TriageCase } from '../src/triage/train';
import { committedModel, triage } from '../src/triage/triage';
import { CliError, parseCli, runCli } from './args';
import { confidenceSource, customerOf, DEFAULT_TRAINING_FILES, fileList, historyOf, minCasesOption, readAll, readCaseFile, type ConfidenceOf } from './triage-cases';

const USAGE = 'usage: npm run eval:triage -- --cases <file.jsonl> [--kb <pages dir>] [--train <a.jsonl,b.jsonl> [--min-cases <n>]] [--answerable <questions.jsonl>] [--verbose]\n       npm run eval:triage -- --folds <k> [--train <a.jsonl,b.jsonl,…>] [--min-cases <n>]   (leave writers out; default: the committed model\'s training files)';

interface Outcome {
  testCase: TriageCase;
  escalated: boolean;
  noAiAnswer: boolean;
  topic: string | null;
  category: string;
  sentiment: string;
  ms: number;
  fired: string[];
}

export interface TriageReport {
  n: number;
  precision: number;
  recall: number;
  /** Must-not-answer cases whose topic was not recognised: the AI was not told to stay out. */
  noAiAnswered: number;
  noAiAnsweredRate: number;
  /** Of those, the ones not escalated either: the visitor got an AI answer (an escalated turn shows the handoff only). */
  noAiGotAnswer: number;
  topicAccuracy: number;
  categoryAccuracy: number;
  categoryMacroF1: number;
  sentimentAccuracy: number;
  p95_ms: number;
}

const ratio = (numerator: number, denominator: number): number => (denominator === 0 ? 1 : Number((numerator / denominator).toFixed(4)));

function percentile(values: number[], share: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Number((sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)] ?? 0).toFixed(3));
}

export function report(outcomes: Outcome[]): TriageReport & { confusion: Map<string, Map<string, number>> } {
  let tp = 0, fp = 0, fn = 0, noAi = 0, noAiAnswered = 0, noAiGotAnswer = 0, topic = 0, category = 0, sentiment = 0;
  const confusion = new Map<string, Map<string, number>>();
  for (const outcome of outcomes) {
    const expected = outcome.testCase.expect === 'escalate';
    if (outcome.escalated && expected) tp += 1;
    if (outcome.escalated && !expected) fp += 1;
    if (!outcome.escalated && expected) fn += 1;
    if (outcome.testCase.noAiAnswer) {
      noAi += 1;
      if (!outcome.noAiAnswer) noAiAnswered += 1;
      if (!outcome.noAiAnswer && !outcome.escalated) noAiGotAnswer += 1;
    }
    if (outcome.topic === (outcome.testCase.topic ?? null)) topic += 1;
    if (outcome.category === outcome.testCase.category) category += 1;
    if (outcome.sentiment === outcome.testCase.sentiment) sentiment += 1;
    // A set labelled for escalation only (worker/cli/escalation-cases.jsonl) has no category to confuse.
    if (!outcome.testCase.category) continue;
    const row = confusion.get(outcome.testCase.category) ?? new Map<string, number>();
    row.set(outcome.category, (row.get(outcome.category) ?? 0) + 1);
    confusion.set(outcome.testCase.category, row);
  }
  const labels = [...new Set([...DEFAULT_TRIAGE_CATEGORIES, ...outcomes.map((outcome) => outcome.testCase.category)])].filter((label) =>
    outcomes.some((outcome) => outcome.testCase.category === label || outcome.category === label));
  const f1s = labels.map((label) => {
    const truePositive = outcomes.filter((outcome) => outcome.category === label && outcome.testCase.category === label).length;
    const predicted = outcomes.filter((outcome) => outcome.category === label).length;
    const actual = outcomes.filter((outcome) => outcome.testCase.category === label).length;
    return predicted + actual === 0 ? 0 : (2 * truePositive) / (predicted + actual);
  });
  const n = outcomes.length;
  return {
    n,
    precision: ratio(tp, tp + fp),
    recall: ratio(tp, tp + fn),
    noAiAnswered,
    noAiAnsweredRate: noAi === 0 ? 0 : ratio(noAiAnswered, noAi),
    noAiGotAnswer,
    topicAccuracy: ratio(topic, n),
    categoryAccuracy: ratio(category, n),
    categoryMacroF1: Number((f1s.reduce((sum, value) => sum + value, 0) / Math.max(labels.length, 1)).toFixed(4)),
    sentimentAccuracy: ratio(sentiment, n),
    p95_ms: percentile(outcomes.map((outcome) => outcome.ms), 0.95),
    confusion,
  };
}

function print(title: string, outcomes: Outcome[], withConfusion: boolean): TriageReport {
  const { confusion, ...summary } = report(outcomes);
  const noAiCases = outcomes.filter((outcome) => outcome.testCase.noAiAnswer).length;
  console.log(`\n== ${title}: ${summary.n} cases`);
  console.log(`escalate: precision ${summary.precision}, recall ${summary.recall}`);
  console.log(`must-not-answer cases answered by the AI: ${summary.noAiAnswered}/${noAiCases} (rate ${summary.noAiAnsweredRate}); of them not escalated either: ${summary.noAiGotAnswer}`);
  console.log(`topic accuracy ${summary.topicAccuracy}; category accuracy ${summary.categoryAccuracy}, macro-F1 ${summary.categoryMacroF1}; sentiment accuracy ${summary.sentimentAccuracy}`);
  console.log(`p95 ${summary.p95_ms} ms per case (triage and policy)`);
  if (withConfusion) {
    const labels = [...new Set([...confusion.keys(), ...[...confusion.values()].flatMap((row) => [...row.keys()])])].sort();
    const short = (label: string) => label.slice(0, 7).padStart(7);
    console.log(`category confusion (rows: expected, columns: predicted)\n${''.padStart(17)}${labels.map(short).join(' ')}`);
    for (const label of labels) console.log(`${label.padStart(17)}${labels.map((column) => String(confusion.get(label)?.get(column) ?? 0).padStart(7)).join(' ')}`);
  }
  return summary;
}

export async function evaluate(cases: TriageCase[], model: TriageModel, confidenceOf: ConfidenceOf): Promise<Outcome[]> {
  const now = Date.UTC(2026, 0, 15, 12);
  const outcomes: Outcome[] = [];
  for (const testCase of cases) {
    const confidence = await confidenceOf(testCase.message);
    const started = performance.now();
    const found = triage({ message: testCase.message, history: historyOf(testCase, now), customer: customerOf(testCase), now }, DEFAULT_ESCALATION_OPTIONS, model);
    const decision = escalationFrom(found, confidence, DEFAULT_ESCALATION_OPTIONS);
    const ms = performance.now() - started;
    outcomes.push({
      testCase,
      escalated: decision.action === 'escalate',
      noAiAnswer: decision.noAiAnswer,
      topic: found.topic,
      category: found.category,
      sentiment: found.sentiment,
      ms,
      fired: decision.signals.filter((signal) => signal.fired).map((signal) => `${signal.code}(${signal.score})`),
    });
  }
  return outcomes;
}

/**
 * Questions the docs answer (one {"question"} or {"message"} a line, e.g. the FAQ or eval/retrieval/paraphrases.jsonl),
 * each a first message: how many the policy hands to a person anyway. The labelled sets are half escalations; real
 * traffic is mostly questions like these, so this is where a false handoff shows its real rate.
 */
export async function answerableEscalations(questions: { question?: string; message?: string }[], model: TriageModel, confidenceOf: ConfidenceOf) {
  const now = Date.UTC(2026, 0, 15, 12);
  const handed: string[] = [];
  for (const { question, message } of questions) {
    const text = question ?? message ?? '';
    const found = triage({ message: text, history: [], now }, DEFAULT_ESCALATION_OPTIONS, model);
    const decision = escalationFrom(found, await confidenceOf(text), DEFAULT_ESCALATION_OPTIONS);
    if (decision.action === 'escalate') handed.push(`${decision.reasons.join(', ')}: ${text.slice(0, 100)}`);
  }
  return { answerableN: questions.length, answerableEscalated: handed.length, answerableEscalatedRate: ratio(handed.length, Math.max(questions.length, 1)), handed };
}

const idNumber = (id: string): number => Number(/(\d+)\D*$/.exec(id)?.[1] ?? 0);

/**
 * Leave writers out: each file is one writer's set, so the files are dealt into `folds` folds
 * (file i to fold i mod folds) and each fold is judged by a model trained on the others. Every
 * case is judged once, by a model that never saw its writer.
 */
export async function leaveWritersOut(files: string[], folds: number, minCases: number, confidenceOf: ConfidenceOf): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (let fold = 0; fold < folds; fold++) {
    const held = files.filter((_, index) => index % folds === fold);
    const rest = files.filter((_, index) => index % folds !== fold);
    const model = loadModel(train(await readAll(rest), rest, { minCases }));
    outcomes.push(...(await evaluate(await readAll(held), model, confidenceOf)));
    console.log(`fold ${fold + 1} of ${folds}: judged ${held.join(', ')}`);
  }
  return outcomes;
}

async function main(): Promise<void> {
  const { values } = parseCli(process.argv.slice(2), { cases: { type: 'string' }, kb: { type: 'string' }, train: { type: 'string' }, folds: { type: 'string' }, answerable: { type: 'string' }, 'min-cases': { type: 'string' }, verbose: { type: 'boolean' } }, USAGE);
  const folds = values.folds === undefined ? 0 : Number(values.folds);
  if (values.folds !== undefined && !(Number.isInteger(folds) && folds >= 2)) throw new CliError(`--folds must be a whole number of at least 2, not "${values.folds}"\n\n${USAGE}`);
  if (!values.cases && !folds) throw new CliError(`--cases is required\n\n${USAGE}`);
  if (values.answerable && folds) throw new CliError(`--answerable judges one model; it does not go with --folds\n\n${USAGE}`);
  if (values.cases && folds) throw new CliError(`--folds judges the training files themselves: give --train, not --cases\n\n${USAGE}`);
  const trainFiles = fileList(values.train, folds ? DEFAULT_TRAINING_FILES : []);
  if (folds > trainFiles.length) throw new CliError(`--folds ${folds} needs at least ${folds} training files; there are ${trainFiles.length}`);
  const minCases = minCasesOption(values['min-cases'], USAGE, trainFiles.length > 0);
  const confidenceOf = await confidenceSource(values.kb);
  const model = trainFiles.length && !folds ? loadModel(train(await readAll(trainFiles), trainFiles, { minCases })) : committedModel();
  if (trainFiles.length && !folds) console.log(`model trained in memory on ${trainFiles.join(', ')}`);
  const outcomes = folds ? await leaveWritersOut(trainFiles, folds, minCases, confidenceOf) : await evaluate(await readAll(fileList(values.cases, [])), model, confidenceOf);
  for (const outcome of outcomes) {
    const { testCase } = outcome;
    const wrong = outcome.escalated !== (testCase.expect === 'escalate') || (testCase.noAiAnswer && !outcome.noAiAnswer) || outcome.category !== testCase.category;
    if (wrong || values.verbose) {
      console.log(`${wrong ? 'MISS' : 'ok  '} ${testCase.id}: expected ${testCase.expect}${testCase.noAiAnswer ? ` (no AI: ${testCase.topic})` : ''} ${testCase.category}, got ${outcome.escalated ? 'escalate' : 'answer'}${outcome.noAiAnswer ? ` (no AI: ${outcome.topic})` : ''} ${outcome.category} ${outcome.fired.join(', ')}`);
    }
  }
  const all = print('all', outcomes, true);
  const even = print('even ids', outcomes.filter((outcome) => idNumber(outcome.testCase.id) % 2 === 0), false);
  const odd = print('odd ids', outcomes.filter((outcome) => idNumber(outcome.testCase.id) % 2 === 1), false);
  let answerable = {};
  if (values.answerable) {
    const { handed, ...counts } = await answerableEscalations(await readCaseFile(values.answerable), model, confidenceOf);
    console.log(`\n== answerable questions (${values.answerable}): ${counts.answerableEscalated}/${counts.answerableN} handed to a person (rate ${counts.answerableEscalatedRate})`);
    for (const line of handed) console.log(`  ${line}`);
    answerable = counts;
  }
  console.log(JSON.stringify({ ...all, even, odd, ...answerable }));
}

if (import.meta.url === `file://${process.argv[1]}`) runCli(main);
