/**
 * Where the shared Cypress docs KB is: `../shared` beside the repo (CI), or two levels up when
 * the repo is a worktree in a folder of worktrees. Tests skip cleanly when neither exists.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The KB folder (with pages/ and questions.jsonl), or undefined when it is not on this machine. */
export function sharedKb(name = 'cypress-docs'): string | undefined {
  return ['../shared/kb/', '../../shared/kb/']
    .map((relative) => `${ROOT}${relative}${name}/`)
    .find((folder) => existsSync(`${folder}pages`) && existsSync(`${folder}questions.jsonl`));
}

/** A file of the repo, by its path from the repo root. */
export const repoFile = (path: string) => `${ROOT}${path}`;
