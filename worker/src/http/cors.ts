import { cors } from 'hono/cors';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env';

/**
 * CORS for the public API: only origins listed in ALLOWED_ORIGINS are echoed,
 * never `*`, never `null`. With an origin function, hono adds `Vary: Origin`
 * to every response, allowed or not.
 */
export function apiCors(): MiddlewareHandler<AppEnv> {
  return cors({
    origin: (origin, c) => (origin && origin !== 'null' && c.get('config').allowedOrigins.includes(origin) ? origin : null),
    allowMethods: ['GET', 'POST', 'OPTIONS'],
    allowHeaders: ['content-type', 'x-conversation-token', 'x-switchboard-protocol'],
    exposeHeaders: ['retry-after', 'x-request-id', 'x-switchboard-protocol'],
    maxAge: 600,
  }) as MiddlewareHandler<AppEnv>;
}
