/**
 * Verified visitor identity: an HS256 JWT signed by the site owner's backend with
 * IDENTITY_SECRET and passed as `data-user-token` or `Switchboard.identify(token)`.
 * Only claims from a token that verifies become facts about the customer.
 *
 * Web Crypto only (Workers runtime); `crypto.subtle.verify` compares in constant time.
 */
import type { VerifiedCustomer as Customer } from '../ports';

/** The claims the site owner may sign. `sub` (or `id`) and `exp` are required. */
export interface IdentityClaims {
  sub?: string;
  id?: string;
  name?: string;
  email?: string;
  plan?: string;
  /** e.g. "standard", "high", "enterprise". */
  valueTier?: string;
  product?: string;
  internal?: boolean;
  /** Expiry, seconds since the epoch. */
  exp: number;
  /** Not before, seconds since the epoch. */
  nbf?: number;
  iat?: number;
  /** Optional; when present it must name this deployment (IDENTITY_AUDIENCE, else PUBLIC_URL). */
  aud?: string | string[];
}

/** ports.VerifiedCustomer, marked verified, with `internal` always set. */
export interface VerifiedCustomer extends Customer {
  verified: true;
  internal: boolean;
}

export type IdentityFailure =
  | 'missing-secret'
  | 'malformed'
  | 'unsupported-alg'
  | 'bad-signature'
  | 'missing-exp'
  | 'expired'
  | 'not-yet-valid'
  | 'too-long-lived'
  | 'wrong-audience'
  | 'missing-subject';

export type IdentityResult = { verified: true; customer: VerifiedCustomer } | { verified: false; reason: IdentityFailure };

export interface VerifyOptions {
  /** Unix ms; defaults to Date.now(). */
  now?: number;
  /** Tolerated clock difference with the site owner's server. */
  clockSkewSeconds?: number;
  /** Longest lifetime accepted (IDENTITY_MAX_AGE_SECONDS); defaults to 24 h. */
  maxAgeSeconds?: number;
  /** This deployment's audience: a token's aud, when present, must equal it. */
  audience?: string;
}

const encoder = new TextEncoder();
const keys = new Map<string, Promise<CryptoKey>>();

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    if (keys.size > 8) keys.clear();
    keys.set(secret, key);
  }
  return key;
}

function base64UrlEncode(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function base64UrlDecode(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return undefined;
  const padded = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  try {
    return Uint8Array.from(atob(padded), (char) => char.charCodeAt(0));
  } catch {
    return undefined;
  }
}

function decodeJson(part: string): Record<string, unknown> | undefined {
  const bytes = base64UrlDecode(part);
  if (!bytes) return undefined;
  try {
    const value: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes));
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const text = (value: unknown, max: number): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, max) : undefined;

function customerFrom(payload: Record<string, unknown>): VerifiedCustomer | undefined {
  const id = text(payload.sub, 256) ?? text(payload.id, 256);
  if (!id) return undefined;
  const optional = {
    name: text(payload.name, 120),
    email: text(payload.email, 254),
    plan: text(payload.plan, 64),
    valueTier: text(payload.valueTier, 64),
    product: text(payload.product, 48),
  };
  const defined = Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined));
  return { verified: true, id, ...defined, internal: payload.internal === true };
}

const DAY_SECONDS = 24 * 60 * 60;

function checkTimes(payload: Record<string, unknown>, nowSeconds: number, skew: number, maxAge: number): IdentityFailure | undefined {
  if (typeof payload.exp !== 'number' || !Number.isFinite(payload.exp)) return 'missing-exp';
  if (payload.exp <= nowSeconds - skew) return 'expired';
  // A token good for years is a password that never changes: refuse it, however well signed.
  if (payload.exp > nowSeconds + maxAge + skew) return 'too-long-lived';
  if (payload.iat !== undefined && (typeof payload.iat !== 'number' || payload.iat < nowSeconds - maxAge - skew)) return 'too-long-lived';
  if (payload.nbf !== undefined && (typeof payload.nbf !== 'number' || payload.nbf > nowSeconds + skew)) return 'not-yet-valid';
  return undefined;
}

/** No aud: fine. An aud (string or list): it must name this deployment, compared exactly (a URL by its origin). */
function audienceMatches(aud: unknown, audience: string | undefined): boolean {
  if (aud === undefined) return true;
  const expected = audience?.trim() && normalAudience(audience);
  const claimed = Array.isArray(aud) ? aud : [aud];
  return !!expected && claimed.some((item) => typeof item === 'string' && normalAudience(item) === expected);
}

function normalAudience(value: string): string {
  try {
    return new URL(value.trim()).origin;
  } catch {
    return value.trim();
  }
}

/**
 * Verify an identity token. Expected failures are results, not exceptions.
 *
 * @example
 * const identity = await verifyIdentityToken(body.userToken, env.IDENTITY_SECRET);
 * const customer = identity.verified ? identity.customer : undefined;
 */
export async function verifyIdentityToken(token: string, secret: string, options: VerifyOptions = {}): Promise<IdentityResult> {
  if (!secret) return { verified: false, reason: 'missing-secret' };
  const parts = token.trim().split('.');
  if (parts.length !== 3 || token.length > 4096) return { verified: false, reason: 'malformed' };
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const header = decodeJson(headerPart);
  if (!header) return { verified: false, reason: 'malformed' };
  // Only HS256: "none", RS256 with the secret as a public key and the like are refused outright.
  if (header.alg !== 'HS256' || (header.typ !== undefined && header.typ !== 'JWT')) return { verified: false, reason: 'unsupported-alg' };
  const signature = base64UrlDecode(signaturePart);
  if (!signature || signature.length !== 32) return { verified: false, reason: 'bad-signature' };
  const valid = await crypto.subtle.verify('HMAC', await hmacKey(secret), signature as Uint8Array<ArrayBuffer>, encoder.encode(`${headerPart}.${payloadPart}`));
  if (!valid) return { verified: false, reason: 'bad-signature' };
  const payload = decodeJson(payloadPart);
  if (!payload) return { verified: false, reason: 'malformed' };
  const timeFailure = checkTimes(payload, Math.floor((options.now ?? Date.now()) / 1000), options.clockSkewSeconds ?? 60, options.maxAgeSeconds ?? DAY_SECONDS);
  if (timeFailure) return { verified: false, reason: timeFailure };
  if (!audienceMatches(payload.aud, options.audience)) return { verified: false, reason: 'wrong-audience' };
  const customer = customerFrom(payload);
  return customer ? { verified: true, customer } : { verified: false, reason: 'missing-subject' };
}

/** The configured values verification reads: IDENTITY_SECRET, IDENTITY_MAX_AGE_SECONDS, IDENTITY_AUDIENCE and PUBLIC_URL, as parsed config. */
export interface IdentitySettings {
  identitySecret: string;
  identityMaxAgeSeconds: number;
  identityAudience: string;
  publicUrl?: string;
}

/**
 * A customer only from a valid signed token; anything else is an anonymous visitor, and a refused token is logged with its reason.
 *
 * @example
 * const customer = await verifiedCustomer(request.userToken, c.get('config'), c.get('dependencies').log);
 */
export async function verifiedCustomer(token: string | undefined, settings: IdentitySettings, log: (line: string) => void): Promise<Customer | undefined> {
  if (!token || !settings.identitySecret) return undefined;
  const result = await verifyIdentityToken(token, settings.identitySecret, {
    maxAgeSeconds: settings.identityMaxAgeSeconds,
    audience: settings.identityAudience || settings.publicUrl || undefined,
  });
  if (!result.verified) {
    log(`identity token rejected: ${result.reason}`);
    return undefined;
  }
  return result.customer;
}

/**
 * Sign claims as an HS256 JWT: for tests and as the reference for site owners'
 * backends (any JWT library producing HS256 works the same).
 *
 * @example
 * const token = await signIdentityToken({ sub: 'user_42', plan: 'enterprise', exp: Math.floor(Date.now() / 1000) + 3600 }, secret);
 */
export async function signIdentityToken(claims: IdentityClaims, secret: string): Promise<string> {
  const header = base64UrlEncode(encoder.encode(JSON.stringify({ alg: 'HS256', typ: 'JWT' })));
  const payload = base64UrlEncode(encoder.encode(JSON.stringify(claims)));
  const signature = await crypto.subtle.sign('HMAC', await hmacKey(secret), encoder.encode(`${header}.${payload}`));
  return `${header}.${payload}.${base64UrlEncode(new Uint8Array(signature))}`;
}
