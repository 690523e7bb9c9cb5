/**
 * Conversation ids and tokens: 128 and 256 random bits. The store keeps only a
 * hash of the token, and ownership is checked in constant time.
 */
import { hashToken, randomId, timingSafeEqual } from '../domain/tokens';
import type { Conversation } from '../ports';

export function newConversationCredentials(): { id: string; token: string } {
  return { id: randomId(16), token: randomId(32) };
}

/** Whether `token` proves ownership of `conversation`: false alike whether the id exists or not (routes answer 403). */
export async function owns(conversation: Conversation | undefined, token: string | undefined): Promise<boolean> {
  // Hashed whether the conversation exists or not: the answer takes as long either way.
  const hash = token ? await hashToken(token) : '';
  return conversation !== undefined && hash !== '' && timingSafeEqual(conversation.tokenHash, hash);
}
