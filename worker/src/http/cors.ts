import { cors } from 'hono/cors';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env';

/**
 * CORS for the public API: only origins listed in ALLOWED_ORIGINS are echoed,
 * never `*`, never `null`; `Vary: Origin` is always set.
 */
export function apiCors(): MiddlewareHandler<AppEnv> {
  const handler = cors({
    origin: (origin, c) => (origin && origin !== 'null' && c.get('config').allowedOrigins.includes(origin) ? origin : null),
    allowMethods: ['GET', 'POST', 'OPTIONS'],
    allowHeaders: ['content-type', 'x-conversation-token'],
    exposeHeaders: ['retry-after', 'x-request-id', 'x-switchboard-protocol'],
    maxAge: 600,
  }) as MiddlewareHandler<AppEnv>;
  return async function apiCorsMiddleware(c, next) {
    await handler(c, next);
    c.header('vary', 'Origin', { append: true });
  };
}
