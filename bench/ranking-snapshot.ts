/**
 * Every hit of every KB question, as one JSON line per query, for showing that a speed-up of the
 * ranker changes no ranking: write a snapshot before the change, then compare after it.
 * Each question is asked without and (when it names one) with its product, top 5, through
 * `LocalRetriever.searchSync` on an index the ingest wrote (docs.json and its parts).
 *
 *   tsx bench/ranking-snapshot.ts <docs.json> <questions.jsonl> --write <snapshot>
 *   tsx bench/ranking-snapshot.ts <docs.json> <questions.jsonl> --compare <snapshot>
 *
 * `--compare` exits 1 and names the first queries that differ (pages, order, scores or evidence).
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { productOf, readQuestions } from '../worker/cli/eval-retrieval';
import { LocalRetriever } from '../worker/src/adapters/local-retriever';
import { openIndex, partsFolder } from '../worker/src/retrieval/index-files';

const [file, questionsFile, mode, snapshot] = process.argv.slice(2);
if (!file || !questionsFile || (mode !== '--write' && mode !== '--compare') || !snapshot) {
  console.error('usage: tsx bench/ranking-snapshot.ts <docs.json> <questions.jsonl> --write|--compare <snapshot>');
  process.exit(2);
}
const folder = dirname(file);
const parts = join(folder, partsFolder(file));
const assets = new Map<string, string>();
for (const name of await readdir(parts, { recursive: true }).catch(() => [])) {
  assets.set(relative(folder, join(parts, name)), await readFile(join(parts, name), 'utf8').catch(() => ''));
}
const index = await openIndex(JSON.parse(await readFile(file, 'utf8')), (name) => JSON.parse(assets.get(name)!) as unknown);
const retriever = new LocalRetriever({ docs: index });
const lines: string[] = [];
for (const question of await readQuestions(questionsFile)) {
  const product = productOf(question);
  for (const query of [{ text: question.question, collection: 'docs' as const, topK: 5 }, ...(product ? [{ text: question.question, collection: 'docs' as const, topK: 5, product }] : [])]) {
    lines.push(JSON.stringify({ query, hits: retriever.searchSync(query) }));
  }
}
if (mode === '--write') {
  await writeFile(snapshot, `${lines.join('\n')}\n`);
  console.log(`${lines.length} queries written to ${snapshot}`);
} else {
  const before = (await readFile(snapshot, 'utf8')).split('\n').filter((line) => line !== '');
  const differing = lines.map((line, at) => (line === before[at] ? -1 : at)).filter((at) => at >= 0);
  if (before.length !== lines.length) console.log(`${before.length} queries in the snapshot, ${lines.length} asked`);
  for (const at of differing.slice(0, 5)) console.log(`differs: ${lines[at]!.slice(0, 200)}`);
  console.log(`${lines.length - differing.length} of ${lines.length} queries give the same hits, scores and evidence`);
  process.exit(differing.length === 0 && before.length === lines.length ? 0 : 1);
}
