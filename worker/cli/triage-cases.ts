/**
 * Reading labelled triage cases (../shared/kb/triage/GUIDE.md's JSONL format),
 * finding the shared data beside the repository, and what eval:triage and
 * eval:escalation both derive from a case.
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Confidence } from '../../shared/protocol';
import { LocalRetriever } from '../src/adapters/local-retriever';
import { buildIndex } from '../src/retrieval/search-index';
import { estimateConfidence } from '../src/services/confidence';
import { withinReachOfBest } from '../src/services/answering';
import type { HistoryTurn } from '../src/services/escalation-signals';
import { DEFAULT_TRAIN_OPTIONS, type TriageCase } from '../src/triage/train';
import { CliError } from './args';
import { readDocsFolder } from './docs-folder';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The cases the committed model is trained on: the shared sets (../shared beside the repository) and our own blind-written sets. triage-r, -s, -y, -ad, -ae, -ah, -ak, -ao and -ap.jsonl are held out: never trained or tuned on (docs/triage.md). */
export const DEFAULT_TRAINING_FILES = [
  '../shared/kb/triage/set-a.jsonl',
  '../shared/kb/triage/set-b.jsonl',
  ...['c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 'p', 'q', 't', 'u', 'v', 'w', 'x', 'aa', 'z', 'zz', 'ab', 'ac', 'af', 'ag', 'ai', 'aj', 'al', 'am', 'an'].map((set) => `eval/triage/triage-${set}.jsonl`),
];

/**
 * Where ../shared is: beside the repository, or SWITCHBOARD_SHARED when the
 * checkout sits elsewhere (a git worktree).
 */
export const SHARED_DIR = process.env.SWITCHBOARD_SHARED ?? resolve(REPO_ROOT, '../shared');

/** A path as given, with a leading ../shared/ read from SHARED_DIR. */
export const casePath = (path: string): string => (path.startsWith('../shared/') ? resolve(SHARED_DIR, path.slice('../shared/'.length)) : resolve(REPO_ROOT, path));

/** One JSON object a line, blank lines skipped; a bad line is named by its number. */
export async function readCaseFile<Case = TriageCase>(path: string): Promise<Case[]> {
  const text = await readFile(casePath(path), 'utf8').catch(() => {
    throw new CliError(`cases file not found: ${path}`);
  });
  return text
    .split('\n')
    .filter((line) => line.trim())
    .map((line, index) => {
      try {
        return JSON.parse(line) as Case;
      } catch {
        throw new CliError(`${path}:${index + 1} is not valid JSON`);
      }
    });
}

export async function readAll(paths: string[]): Promise<TriageCase[]> {
  return (await Promise.all(paths.map((path) => readCaseFile(path)))).flat();
}

/**
 * --min-cases: how many training cases a hashed feature must occur in to be kept (train.ts's minCases). Given where no
 * model is trained (`training` false: eval:triage without --train), it would change nothing, so it is refused.
 */
export function minCasesOption(value: string | undefined, usage: string, training = true): number {
  if (value !== undefined && !training) throw new CliError(`--min-cases applies to a model trained with --train\n\n${usage}`);
  if (value === undefined) return DEFAULT_TRAIN_OPTIONS.minCases;
  const minCases = Number(value);
  if (!Number.isInteger(minCases) || minCases < 1) throw new CliError(`--min-cases must be a whole number of at least 1\n\n${usage}`);
  return minCases;
}

export const fileList = (value: string | undefined, fallback: string[]): string[] => (value ? value.split(',').map((path) => path.trim()).filter(Boolean) : fallback);

/** The fields of a case both evals read. */
export type LabelledTurn = Pick<TriageCase, 'history' | 'customer' | 'startedMinutesAgo'>;

/** A case's history as timed turns: spread over `startedMinutesAgo`, else a minute apart. */
export function historyOf(testCase: LabelledTurn, now: number): HistoryTurn[] {
  const count = testCase.history.length;
  const span = (testCase.startedMinutesAgo ?? count) * 60_000;
  return testCase.history.map((turn, index) => ({ role: turn.role, text: turn.content, at: now - span + (index * span) / Math.max(count, 1) }));
}

export function customerOf(testCase: LabelledTurn) {
  return testCase.customer && {
    verified: testCase.customer.verified,
    ...(testCase.customer.plan ? { plan: testCase.customer.plan } : {}),
    ...(testCase.customer.highValue ? { valueTier: 'high' } : {}),
  };
}

export type ConfidenceOf = (question: string) => Promise<Confidence>;

/** Retrieval confidence per question from a docs folder's index; without one, every case is `medium`. */
export async function confidenceSource(kb: string | undefined): Promise<ConfidenceOf> {
  if (!kb) return async () => 'medium';
  const folder = await readDocsFolder(kb, { productFromPath: true });
  const retriever = new LocalRetriever({ docs: buildIndex(folder.chunks, 'docs') });
  // As the answering service judges it: the calibrated estimate on the hits the answer would number.
  return async (question) => estimateConfidence(question, withinReachOfBest(await retriever.search({ text: question, collection: 'docs', topK: 5 }))).confidence;
}
