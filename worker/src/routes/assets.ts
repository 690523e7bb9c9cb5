import { Hono } from 'hono';
import type { AppEnv } from '../env';

export const assets = new Hono<AppEnv>();

/**
 * The widget's scripts are the only responses other sites may embed, so only
 * they carry `Cross-Origin-Resource-Policy: cross-origin` (and CORS `*`, which a
 * cross-origin dynamic `import()` of the panel chunk needs).
 */
assets.get('/:file{widget[A-Za-z0-9._-]*\\.js}', async (c) => {
  if (!c.env.ASSETS) return c.notFound();
  const response = await c.env.ASSETS.fetch(c.req.raw);
  if (!response.ok) return response;
  const headers = new Headers(response.headers);
  headers.set('cross-origin-resource-policy', 'cross-origin');
  headers.set('access-control-allow-origin', '*');
  headers.set('x-content-type-options', 'nosniff');
  headers.set('cache-control', 'public, max-age=300');
  headers.set('content-type', 'text/javascript; charset=utf-8');
  return new Response(response.body, { status: response.status, headers });
});

/** The local search index is for the worker's own use (via the ASSETS binding), not for the public. */
assets.get('/index/*', (c) => c.notFound());
