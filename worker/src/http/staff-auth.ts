/**
 * Bearer-token guard for the staff APIs (/admin/api, /agent/api). The token
 * only ever travels in the Authorization header: a token in the URL (which ends
 * up in logs, histories and Referer headers) is refused even when it is right.
 * Both sides are hashed before a constant-time compare, so neither content nor
 * length leaks through timing. No cookies are read or set.
 */
import type { MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ErrorCode } from '../../../shared/protocol';
import type { Config } from '../config';
import type { AppEnv } from '../env';
import { hashToken, timingSafeEqual } from '../domain/tokens';
import { AppError } from './errors';
import { clientIp, enforceLimits } from './visitor';

export interface BearerGuardOptions {
  /** Which configured token guards these routes. */
  token: (config: Config) => string;
  /** Name of the variable, for messages. */
  variable: string;
  realm: string;
  /** What to answer while the token is not configured (the feature is off). */
  whenOff: { status: ContentfulStatusCode; code: ErrorCode };
}

const QUERY_CREDENTIALS = /token|auth|key|bearer|secret|password/i;

export async function tokensMatch(given: string, expected: string): Promise<boolean> {
  const [left, right] = await Promise.all([hashToken(given), hashToken(expected)]);
  return timingSafeEqual(left, right);
}

/** More query parameters than any staff page sends: refused before any is looked at. */
export const MAX_STAFF_QUERY_PARAMETERS = 32;
/** Staff tokens are 24+ characters; a shorter value cannot be one and is not hashed. */
const MIN_TOKEN_CHARS = 16;

async function urlCarriesToken(query: URLSearchParams, expected: string): Promise<boolean> {
  for (const [name, value] of query) {
    if (QUERY_CREDENTIALS.test(name)) return true;
    if (value.length >= MIN_TOKEN_CHARS && value.length <= 512 && (await tokensMatch(value, expected))) return true;
  }
  return false;
}

/**
 * @example
 * admin.use('/api/*', bearerGuard({ token: (config) => config.adminToken, variable: 'ADMIN_TOKEN', realm: 'switchboard-admin', whenOff: { status: 404, code: 'not_found' } }));
 */
export function bearerGuard(options: BearerGuardOptions): MiddlewareHandler<AppEnv> {
  const challenge = { 'www-authenticate': `Bearer realm="${options.realm}"` };
  return async function bearerGuard(c, next) {
    const expected = options.token(c.get('config'));
    if (!expected) {
      throw new AppError(options.whenOff.status, options.whenOff.code, `This is turned off: set ${options.variable} to turn it on (wrangler secret put ${options.variable}).`);
    }
    const query = new URL(c.req.url).searchParams;
    if ([...query.keys()].length > MAX_STAFF_QUERY_PARAMETERS) {
      throw new AppError(400, 'bad_request', `Invalid request: at most ${MAX_STAFF_QUERY_PARAMETERS} query parameters.`);
    }
    if (await urlCarriesToken(query, expected)) {
      throw new AppError(401, 'unauthorized', 'Send the token in the Authorization header, never in the URL.', { headers: challenge });
    }
    const given = /^Bearer\s+(\S{1,512})\s*$/i.exec(c.req.header('authorization') ?? '')?.[1];
    if (!given || !(await tokensMatch(given, expected))) {
      // Failed attempts per address are limited: guessing pays, and past the limit it is a 429.
      await enforceLimits([[c.get('dependencies').limits.staffAuth, clientIp(c)]], 'Too many failed sign-ins from this network. Please wait a minute.');
      throw new AppError(401, 'unauthorized', `A valid token is required (Authorization: Bearer <${options.variable}>).`, { headers: challenge });
    }
    c.header('cache-control', 'no-store');
    await next();
  };
}
