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
 */
import { LocalRetriever } from '../src/adapters/local-retriever';
import { buildIndex, loadIndex, serializeIndex } from '../src/retrieval/search-index';
import { analyze } from '../src/retrieval/text-analysis';
import { withinReachOfBest } from '../src/services/answering';
import { confidenceFromHits, meetsThreshold } from '../src/services/confidence';
import { extractiveAnswer } from '../src/services/extractive-answer';
import { searchByParts } from '../src/services/question-parts';
import { CliError, parseCli, runCli } from './args';
import { readDocsFolder } from './docs-folder';
import { writeResult } from './eval-report';
import { type EvalQuestion, readQuestions, selectQuestions } from './eval-retrieval';

const USAGE = 'usage: npm run eval:answers -- --kb <pages dir> --questions <file.jsonl> [--lang de] [--typos N [--seed S]] [--write <docs file>] [--show]';

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
}

/** One question answered as the service answers it without a model: the text, or undefined for "not sure". */
export async function answerLike(retriever: LocalRetriever, question: string): Promise<{ text?: string; pages: string[] }> {
  const hits = await searchByParts(retriever, { text: question, collection: 'docs', topK: 5 });
  if (!meetsThreshold(confidenceFromHits(hits), 'low')) return { pages: [] };
  const numbered = withinReachOfBest(hits).slice(0, 5);
  const text = extractiveAnswer(question, numbered);
  const cited = [...text.matchAll(/\[(\d+)\]/g)].map((match) => numbered[Number(match[1]) - 1]?.pageId).filter((page): page is string => !!page);
  return { text, pages: cited };
}

export async function runAnswerEval(options: { kb: string; questions: string; lang?: string; typos?: number; seed?: number }, onAnswer?: (question: AnswerQuestion, text: string | undefined) => void): Promise<AnswerResult> {
  const folder = await readDocsFolder(options.kb);
  const index = loadIndex(serializeIndex(buildIndex(folder.chunks, 'docs', { anchors: folder.anchors, semantic: {} })));
  const retriever = new LocalRetriever({ docs: index });
  const known = new Set(index.pages.map((page) => page.pageId));
  const questions = selectQuestions(await readQuestions(options.questions), options) as AnswerQuestion[];
  let quotesGold = 0, announcement = 0, falseNotSure = 0, chars = 0, answered = 0, recall = 0, recallN = 0, parts = 0, partsCovered = 0;
  for (const question of questions) {
    const { text, pages } = await answerLike(retriever, question.question);
    onAnswer?.(question, text);
    const gold = question.gold ?? question.parts?.flatMap((part) => part.gold) ?? [];
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
  };
}

async function main() {
  const { values } = parseCli(
    process.argv.slice(2),
    { kb: { type: 'string' }, questions: { type: 'string' }, lang: { type: 'string' }, typos: { type: 'string' }, seed: { type: 'string' }, write: { type: 'string' }, show: { type: 'boolean' } },
    USAGE,
  );
  if (!values.kb || !values.questions) throw new CliError(USAGE);
  const typos = values.typos ? Number(values.typos) : 0;
  if (!Number.isInteger(typos) || typos < 0) throw new CliError('--typos must be a whole number of at least 0');
  const show = values.show ? (question: AnswerQuestion, text: string | undefined) => console.log(`--- ${question.id} ${question.question}\n${text ?? '(not sure)'}`) : undefined;
  const result = await runAnswerEval({ kb: values.kb, questions: values.questions, lang: values.lang, typos, seed: values.seed ? Number(values.seed) : 1 }, show);
  if (result.n === 0) throw new CliError(`no questions in ${values.questions}`);
  if (values.write) await writeResult(values.write, 'eval:answers', process.argv.slice(2), result);
  console.log(JSON.stringify(result));
}

if (import.meta.url === `file://${process.argv[1]}`) runCli(main);
