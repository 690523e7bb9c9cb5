/**
 * Two copies of one ordinary host page for the Lighthouse comparison:
 * /plain.html without the widget and /widget.html with the embed snippet a
 * site owner pastes, loading from `workerOrigin`. Nothing else differs.
 */
import { createServer, type Server } from 'node:http';

function page(snippet: string): string {
  const paragraphs = Array.from(
    { length: 8 },
    (_, index) =>
      `<h2>Section ${index + 1}</h2><p>Acme ships widgets to teams of every size. This paragraph stands for the ordinary text of a product page: a few sentences about plans, delivery, returns and support, long enough to wrap across several lines at desktop width so the page has a real layout to shift.</p>`,
  ).join('\n');
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Acme: a host page</title>
    <style>body { font: 16px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 46rem; padding: 1rem; } header { padding: 2rem 0; border-bottom: 1px solid #ddd; }</style>
  </head>
  <body>
    <header><h1>Acme customer site</h1><p>The same page, with and without the support widget.</p></header>
    <main>
${paragraphs}
    </main>
    ${snippet}
  </body>
</html>
`;
}

export interface HostPages {
  origin: string;
  plain: string;
  widget: string;
  close(): Promise<void>;
}

export async function startHostPages(port: number, workerOrigin: string): Promise<HostPages> {
  const bodies: Record<string, string> = {
    '/plain.html': page(''),
    '/widget.html': page(`<script src="${workerOrigin}/widget.js" async data-title="Acme Help"></script>`),
  };
  const server: Server = createServer((request, response) => {
    const body = bodies[new URL(request.url ?? '/', 'http://host').pathname];
    if (!body) {
      response.writeHead(404).end('not found');
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    plain: `${origin}/plain.html`,
    widget: `${origin}/widget.html`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
