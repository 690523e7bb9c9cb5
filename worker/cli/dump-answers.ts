/**
 * Writes the answers the product gives without a model, one JSON line per question, for judging
 * by reading (docs/answer-judgement.md). Each line holds the question, the shown text (the
 * excerpt answer, or the "not sure" text with its closest pages), its numbered sources, the
 * confidence and the gold page ids. Answers come from eval-answers.ts's `answerLike`, the same
 * path `npm run eval:answers` scores.
 *
 *   tsx worker/cli/dump-answers.ts --kb <pages dir> --questions <file.jsonl> --out <file.jsonl> [--every 2] [--limit 60]
 *
 * --every N keeps lines 1, 1+N, 1+2N, … of the question file (default 1: all of them); --limit M
 * keeps the first M of those.
 */
import { writeFile } from 'node:fs/promises';
import { LocalRetriever } from '../src/adapters/local-retriever';
import { buildIndex, loadIndex, serializeIndex } from '../src/retrieval/search-index';
import { withinReachOfBest } from '../src/services/answering';
import { numberSources } from '../src/services/citations';
import { checkLinks } from '../src/services/guardrails';
import { messagesFor } from '../src/services/messages';
import { notSureWithPages } from '../src/services/not-sure-answer';
import { searchByParts } from '../src/services/question-parts';
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
  const questions = (await readQuestions(values.questions)).filter((_, position) => position % every === 0).slice(0, limit);
  const say = messagesFor('en');
  const lines: string[] = [];
  for (const question of questions) {
    const reply = await answerLike(retriever, question.question);
    // The sources the answering service numbers (answering.ts), with no resolved tickets indexed.
    const hits = withinReachOfBest(await searchByParts(retriever, { text: question.question, collection: 'docs', topK: 5 }));
    const shown = reply.text === undefined ? notSureWithPages(say.notSureWithPages, hits) : numberSources(hits, 5);
    const text = reply.text === undefined ? ('text' in shown ? shown.text : say.notSure) : checkLinks(reply.text, shown.sources).text;
    lines.push(JSON.stringify({
      id: question.id,
      question: question.question,
      gold: question.gold ?? [],
      mode: reply.text === undefined ? 'not-sure' : 'extractive',
      confidence: reply.confidence,
      ...(reply.probability === undefined ? {} : { probability: Number(reply.probability.toFixed(3)) }),
      answer: text,
      sources: shown.sources.map((source) => ({ n: source.n, page: pageOf(source.url, index.pages), section: source.section ?? null })),
      quoted: reply.pages,
    }));
  }
  await writeFile(values.out, `${lines.join('\n')}\n`);
  console.log(JSON.stringify({ n: lines.length, out: values.out }));
}

function pageOf(url: string, pages: { pageId: string; url?: string }[]): string {
  return pages.find((page) => page.url === url)?.pageId ?? url;
}

if (import.meta.url === `file://${process.argv[1]}`) runCli(main);
