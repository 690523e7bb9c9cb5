/**
 * Trains the triage model and writes the artifact the worker loads.
 *
 *   npm run train:triage [-- --cases a.jsonl,b.jsonl] [--seed 14] [--min-cases 6] [--out worker/src/triage/model.json]
 *
 * Defaults: the training files of triage-cases.ts, seed 14, and features kept
 * when seen in 4 cases (train.ts). The same cases and settings write the same bytes.
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DEFAULT_TRAIN_OPTIONS, train } from '../src/triage/train';
import { CliError, parseCli, runCli } from './args';
import { DEFAULT_TRAINING_FILES, fileList, minCasesOption, readAll, REPO_ROOT } from './triage-cases';

const USAGE = 'usage: npm run train:triage -- [--cases <a.jsonl,b.jsonl>] [--seed <n>] [--min-cases <n>] [--out <model.json>]';

async function main(): Promise<void> {
  const { values } = parseCli(process.argv.slice(2), { cases: { type: 'string' }, seed: { type: 'string' }, 'min-cases': { type: 'string' }, out: { type: 'string' } }, USAGE);
  const files = fileList(values.cases, DEFAULT_TRAINING_FILES);
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  if (seed !== undefined && !Number.isInteger(seed)) throw new CliError(`--seed must be a whole number\n\n${USAGE}`);
  const cases = await readAll(files);
  const minCases = minCasesOption(values['min-cases'], USAGE);
  const artifact = train(cases, files, { seed: seed ?? DEFAULT_TRAIN_OPTIONS.seed, minCases });
  const out = values.out ?? 'worker/src/triage/model.json';
  await writeFile(resolve(REPO_ROOT, out), `${JSON.stringify(artifact)}\n`);
  const kilobytes = (gzipSync(JSON.stringify(artifact)).length / 1024).toFixed(1);
  console.log(`trained on ${cases.length} cases from ${files.join(', ')}: ${artifact.indexDeltas.length} features (min-cases ${minCases}), ${kilobytes} KB gzipped → ${out}`);
}

if (import.meta.url === `file://${process.argv[1]}`) runCli(main);
