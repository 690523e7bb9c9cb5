/**
 * `npx tsx bench/stream-render.ts [--dist dist] [--deltas 200] [--runs 5] [--paces 0,10]`: the browser's
 * cost of one streamed answer. Real Chromium opens the built widget (from `--dist`) on a page
 * of a local server that answers `/v1/config` and streams `/v1/chat` as the worker would:
 * start, sources, then `--deltas` text-delta events of Markdown, each its own network write,
 * at each of `--paces` (0: all at once; 10: one every 10 ms), then finish. It counts the Markdown parses
 * (calls of the renderer's line split) and the main-thread time (CDP TaskDuration, and its
 * ScriptDuration) from Send
 * to the answer's `data-state="done"`, medians of `--runs`, and prints a Markdown table.
 * Issue 16, finding 12 (docs/red-team.md). Not part of `npm test`.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type ServerResponse } from 'node:http';
import { join, resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM } from './host-impact';
import { markdownTable, median, ms } from './stats';
import { freePort } from './wrangler-dev';

const argument = (name: string, fallback: string) => {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && process.argv[index + 1] ? process.argv[index + 1]! : fallback;
};
const DIST = resolve(argument('dist', 'dist'));
const DELTAS = Number(argument('deltas', '200'));
const RUNS = Number(argument('runs', '5'));
/** Milliseconds between deltas, one table row each; 0 writes them all at once. */
const PACES = argument('paces', '0,10').split(',').map(Number);

/** An answer of `count` deltas: a few words each, a list and bold text, ~6 KB, as a model streams it. */
function answerDeltas(count: number): string[] {
  return Array.from({ length: count }, (_, index) => (index % 25 === 0 ? `\n\n${index / 25 + 1}. **Step ${index / 25 + 1}:** open ` : `the settings page and choose option ${index} `));
}

async function serve(response: ServerResponse, deltas: string[], paceMs: number) {
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
  const send = (event: object) => response.write(`data: ${JSON.stringify(event)}\n\n`);
  send({ type: 'start', conversationId: 'c-bench', conversationToken: 't-bench', messageId: 'm-bench' });
  send({ type: 'sources', sources: [{ n: 1, title: 'Settings', url: 'https://docs.example.org/settings', kind: 'doc' }] });
  for (const delta of deltas) {
    send({ type: 'text-delta', delta });
    if (paceMs) await new Promise((done) => setTimeout(done, paceMs));
  }
  send({ type: 'finish', confidence: 'high', mode: 'generated' });
  response.end();
}

async function main() {
  const deltas = answerDeltas(DELTAS);
  let paceMs = 0;
  const port = await freePort();
  const server = createServer(async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://bench').pathname;
    if (path === '/') return response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>bench</title><script src="/widget.js" async></script>');
    if (/^\/widget[\w.-]*\.js$/.test(path)) {
      const code = await readFile(join(DIST, path)).catch(() => undefined);
      return code ? response.writeHead(200, { 'content-type': 'text/javascript' }).end(code) : response.writeHead(404).end();
    }
    if (path === '/v1/config') return response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    if (path === '/v1/chat') return void serve(response, deltas, paceMs);
    response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"code":"not_found","message":"bench"}}');
  });
  server.listen(port, '127.0.0.1');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  const rows: string[][] = [];
  try {
    for (const pace of PACES) {
      paceMs = pace;
      const parses: number[] = [];
      const busy: number[] = [];
      const script: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        const page = await browser.newPage();
        // The renderer splits an answer into lines once per parse, with this one pattern.
        await page.addInitScript(() => {
          const split = String.prototype.split as (this: string, separator: unknown, limit?: number) => string[];
          const counter = globalThis as unknown as { __parses: number };
          counter.__parses = 0;
          String.prototype.split = function (this: string, separator: unknown, limit?: number) {
            if (separator instanceof RegExp && separator.source === '\\r\\n?|\\n') counter.__parses++;
            return split.call(this, separator, limit);
          } as typeof String.prototype.split;
        });
        const cdp = await page.context().newCDPSession(page);
        await cdp.send('Performance.enable');
        await page.goto(`http://127.0.0.1:${port}/`);
        await page.getByRole('button', { name: 'Open chat' }).click();
        await page.getByRole('textbox', { name: 'Message' }).fill('How do I change my settings?');
        // The renderer chunk (where there is one) is in before the answer starts.
        await page.waitForLoadState('networkidle');
        const metrics = async () => {
          const { metrics: list } = await cdp.send('Performance.getMetrics');
          const value = (name: string) => (list.find((metric) => metric.name === name)?.value ?? 0) * 1000;
          return { task: value('TaskDuration'), script: value('ScriptDuration') };
        };
        const before = await metrics();
        await page.evaluate(() => ((globalThis as unknown as { __parses: number }).__parses = 0));
        await page.getByRole('button', { name: 'Send', exact: true }).click();
        await page.locator('[data-role="assistant"][data-state="done"]').waitFor({ timeout: 60_000 });
        const after = await metrics();
        busy.push(after.task - before.task);
        script.push(after.script - before.script);
        parses.push(await page.evaluate(() => (globalThis as unknown as { __parses: number }).__parses));
        const text = await page.locator('[data-role="assistant"]').innerText();
        if (!text.includes(`option ${DELTAS - 1}`)) throw new Error('the answer is missing its last delta');
        await page.close();
      }
      rows.push([pace ? `one every ${pace} ms` : 'all at once', String(median(parses)), ms(median(busy)), ms(median(script))]);
    }
  } finally {
    await browser.close();
    server.close();
  }
  console.log(`${DELTAS} text-delta events, ${deltas.join('').length} characters, ${RUNS} runs each, medians; widget from ${DIST}\n`);
  console.log(markdownTable(['Deltas arrive', 'Markdown parses', 'Main-thread time (all tasks), Send → done', 'of it script'], rows));
}

await main();
