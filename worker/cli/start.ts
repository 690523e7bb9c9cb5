/**
 * `npm start`: build the widget, ingest the demo docs when no index exists
 * yet, check the configuration, and run `wrangler dev` on 127.0.0.1:8787.
 * No accounts, no keys, no network.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { parseConfig, ConfigError } from '../src/config';

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { stdio: 'inherit', env: process.env });
  if (result.status !== 0) {
    console.error(`\n✗ ${command} ${args.join(' ')} failed (exit ${result.status}).`);
    process.exit(result.status ?? 1);
  }
}

function checkNode(): void {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  if (major < 22 || (major === 22 && minor < 12)) {
    console.error(`✗ Node ${process.versions.node} is too old: wrangler needs Node 22.12 or newer (see README).`);
    process.exit(1);
  }
}

/** Vars from wrangler.toml [vars] and .dev.vars, validated before wrangler starts. */
function checkConfig(): void {
  const vars: Record<string, string> = {};
  const toml = readFileSync('wrangler.toml', 'utf8');
  const section = /^\[vars\]\n([\s\S]*?)(?:\n\[|$)/m.exec(toml)?.[1] ?? '';
  for (const match of section.matchAll(/^([A-Z0-9_]+)\s*=\s*"(.*)"\s*$/gm)) vars[match[1]!] = match[2]!;
  if (existsSync('.dev.vars')) {
    for (const match of readFileSync('.dev.vars', 'utf8').matchAll(/^([A-Z0-9_]+)\s*=\s*"?(.*?)"?\s*$/gm)) vars[match[1]!] = match[2]!;
  }
  try {
    parseConfig(vars);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`✗ Configuration error: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
}

checkNode();
checkConfig();
// Builds the widget and, only when no index exists yet, ingests the demo docs.
run('npm', ['run', '--silent', 'build']);
console.log('\nSwitchboard: demo page on http://127.0.0.1:8787/  ·  embed: <script src="http://127.0.0.1:8787/widget.js" async></script>\n');
const wrangler = spawn('npx', ['wrangler', 'dev', ...process.argv.slice(2)], { stdio: 'inherit', env: { ...process.env, WRANGLER_SEND_METRICS: 'false' } });
wrangler.on('exit', (code) => process.exit(code ?? 0));
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => wrangler.kill(signal));
