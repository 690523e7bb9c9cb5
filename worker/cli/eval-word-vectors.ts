/**
 * Measures the word-vector signals (retrieval/word-vector-signal.ts) against the ranking without
 * them, on one KB and several question sets. Not part of `eval:retrieval`: the signals are an
 * experiment that did not land (docs/retrieval.md, "Word vectors"), and this keeps it reproducible.
 *
 *   npm run eval:word-vectors -- --kb <pages dir> --vectors <table> --questions <file.jsonl> [--questions ...]
 *     [--half even|odd] [--config '<json WordVectorOptions>' ...]
 *
 * `--half` keeps only the even (or odd) ids of every set, as `eval:retrieval` splits them: tune on
 * the shared FAQ's even ids, report on the rest. Prints one line per configuration and set, and a
 * JSON line last.
 */
import { readFileSync } from 'node:fs';
import { LocalRetriever } from '../src/adapters/local-retriever';
import { buildIndex, loadIndex, serializeIndex } from '../src/retrieval/search-index';
import { WordVectorSignal, type WordVectorOptions } from '../src/retrieval/word-vector-signal';
import { decodeWordVectors } from '../src/retrieval/word-vectors';
import { CliError, parseCli, runCli } from './args';
import { readDocsFolder } from './docs-folder';
import { isEven, readQuestions, type EvalQuestion } from './eval-retrieval';

const USAGE = "usage: npm run eval:word-vectors -- --kb <pages dir> --vectors <table> --questions <file.jsonl> [--questions ...] [--half even|odd] [--config '<json>' ...]";

interface SetResult {
  set: string;
  config: string;
  n: number;
  'hit@1': number;
  'hit@5': number;
  p95_ms: number;
}

/** hit@1, hit@5 and p95 of one retriever over one set (a multi-part question counts its parts' gold pages). */
export function measure(retriever: LocalRetriever, questions: readonly EvalQuestion[]): Omit<SetResult, 'set' | 'config'> {
  let first = 0;
  let top5 = 0;
  const times: number[] = [];
  for (const question of questions) {
    const gold = question.gold ?? (question as { parts?: { gold: string[] }[] }).parts?.flatMap((part) => part.gold) ?? [];
    const started = performance.now();
    const hits = retriever.searchSync({ text: question.question, collection: 'docs', topK: 5 });
    times.push(performance.now() - started);
    const rank = hits.findIndex((hit) => gold.includes(hit.pageId));
    if (rank === 0) first++;
    if (rank >= 0) top5++;
  }
  times.sort((a, b) => a - b);
  const n = questions.length;
  const fixed = (value: number, digits = 3) => Number(value.toFixed(digits));
  return { n, 'hit@1': fixed(first / Math.max(1, n)), 'hit@5': fixed(top5 / Math.max(1, n)), p95_ms: fixed(times[Math.min(n - 1, Math.floor(0.95 * n))] ?? 0, 2) };
}

async function main() {
  const { values } = parseCli(
    process.argv.slice(2),
    { kb: { type: 'string' }, vectors: { type: 'string' }, questions: { type: 'string', multiple: true }, half: { type: 'string' }, config: { type: 'string', multiple: true } },
    USAGE,
  );
  if (!values.kb || !values.vectors || !values.questions?.length) throw new CliError(USAGE);
  if (values.half && values.half !== 'even' && values.half !== 'odd') throw new CliError('--half must be even or odd');
  const configs = (values.config ?? ['{}']).map((text) => JSON.parse(text) as WordVectorOptions);
  const folder = await readDocsFolder(values.kb);
  const docs = loadIndex(serializeIndex(buildIndex(folder.chunks, 'docs', { anchors: folder.anchors, semantic: {} })));
  const table = decodeWordVectors(readFileSync(values.vectors));
  const sets: [string, EvalQuestion[]][] = [];
  for (const file of values.questions) {
    const questions = (await readQuestions(file)).filter((question, position) => !values.half || isEven(question, position) === (values.half === 'even'));
    sets.push([`${file.split('/').at(-1)}${values.half ? ` (${values.half} ids)` : ''}`, questions]);
  }
  const retrievers: [string, LocalRetriever][] = [['without word vectors', new LocalRetriever({ docs })]];
  for (const config of configs) retrievers.push([JSON.stringify(config), new LocalRetriever({ docs, wordVectors: new WordVectorSignal(table, config) })]);
  const results: SetResult[] = [];
  for (const [config, retriever] of retrievers) {
    // Warm up the engine (and build the page vectors) before timing.
    measure(retriever, sets[0]![1].slice(0, 20));
    for (const [set, questions] of sets) {
      const result = { set, config, ...measure(retriever, questions) };
      results.push(result);
      console.log(`${config} | ${set}: hit@1 ${result['hit@1']} hit@5 ${result['hit@5']} p95 ${result.p95_ms} ms (n=${result.n})`);
    }
  }
  console.log(JSON.stringify(results));
}

if (import.meta.url === `file://${process.argv[1]}`) runCli(main);
