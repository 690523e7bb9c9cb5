import type { Context } from 'hono';
import type { AppEnv } from '../env';
import { AppError } from './errors';
import type { RateLimiter, RateLimitResult } from '../ports';

/**
 * The visitor's network address as Cloudflare saw it, as a rate-limit key. Never
 * X-Forwarded-For: anyone can write that header. On Cloudflare, CF-Connecting-IP is
 * set by the edge and overwrites a client's; under `wrangler dev` it is passed through
 * (docs/red-team.md). An IPv6 address counts as its /64: one client holds billions.
 */
export function clientIp(c: Context<AppEnv>): string {
  const address = c.req.header('cf-connecting-ip')?.trim();
  return address ? addressKey(address) : 'local';
}

/** IPv4 as it is; IPv6 as its /64 prefix (`2001:db8:1:2::/64`), however it is written. */
export function addressKey(address: string): string {
  if (!address.includes(':')) return address;
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped) return mapped[1]!;
  const [head = '', tail = ''] = address.toLowerCase().replace(/%.*$/, '').split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  // An embedded IPv4 tail (::ffff:1.2.3.4) takes two groups.
  const groups = address.includes('::') ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right] : left;
  if (groups.length < 4 || groups.slice(0, 4).some((group) => !/^[0-9a-f]{1,4}$/.test(group))) return address;
  return `${groups.slice(0, 4).map((group) => group.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

/** Throws 429 with Retry-After and `message` (the route's words for the visitor) unless every limiter lets `key` through. */
export async function enforceLimits(checks: [RateLimiter, string][], message: string): Promise<RateLimitResult[]> {
  const results: RateLimitResult[] = [];
  for (const [limiter, key] of checks) {
    const result = await limiter.limit(key);
    if (!result.success) throw rateLimited(result, message);
    results.push(result);
  }
  return results;
}

/**
 * The site-wide chat limit. When the site's minute is spent, an address sending its first message in this
 * window (its `network` result shows one use) draws on `siteReserve`, which the busy addresses cannot reach.
 */
export async function enforceSiteLimit(site: RateLimiter, reserve: RateLimiter, network: RateLimitResult, message: string): Promise<void> {
  const result = await site.limit('site');
  if (result.success) return;
  const firstFromAddress = network.remaining === network.limit - 1;
  if (firstFromAddress && (await reserve.limit('site')).success) return;
  throw rateLimited(result, message);
}

function rateLimited(result: RateLimitResult, message: string): AppError {
  const seconds = Math.max(1, Math.ceil((result.reset - Date.now()) / 1000));
  return new AppError(429, 'rate_limited', message, { headers: { 'retry-after': String(seconds) } });
}
