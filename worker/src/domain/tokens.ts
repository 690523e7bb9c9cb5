/**
 * Opaque ids and token hashes: random base64url ids, SHA-256 of a token, and
 * a constant-time compare. Conversation ownership (services/conversation-access.ts)
 * and the staff Bearer guard (http/staff-auth.ts) both stand on these.
 *
 * @example
 * timingSafeEqual(await hashToken(given), storedHash);
 */

/**
 * A random base64url id that starts with a letter or digit: one starting with "-" reads as a
 * flag on a command line and is guarded as a formula in a CSV export, so it would not be itself there.
 */
export function randomId(bytes = 16): string {
  for (;;) {
    const id = base64url(crypto.getRandomValues(new Uint8Array(bytes)));
    if (/^[A-Za-z0-9]/.test(id)) return id;
  }
}

export async function hashToken(token: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token));
  return base64url(new Uint8Array(digest));
}

/** Constant-time string comparison (lengths are not secret here: both are hashes). */
export function timingSafeEqual(a: string, b: string): boolean {
  const left = new TextEncoder().encode(a);
  const right = new TextEncoder().encode(b);
  let difference = left.length ^ right.length;
  for (let index = 0; index < Math.max(left.length, right.length); index++) {
    difference |= (left[index] ?? 0) ^ (right[index] ?? 0);
  }
  return difference === 0;
}

export function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
