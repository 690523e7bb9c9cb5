/**
 * The demo's static content, after `vite build`: the Lumen docs rendered to
 * dist/docs/ (so citation links open a page), and the local index of those
 * docs when no index exists yet. An index from `npm run ingest` of your own
 * docs is never overwritten.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { INDEX_FORMAT, INDEX_FORMAT_VERSION } from '../src/retrieval/search-index';
import { renderDocs } from './render-docs';
import { demoDocsBaseUrl, demoIndexPort, demoPageForPort, resolvePort } from './start-options';

const INDEX = 'dist/index/docs.json';

/** The port `npm start` serves on (it passes DEMO_PORT); 8787 for a plain `npm run build`. */
const port = resolvePort([], { PORT: process.env.DEMO_PORT });

/** 'ok', 'missing', or why the existing index can't be served by this version on this port. */
function indexState(): 'ok' | 'missing' | 'stale' | 'stale-own' | 'other-port' {
  if (!existsSync(INDEX)) return 'missing';
  try {
    const header = JSON.parse(readFileSync(INDEX, 'utf8')) as { format?: string; version?: number; pages?: { url?: string }[] };
    const demoPort = demoIndexPort(header.pages?.map((page) => page.url) ?? []);
    if (header.format !== INDEX_FORMAT || header.version !== INDEX_FORMAT_VERSION) return demoPort === undefined ? 'stale-own' : 'stale';
    return demoPort === undefined || demoPort === port ? 'ok' : 'other-port';
  } catch {
    return 'stale';
  }
}

const demoIngest = (servedOn: number): string[] => ['examples/docs', '--base-url', demoDocsBaseUrl(servedOn), '--product', 'lumen', '--tickets', 'examples/tickets.jsonl'];

const pages = await renderDocs('examples/docs', 'dist/docs');
console.log(`rendered ${pages} demo docs pages into dist/docs`);
if (existsSync('dist/index.html')) writeFileSync('dist/index.html', demoPageForPort(readFileSync('dist/index.html', 'utf8'), port));
const state = indexState();
if (state === 'stale-own') {
  console.error(`✗ ${INDEX} was built from your docs by an older version and cannot be read: run npm run ingest -- <your docs folder> again.`);
  process.exit(1);
}
if (state === 'ok') {
  console.log(`local index: ${INDEX} exists, kept (rebuild it with npm run ingest -- <folder>)`);
} else {
  // A stale index cannot be read by this version; the demo's is rebuilt, and yours needs `npm run ingest` again.
  console.log(
    state === 'missing'
      ? 'No local index yet: ingesting the demo docs (examples/docs).'
      : state === 'other-port'
        ? `The demo index links to another port: rebuilding it for port ${port}.`
        : `${INDEX} was built by an older version: rebuilding the demo index (re-run npm run ingest for your own docs).`,
  );
  const result = spawnSync('npx', ['tsx', 'worker/cli/ingest.ts', ...demoIngest(port)], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
