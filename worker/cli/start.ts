/**
 * `npm start`: build the widget, ingest the demo docs when no index exists
 * yet, check the configuration, and run `wrangler dev` on 127.0.0.1 at the
 * port from `--port` or PORT (8787 by default). No accounts, no keys, no network.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { parseConfig, ConfigError } from '../src/config';
import { CliError } from './args';
import { startLocalStore } from './local-store';
import { DEFAULT_PORT, demoOrigin, originsWithDemo, resolvePort, wranglerArgs, wranglerEnv } from './start-options';

function run(command: string, args: string[], env: NodeJS.ProcessEnv): void {
  const result = spawnSync(command, args, { stdio: 'inherit', env });
  if (result.status !== 0) {
    console.error(`\n✗ ${command} ${args.join(' ')} failed (exit ${result.status}).`);
    process.exit(result.status ?? 1);
  }
}

function checkNode(): void {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  if (major < 22 || (major === 22 && minor < 12)) {
    // npm scripts run under the Node pinned in devDependencies (node_modules/.bin/node).
    console.error(`✗ Node ${process.versions.node} is too old: wrangler needs Node 22.12 or newer. Run it as npm start, which uses the Node that npm install put in node_modules.`);
    process.exit(1);
  }
}

/** Vars from wrangler.toml [vars] and .dev.vars, validated before wrangler starts. */
function checkConfig(): Record<string, string> {
  const vars: Record<string, string> = {};
  const toml = readFileSync('wrangler.toml', 'utf8');
  const section = /^\[vars\]\n([\s\S]*?)(?:\n\[|$)/m.exec(toml)?.[1] ?? '';
  for (const match of section.matchAll(/^([A-Z0-9_]+)\s*=\s*"(.*)"\s*$/gm)) vars[match[1]!] = match[2]!;
  if (existsSync('.dev.vars')) {
    for (const match of readFileSync('.dev.vars', 'utf8').matchAll(/^([A-Z0-9_]+)\s*=\s*"?(.*?)"?\s*$/gm)) vars[match[1]!] = match[2]!;
  }
  try {
    parseConfig(vars);
    return vars;
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`✗ Configuration error: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
}

checkNode();
let port: number;
try {
  port = resolvePort(process.argv.slice(2), process.env);
} catch (error) {
  if (!(error instanceof CliError)) throw error;
  console.error(`✗ ${error.message}`);
  process.exit(2);
}
const vars = checkConfig();
const env = wranglerEnv({ ...process.env, DEMO_PORT: String(port) });
// Builds the widget and, only when no demo index for this port exists yet, ingests the demo docs.
run('npm', ['run', '--silent', 'build'], env);
const args = wranglerArgs(process.argv.slice(2), port);
// The demo page calls its own worker; on another port its origin joins ALLOWED_ORIGINS for this run.
if (port !== DEFAULT_PORT) args.push('--var', `ALLOWED_ORIGINS:${originsWithDemo(vars.ALLOWED_ORIGINS ?? '', port)}`);
// A newcomer's first restart keeps their test handoff: local Redis on disk when redis-server is installed.
const store = await startLocalStore({ ...vars, ...process.env });
const origin = demoOrigin(port);
console.log(`\nSwitchboard: demo page on ${origin}/  ·  embed: <script src="${origin}/widget.js" async></script>\n${store.describe}\n`);
const wrangler = spawn('npx', ['wrangler', ...args, ...store.args], { stdio: 'inherit', env });
wrangler.on('exit', (code) => void store.stop().finally(() => process.exit(code ?? 0)));
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => wrangler.kill(signal));
