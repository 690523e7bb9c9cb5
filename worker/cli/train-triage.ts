/**
 * Trains the triage model and writes the artifact the worker loads.
 *
 *   npm run train:triage [-- --cases a.jsonl,b.jsonl] [--seed 14] [--out worker/src/triage/model.json]
 *
 * Defaults: the shared sets A and B (../shared/kb/triage/) and seed 14. The
 * same cases and seed write the same bytes.
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { train } from '../src/triage/train';
import { CliError, parseCli, runCli } from './args';
import { DEFAULT_TRAINING_FILES, fileList, readAll, REPO_ROOT } from './triage-cases';

const USAGE = 'usage: npm run train:triage -- [--cases <a.jsonl,b.jsonl>] [--seed <n>] [--out <model.json>]';

async function main(): Promise<void> {
  const { values } = parseCli(process.argv.slice(2), { cases: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' } }, USAGE);
  const files = fileList(values.cases, DEFAULT_TRAINING_FILES);
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  if (seed !== undefined && !Number.isInteger(seed)) throw new CliError(`--seed must be a whole number\n\n${USAGE}`);
  const cases = await readAll(files);
  const artifact = train(cases, files, seed === undefined ? {} : { seed });
  const out = values.out ?? 'worker/src/triage/model.json';
  await writeFile(resolve(REPO_ROOT, out), `${JSON.stringify(artifact)}\n`);
  console.log(`trained on ${cases.length} cases from ${files.join(', ')}: ${artifact.indexDeltas.length} features → ${out}`);
}

if (import.meta.url === `file://${process.argv[1]}`) runCli(main);
