/**
 * Writes the answers the product gives without a model, one JSON line per question, for judging
 * by reading (docs/answer-judgement.md). Each line holds the question, the text the answering
 * service sends (answering.ts's `answer`, with the offline triage and no LLM), its numbered
 * sources, the confidence, and the gold page ids. `excerpt_confidence`, `probability`, `quoted`
 * and `excerpt` come from eval-answers.ts's `answerLike`, the path `npm run eval:answers` scores:
 * `same_as_eval` says whether that path shows the same text, and `excerpt` holds its text when not.
 *
 *   tsx worker/cli/dump-answers.ts --kb <pages dir> --questions <file.jsonl> --out <file.jsonl> [--every 2] [--limit 60]
 *
 * --every N keeps lines 1, 1+N, 1+2N, … of the question file (default 1: all of them); --limit M
 * keeps the first M of those.
 */
import { writeFile } from 'node:fs/promises';
import type { StreamEvent } from '../../shared/protocol';
import { LocalRetriever } from '../src/adapters/local-retriever';
import { buildIndex, loadIndex, serializeIndex } from '../src/retrieval/search-index';
import { answer } from '../src/services/answering';
import { DEFAULT_ESCALATION_OPTIONS } from '../src/services/escalation-policy';
import { checkLinks } from '../src/services/guardrails';
import { CliError, parseCli, runCli } from './args';
import { readDocsFolder } from './docs-folder';
import { answerLike } from './eval-answers';
import { readQuestions } from './eval-retrieval';

const USAGE = 'usage: tsx worker/cli/dump-answers.ts --kb <pages dir> --questions <file.jsonl> --out <file.jsonl> [--every N] [--limit M]';

async function main() {
  const { values } = parseCli(process.argv.slice(2), { kb: { type: 'string' }, questions: { type: 'string' }, out: { type: 'string' }, every: { type: 'string' }, limit: { type: 'string' } }, USAGE);
  if (!values.kb || !values.questions || !values.out) throw new CliError(USAGE);
  const every = values.every ? Number(values.every) : 1;
  if (!Number.isInteger(every) || every < 1) throw new CliError('--every must be a whole number of at least 1');
  const folder = await readDocsFolder(values.kb);
  const index = loadIndex(serializeIndex(buildIndex(folder.chunks, 'docs', { anchors: folder.anchors, semantic: {} })));
  const retriever = new LocalRetriever({ docs: index });
  const limit = values.limit ? Number(values.limit) : Infinity;
  if (values.limit && (!Number.isInteger(limit) || limit < 1)) throw new CliError('--limit must be a whole number of at least 1');
  const questions = everyNth(await readQuestions(values.questions), every, limit);
  // The defaults of worker/src/config.ts (MIN_CONFIDENCE=low), no model: the embedded default.
  const dependencies = { retriever, minConfidence: 'low' as const, maxAnswerTokens: 600, promptTokenBudget: 3000, retrievalTimeoutMs: 3000, escalation: DEFAULT_ESCALATION_OPTIONS, log: () => undefined };
  const lines: string[] = [];
  for (const question of questions) {
    let mode = 'none';
    const record = await answer({ message: question.question, history: [], lang: 'en', signal: new AbortController().signal, now: Date.now() }, dependencies, async (event: StreamEvent) => {
      if (event.type === 'finish') mode = event.mode;
    });
    const reply = await answerLike(retriever, question.question);
    // The shown text passes the link rules (guardrails.ts) after the excerpt is built.
    const excerpt = reply.text === undefined ? undefined : checkLinks(reply.text, record.sources).text;
    const same = mode === 'extractive' ? record.text === excerpt : excerpt === undefined;
    lines.push(JSON.stringify({
      id: question.id,
      question: question.question,
      gold: question.gold ?? [],
      mode,
      confidence: record.confidence,
      // What the excerpt path (eval:answers) rates it, before any escalation replaces the answer.
      excerpt_confidence: reply.confidence,
      ...(reply.probability === undefined ? {} : { probability: Number(reply.probability.toFixed(3)) }),
      ...(record.escalation ? { escalation: record.escalation } : {}),
      answer: record.text,
      sources: record.sources.map((source) => ({ n: source.n, page: pageOf(source.url, index.pages), section: source.section ?? null })),
      quoted: reply.pages,
      same_as_eval: same,
      ...(same || excerpt === undefined ? {} : { excerpt }),
    }));
  }
  await writeFile(values.out, `${lines.join('\n')}\n`);
  console.log(JSON.stringify({ n: lines.length, out: values.out }));
}

/** Lines 1, 1+every, 1+2·every, … of a question file, the first `limit` of them: a fixed rule, stated in the doc. */
export function everyNth<T>(items: readonly T[], every: number, limit = Infinity): T[] {
  return items.filter((_, position) => position % every === 0).slice(0, limit);
}

function pageOf(url: string, pages: { pageId: string; url?: string }[]): string {
  return pages.find((page) => page.url === url)?.pageId ?? url;
}

if (import.meta.url === `file://${process.argv[1]}`) runCli(main);
