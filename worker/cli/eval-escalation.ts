/**
 * Runs the escalation policy over a labelled JSONL set and reports precision
 * and recall of "escalate", plus how often a no-AI case got an AI answer.
 *
 *   npm run eval:escalation -- --cases worker/cli/escalation-cases.jsonl [--kb ../shared/kb/cypress-docs/pages]
 *
 * With --kb, each case's confidence comes from the LocalRetriever over that
 * folder; without it every case gets 'medium', so low-confidence never fires.
 * The last line printed is JSON: {"n","precision","recall","noAiAnsweredRate"}.
 */
import { decideEscalation } from '../src/services/escalation-policy';
import type { TriageCase } from '../src/triage/train';
import { CliError, parseCli, runCli } from './args';
import { commandLine, writeGeneratedPage, writeTarget } from './generated-page';
import { confidenceSource, customerOf, historyOf, readCaseFile } from './triage-cases';

const USAGE = 'usage: npm run eval:escalation -- --cases <file.jsonl> [--kb <pages dir>] [--verbose] [--write docs/<page>.md]';

/** The escalation fields of a labelled case: older sets carry only these. */
type EscalationCase = Pick<TriageCase, 'id' | 'history' | 'message' | 'customer' | 'expect' | 'noAiAnswer' | 'startedMinutesAgo'>;

const ratio = (numerator: number, denominator: number): number => (denominator === 0 ? 1 : Number((numerator / denominator).toFixed(4)));

async function main(): Promise<void> {
  const { values } = parseCli(process.argv.slice(2), { cases: { type: 'string' }, kb: { type: 'string' }, verbose: { type: 'boolean' }, write: { type: 'string' } }, USAGE);
  if (!values.cases) throw new CliError(`--cases is required\n\n${USAGE}`);
  const page = writeTarget(values.write);
  const cases = await readCaseFile<EscalationCase>(values.cases);
  const confidenceOf = await confidenceSource(values.kb);
  const now = Date.UTC(2026, 0, 15, 12);
  let truePositive = 0, falsePositive = 0, falseNegative = 0, noAiCases = 0, noAiAnswered = 0;

  for (const testCase of cases) {
    const customer = customerOf(testCase);
    const confidence = await confidenceOf(testCase.message);
    const decision = decideEscalation({ message: testCase.message, history: historyOf(testCase, now), customer, confidence, now });
    const escalated = decision.action === 'escalate';
    const expected = testCase.expect === 'escalate';
    if (escalated && expected) truePositive += 1;
    if (escalated && !expected) falsePositive += 1;
    if (!escalated && expected) falseNegative += 1;
    if (testCase.noAiAnswer) {
      noAiCases += 1;
      if (!decision.noAiAnswer) noAiAnswered += 1;
    }
    const wrong = escalated !== expected || (testCase.noAiAnswer && !decision.noAiAnswer);
    if (wrong || values.verbose) {
      const fired = decision.signals.filter((signal) => signal.fired).map((signal) => `${signal.code}(${signal.detail})`);
      console.log(`${wrong ? 'MISS' : 'ok  '} ${testCase.id}: expected ${testCase.expect}${testCase.noAiAnswer ? ' (no AI)' : ''}, got ${decision.action}${decision.noAiAnswer ? ' (no AI)' : ''} [confidence ${confidence}] ${fired.join(', ')}`);
    }
  }

  const summary = {
    n: cases.length,
    precision: ratio(truePositive, truePositive + falsePositive),
    recall: ratio(truePositive, truePositive + falseNegative),
    noAiAnsweredRate: noAiCases === 0 ? 0 : ratio(noAiAnswered, noAiCases),
  };
  console.log(`escalate: precision ${summary.precision} (${truePositive}/${truePositive + falsePositive}), recall ${summary.recall} (${truePositive}/${truePositive + falseNegative})`);
  console.log(`no-AI cases answered by the AI anyway: ${noAiAnswered}/${noAiCases}`);
  console.log(JSON.stringify(summary));
  if (page) {
    writeGeneratedPage(page, 'Escalation policy: measured', commandLine('eval:escalation', process.argv.slice(2)), escalationReport(summary, { truePositive, falsePositive, falseNegative, noAiAnswered, noAiCases }));
  }
}

/** The page `--write` produces: the same numbers as the console, as a table. */
export function escalationReport(
  summary: { n: number; precision: number; recall: number },
  counts: { truePositive: number; falsePositive: number; falseNegative: number; noAiAnswered: number; noAiCases: number },
): string {
  return [
    `${summary.n} labelled cases (\`worker/cli/escalation-cases.jsonl\`), among them innocent uses of trigger words ("cancel a test run", "delete a spec").`,
    '',
    '| | measured | goal |',
    '|---|---|---|',
    `| precision of "escalate" | ${summary.precision} (${counts.truePositive}/${counts.truePositive + counts.falsePositive}) | ≥ 0.9 |`,
    `| recall of "escalate" | ${summary.recall} (${counts.truePositive}/${counts.truePositive + counts.falseNegative}) | ≥ 0.95 |`,
    `| no-AI-topic cases the AI answered anyway | ${counts.noAiAnswered} of ${counts.noAiCases} | 0 |`,
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) runCli(main);
