/**
 * Prints the configuration table from worker/src/config.ts, so the docs and
 * the parser cannot drift: `npm run docs:config -- --write` updates the table
 * in docs/configuration.md.
 */
import { readFileSync, writeFileSync } from 'node:fs';

export const CONFIG_PAGE = 'docs/configuration.md';
import { VARIABLES } from '../src/config';

export function configTable(): string {
  const rows = Object.values(VARIABLES).map((spec) => {
    const fallback = spec.default === '' ? '(empty)' : `\`${spec.default}\``;
    const secret = 'secret' in spec && spec.secret ? ' **Secret**: `wrangler secret put`.' : '';
    return `| \`${spec.name}\` | ${fallback} | ${spec.effect.replace(/\|/g, '\\|')}${secret} |`;
  });
  return ['| Variable | Default | Effect |', '|---|---|---|', ...rows].join('\n');
}

/** Replace the table between the page's config markers. */
export function writeConfigPage(path: string): void {
  const readme = readFileSync(path, 'utf8');
  const updated = readme.replace(/(<!-- config:start -->\n)[\s\S]*?(<!-- config:end -->)/, `$1${configTable()}\n$2`);
  writeFileSync(path, updated);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv.includes('--write')) writeConfigPage(CONFIG_PAGE);
  else console.log(configTable());
}
