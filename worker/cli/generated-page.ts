/**
 * Results pages in docs/ are written by the command that measures them
 * (`--write docs/<page>.md`), never by hand: a title, the command that
 * produced them, and the command's Markdown.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { CliError } from './args';

/** The page `--write` names; it must be a Markdown file under docs/. */
export function writeTarget(path: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  if (!/^docs\/[\w./-]+\.md$/.test(path) || path.includes('..')) throw new CliError(`--write takes a Markdown page under docs/, e.g. --write docs/benchmarks.md; got "${path}"`);
  return path;
}

/** The command as a reader would type it again, without its --write. */
export function commandLine(script: string, argv: readonly string[]): string {
  const rest = argv.filter((arg, index) => arg !== '--write' && argv[index - 1] !== '--write' && !arg.startsWith('--write='));
  return rest.length ? `npm run ${script} -- ${rest.join(' ')}` : `npm run ${script}`;
}

export function generatedPage(title: string, command: string, body: string, at = new Date()): string {
  const when = at.toISOString().slice(0, 16).replace('T', ' ');
  return `# ${title}\n\nWritten by \`${command} --write <this page>\` on ${when} UTC; run it again rather than editing this page.\n\n${body.trim()}\n`;
}

export function writeGeneratedPage(path: string, title: string, command: string, body: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, generatedPage(title, command.includes(' -- ') ? command : `${command} --`, body));
  console.error(`wrote ${path}`);
}
