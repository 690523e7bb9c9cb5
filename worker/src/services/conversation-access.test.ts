import { describe, expect, it } from 'vitest';
import { hashToken } from '../domain/tokens';
import { newConversationCredentials, owns } from './conversation-access';

describe('conversation credentials', () => {
  it('are unguessable: a 128-bit id and a 256-bit token, unique every time', () => {
    const seen = new Set<string>();
    for (let index = 0; index < 200; index++) {
      const { id, token } = newConversationCredentials();
      expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      seen.add(id);
    }
    expect(seen.size).toBe(200);
  });

  it('prove ownership only with the right token, and say nothing about whether the id exists', async () => {
    const { id, token } = newConversationCredentials();
    const conversation = { id, tokenHash: await hashToken(token), createdAt: 0, updatedAt: 0, status: 'ai' as const };
    expect(await owns(conversation, token)).toBe(true);
    const wrong = await owns(conversation, newConversationCredentials().token);
    const missing = await owns(undefined, token);
    expect(wrong).toBe(false);
    expect(missing).toBe(wrong);
    expect(await owns(conversation, undefined)).toBe(false);
    expect(await owns(conversation, '')).toBe(false);
  });
});
