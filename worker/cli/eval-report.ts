/**
 * `--write <docs file>` for the eval commands: the run's command and JSON line, kept in a docs
 * file between markers named after the command and its arguments, so re-running replaces the
 * line instead of piling up copies.
 */
import { readFile, writeFile } from 'node:fs/promises';

export async function writeResult(file: string, command: string, argv: string[], summary: object): Promise<void> {
  const invocation = `npm run ${command} -- ${argv.filter((_arg, position) => argv[position] !== '--write' && argv[position - 1] !== '--write').join(' ')}`;
  const start = `<!-- ${invocation} -->`;
  const block = `${start}\n\`${invocation}\`\n\n\`\`\`json\n${JSON.stringify(summary)}\n\`\`\`\n<!-- end -->`;
  const current = await readFile(file, 'utf8').catch(() => '');
  const at = current.indexOf(start);
  const next = at < 0 ? `${current}${current && !current.endsWith('\n') ? '\n' : ''}\n${block}\n` : current.slice(0, at) + block + current.slice(current.indexOf('<!-- end -->', at) + '<!-- end -->'.length);
  await writeFile(file, next);
}
