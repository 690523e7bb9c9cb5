import { cors } from 'hono/cors';
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env';

/** Origins already logged as refused by this isolate; bounded so a scan cannot grow it. */
const refusedLogged = new Set<string>();
const REFUSED_LOG_LIMIT = 100;

/** The site owner's clue for a widget that cannot reach its worker: once per origin per isolate. */
export function logRefusedOrigin(c: Context<AppEnv>, origin: string): void {
  if (refusedLogged.has(origin) || refusedLogged.size >= REFUSED_LOG_LIMIT) return;
  refusedLogged.add(origin);
  c.get('dependencies').log(`origin ${origin} refused: it is not in ALLOWED_ORIGINS; add it there (comma-separated) to embed the widget on that site`);
}

export const isAllowedOrigin = (c: Context<AppEnv>, origin: string | undefined): origin is string =>
  Boolean(origin && origin !== 'null' && c.get('config').allowedOrigins.includes(origin));

/**
 * CORS for the public API: only origins listed in ALLOWED_ORIGINS are echoed,
 * never `*`, never `null`. With an origin function, hono adds `Vary: Origin`
 * to every response, allowed or not. A refused origin is logged once.
 */
export function apiCors(): MiddlewareHandler<AppEnv> {
  return cors({
    origin: (origin, c) => {
      if (isAllowedOrigin(c, origin)) return origin;
      if (origin && origin !== 'null') logRefusedOrigin(c, origin);
      return null;
    },
    allowMethods: ['GET', 'POST', 'OPTIONS'],
    allowHeaders: ['content-type', 'x-conversation-token', 'x-switchboard-protocol'],
    exposeHeaders: ['retry-after', 'x-request-id', 'x-switchboard-protocol'],
    maxAge: 600,
  }) as MiddlewareHandler<AppEnv>;
}
