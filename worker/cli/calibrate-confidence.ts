/**
 * Fits the answer-confidence model (worker/src/services/confidence-model.json) on one half of a
 * labelled question set: each question is answered as the service answers it without a model,
 * labelled right when the excerpt quotes a gold page, and its retrieval features are kept.
 * The other half, and every other set, stay for reporting (`npm run eval:retrieval`).
 *
 *   npm run calibrate:confidence -- --kb <pages dir> --questions <file.jsonl> [--half even|odd] [--out <model.json>]
 */
import { writeFileSync } from 'node:fs';
import { LocalRetriever } from '../src/adapters/local-retriever';
import { buildIndex, loadIndex, serializeIndex } from '../src/retrieval/search-index';
import { FEATURE_NAMES } from '../src/services/confidence-features';
import type { ConfidenceModel } from '../src/services/confidence';
import { CliError, parseCli, runCli } from './args';
import { readDocsFolder } from './docs-folder';
import { answerLike } from './eval-answers';
import { isEven, readQuestions } from './eval-retrieval';
import { chooseCuts, fitLogistic, type Sample } from './confidence-fit';

const USAGE = 'usage: npm run calibrate:confidence -- --kb <pages dir> --questions <file.jsonl> [--half even|odd] [--out <model.json>]';
const MODEL_FILE = 'worker/src/services/confidence-model.json';

async function main() {
  const { values } = parseCli(process.argv.slice(2), { kb: { type: 'string' }, questions: { type: 'string' }, half: { type: 'string' }, out: { type: 'string' } }, USAGE);
  if (!values.kb || !values.questions) throw new CliError(USAGE);
  const half = values.half ?? 'even';
  if (half !== 'even' && half !== 'odd') throw new CliError('--half must be even or odd');
  const folder = await readDocsFolder(values.kb);
  const retriever = new LocalRetriever({ docs: loadIndex(serializeIndex(buildIndex(folder.chunks, 'docs', { anchors: folder.anchors, semantic: {} }))) });
  const questions = (await readQuestions(values.questions)).filter((question, position) => isEven(question, position) === (half === 'even'));
  if (questions.length === 0) throw new CliError(`no ${half} questions in ${values.questions}`);
  const samples: Sample[] = [];
  for (const question of questions) {
    const answered = await answerLike(retriever, question.question);
    samples.push({ features: answered.features, right: answered.wouldQuote.some((page) => question.gold.includes(page)) });
  }
  const fitted = fitLogistic(samples);
  const model: ConfidenceModel = {
    features: [...FEATURE_NAMES],
    ...fitted,
    cuts: chooseCuts(samples, fitted),
    calibratedOn: `${half} ids of ${values.questions.split('/').slice(-2).join('/')} (${questions.length} questions, ${samples.filter((sample) => sample.right).length} answered right)`,
  };
  writeFileSync(values.out ?? MODEL_FILE, `${JSON.stringify(model, null, 1)}\n`);
  console.log(JSON.stringify({ n: samples.length, right: samples.filter((sample) => sample.right).length, cuts: model.cuts, weights: Object.fromEntries(FEATURE_NAMES.map((name, position) => [name, model.weights[position]])) }));
}

if (import.meta.url === `file://${process.argv[1]}`) runCli(main);
