/**
 * Reading labelled triage cases (../shared/kb/triage/GUIDE.md's JSONL format)
 * and finding the shared data beside the repository.
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TriageCase } from '../src/triage/train';
import { CliError } from './args';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The shared sets the committed model is trained on: ../shared beside the repository. */
export const DEFAULT_TRAINING_FILES = ['../shared/kb/triage/set-a.jsonl', '../shared/kb/triage/set-b.jsonl'];

/**
 * Where ../shared is: beside the repository, or SWITCHBOARD_SHARED when the
 * checkout sits elsewhere (a git worktree).
 */
export const SHARED_DIR = process.env.SWITCHBOARD_SHARED ?? resolve(REPO_ROOT, '../shared');

/** A path as given, with a leading ../shared/ read from SHARED_DIR. */
export const casePath = (path: string): string => (path.startsWith('../shared/') ? resolve(SHARED_DIR, path.slice('../shared/'.length)) : resolve(REPO_ROOT, path));

export async function readTriageCases(path: string): Promise<TriageCase[]> {
  const text = await readFile(casePath(path), 'utf8').catch(() => {
    throw new CliError(`cases file not found: ${path}`);
  });
  return text
    .split('\n')
    .filter((line) => line.trim())
    .map((line, index) => {
      try {
        return JSON.parse(line) as TriageCase;
      } catch {
        throw new CliError(`${path}:${index + 1} is not valid JSON`);
      }
    });
}

export async function readAll(paths: string[]): Promise<TriageCase[]> {
  return (await Promise.all(paths.map(readTriageCases))).flat();
}

export const fileList = (value: string | undefined, fallback: string[]): string[] => (value ? value.split(',').map((path) => path.trim()).filter(Boolean) : fallback);
