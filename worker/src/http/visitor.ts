import type { Context } from 'hono';
import type { AppEnv } from '../env';
import { AppError } from './errors';
import type { RateLimiter } from '../ports';
import { MESSAGES } from '../services/messages';
import { verifyIdentityToken } from '../services/identity';
import type { VerifiedCustomer } from '../ports';

/**
 * The visitor's network address as Cloudflare saw it. Never X-Forwarded-For:
 * anyone can write that header.
 */
export function clientIp(c: Context<AppEnv>): string {
  return c.req.header('cf-connecting-ip') ?? 'local';
}

/** Throws 429 with Retry-After unless every limiter lets `key` through. */
export async function enforceLimits(checks: [RateLimiter, string][], message: string = MESSAGES.rateLimited): Promise<void> {
  for (const [limiter, key] of checks) {
    const result = await limiter.limit(key);
    if (!result.success) {
      const seconds = Math.max(1, Math.ceil((result.reset - Date.now()) / 1000));
      throw new AppError(429, 'rate_limited', message, { headers: { 'retry-after': String(seconds) } });
    }
  }
}

/** A customer only from a valid signed token; anything else is an anonymous visitor. */
export async function verifiedCustomer(c: Context<AppEnv>, token: string | undefined): Promise<VerifiedCustomer | undefined> {
  const config = c.get('config');
  const secret = config.identitySecret;
  if (!token || !secret) return undefined;
  const result = await verifyIdentityToken(token, secret, {
    maxAgeSeconds: config.identityMaxAgeSeconds,
    audience: config.identityAudience || config.publicUrl || undefined,
  });
  if (!result.verified) {
    c.get('dependencies').log(`identity token rejected: ${result.reason}`);
    return undefined;
  }
  return result.customer;
}
