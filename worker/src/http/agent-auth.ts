/**
 * Bearer auth for the agent API: `Authorization: Bearer <AGENT_TOKEN>`,
 * compared in constant time (as SHA-256 digests, so length leaks nothing).
 * A token in the query string is refused even when it is right: URLs end up
 * in logs, histories and Referer headers. No cookies are read or set.
 */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env';
import { AppError } from './errors';
import { hashToken, timingSafeEqual } from '../services/conversation-access';

const CHALLENGE = { 'www-authenticate': 'Bearer realm="switchboard-agent"' };

export function agentAuth(): MiddlewareHandler<AppEnv> {
  return async function requireAgent(c, next) {
    const expected = c.get('config').agentToken;
    if (!expected) throw new AppError(503, 'upstream_unavailable', 'The agent inbox is off: set AGENT_TOKEN (wrangler secret put AGENT_TOKEN).');
    const query = new URL(c.req.url).searchParams;
    const [given, inQuery] = await Promise.all([bearer(c.req.header('authorization')), queryHasToken(query, expected)]);
    if (inQuery) throw new AppError(401, 'unauthorized', 'Send the agent token in the Authorization header, never in the URL.', { headers: CHALLENGE });
    if (!given || !timingSafeEqual(await hashToken(given), await hashToken(expected))) {
      throw new AppError(401, 'unauthorized', 'A valid agent token is required (Authorization: Bearer <AGENT_TOKEN>).', { headers: CHALLENGE });
    }
    c.header('cache-control', 'no-store');
    await next();
  };
}

function bearer(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

async function queryHasToken(query: URLSearchParams, expected: string): Promise<boolean> {
  for (const [name, value] of query) {
    if (/token|auth|key|bearer/i.test(name)) return true;
    if (timingSafeEqual(await hashToken(value), await hashToken(expected))) return true;
  }
  return false;
}
