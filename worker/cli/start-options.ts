/**
 * The port `npm start` serves on, and what follows from it: the demo page's
 * embed snippet, the demo docs' citation links, the start banner and the
 * origins the demo page calls the API from, and the environment wrangler
 * runs in.
 */
import { CliError } from './args';

export const DEFAULT_PORT = 8787;

/** The port from `--port N` (or `--port=N`), else PORT, else 8787. */
export function resolvePort(argv: readonly string[], env: Record<string, string | undefined>): number {
  let raw: string | undefined = env.PORT || undefined;
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]!;
    if (arg === '--port') raw = argv[index + 1];
    else if (arg.startsWith('--port=')) raw = arg.slice('--port='.length);
  }
  if (raw === undefined) return DEFAULT_PORT;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new CliError(`port "${raw}" is invalid: use a whole number from 1 to 65535, e.g. npm start -- --port 8801 or PORT=8801 npm start.`);
  }
  return port;
}

/** wrangler's own arguments, with the port made explicit. */
export function wranglerArgs(argv: readonly string[], port: number): string[] {
  const rest: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]!;
    if (arg === '--port') index++;
    else if (!arg.startsWith('--port=')) rest.push(arg);
  }
  return ['dev', '--port', String(port), ...rest];
}

export const demoOrigin = (port: number): string => `http://127.0.0.1:${port}`;
export const demoDocsBaseUrl = (port: number): string => `${demoOrigin(port)}/docs/`;

/** The demo page as built, pointed at the port actually served (its script tag and the snippet it shows). */
export function demoPageForPort(html: string, port: number): string {
  return html.replaceAll(demoOrigin(DEFAULT_PORT), demoOrigin(port));
}

/** The port a demo index's citation links were built for, or undefined when they are not the demo's. */
export function demoIndexPort(pageUrls: readonly (string | undefined)[]): number | undefined {
  let port: number | undefined;
  for (const url of pageUrls) {
    const match = /^http:\/\/127\.0\.0\.1:(\d+)\/docs\//.exec(url ?? '');
    if (!match || (port !== undefined && port !== Number(match[1]))) return undefined;
    port = Number(match[1]);
  }
  return port;
}

/**
 * ALLOWED_ORIGINS for the demo on `port`: the configured list plus the
 * demo's own two origins, so the demo page can call its own worker.
 */
export function originsWithDemo(configured: string, port: number): string {
  const origins = configured.split(',').map((origin) => origin.trim()).filter(Boolean);
  for (const origin of [demoOrigin(port), `http://localhost:${port}`]) if (!origins.includes(origin)) origins.push(origin);
  return origins.join(',');
}

/**
 * The environment wrangler runs in: no metrics, and no fetch of
 * workers.cloudflare.com/cf.json (request.cf), which fails offline with
 * getaddrinfo ENOTFOUND and which the worker does not read.
 */
export function wranglerEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' };
}
