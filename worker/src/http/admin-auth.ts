/**
 * Bearer-token guard for the admin API. The token only ever travels in the
 * Authorization header: a token in the query string (which ends up in logs and
 * browser history) is refused even when it is right. Both sides are hashed
 * before a constant-time compare, so neither content nor length leaks through timing.
 */
import type { MiddlewareHandler } from 'hono';
import type { Config } from '../config';
import type { AppEnv } from '../env';
import { hashToken, timingSafeEqual } from '../services/conversation-access';
import { AppError } from './errors';

export interface BearerGuardOptions {
  /** Which configured token guards this route. */
  token: (config: Config) => string;
  /** Name of the variable, for the "turned off" message. */
  variable: string;
  realm: string;
}

const QUERY_CREDENTIALS = /^(?:token|access_token|admin_token|auth|authorization|key|api_key|bearer)$/i;

export async function tokensMatch(given: string, expected: string): Promise<boolean> {
  const [left, right] = await Promise.all([hashToken(given), hashToken(expected)]);
  return timingSafeEqual(left, right);
}

export function bearerGuard(options: BearerGuardOptions): MiddlewareHandler<AppEnv> {
  const challenge = { 'www-authenticate': `Bearer realm="${options.realm}"` };
  return async function bearerGuard(c, next) {
    const expected = options.token(c.get('config'));
    if (!expected) throw new AppError(404, 'not_found', `This page is turned off: set ${options.variable} to turn it on.`);
    const query = new URL(c.req.url).searchParams;
    if ([...query.keys()].some((name) => QUERY_CREDENTIALS.test(name))) {
      throw new AppError(401, 'unauthorized', 'Send the token in the Authorization header, never in the URL.', { headers: challenge });
    }
    const match = /^Bearer ([^\s]{1,512})$/.exec(c.req.header('authorization') ?? '');
    if (!match || !(await tokensMatch(match[1]!, expected))) {
      throw new AppError(401, 'unauthorized', 'A valid admin token is required.', { headers: challenge });
    }
    c.header('cache-control', 'no-store');
    await next();
  };
}
