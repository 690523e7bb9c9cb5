/**
 * Conversation ids and tokens: 128 and 256 random bits. The store keeps only a
 * hash of the token, and ownership is checked in constant time.
 */
import type { Conversation } from '../ports';

export function randomId(bytes = 16): string {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

export function newConversationCredentials(): { id: string; token: string } {
  return { id: randomId(16), token: randomId(32) };
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

/** Whether `token` proves ownership of `conversation`: false alike whether the id exists or not (routes answer 403). */
export async function owns(conversation: Conversation | undefined, token: string | undefined): Promise<boolean> {
  // Hashed whether the conversation exists or not: the answer takes as long either way.
  const hash = token ? await hashToken(token) : '';
  return conversation !== undefined && hash !== '' && timingSafeEqual(conversation.tokenHash, hash);
}

export function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
