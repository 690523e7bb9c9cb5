/**
 * Serves the host pages of e2e tests on an origin different from the worker's,
 * the way a customer's site embeds the widget. `{{WORKER}}` in a page is
 * replaced by the worker origin under test; `?csp=strict` adds a strict CSP
 * (no unsafe-inline, no unsafe-eval), `?csp=nonce` one that allows nonced styles only.
 */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { join } from 'node:path';

const pagesDir = join(import.meta.dirname, 'pages');

export function startHostServer(port: number) {
  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://host');
    const name = url.pathname === '/' ? 'basic.html' : url.pathname.slice(1);
    if (!/^[a-z0-9-]+\.html$/.test(name)) {
      response.writeHead(404).end('not found');
      return;
    }
    const worker = url.searchParams.get('worker') ?? 'http://127.0.0.1:8788';
    let html: string;
    try {
      html = await readFile(join(pagesDir, name), 'utf8');
    } catch {
      response.writeHead(404).end('not found');
      return;
    }
    const headers: Record<string, string> = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' };
    if (url.searchParams.get('csp') === 'strict') {
      headers['content-security-policy'] = `default-src 'none'; script-src ${worker}; connect-src ${worker}; img-src 'self'; style-src 'self'`;
    }
    // An older setup: styles only with the page's nonce (the widget's data-nonce), for browsers without adoptedStyleSheets.
    if (url.searchParams.get('csp') === 'nonce') {
      headers['content-security-policy'] = `default-src 'none'; script-src ${worker}; connect-src ${worker}; style-src 'nonce-e2e-nonce'`;
    }
    response.writeHead(200, headers).end(html.replaceAll('{{WORKER}}', worker));
  });
  server.listen(port, '127.0.0.1');
  return server;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const port = Number(process.env.PORT ?? 8792);
  startHostServer(port);
  console.log(`host pages on http://127.0.0.1:${port}`);
}
