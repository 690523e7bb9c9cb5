/**
 * The anonymous visitor id behind ROLLOUT_PERCENT: random, never derived from
 * anything about the person, and written to storage only once the chat has
 * been opened (storage.set is a no-op before that).
 */
import { storage } from './storage';

let id: string | undefined;

export function visitorId(): string {
  id ??= storage.get<string>('visitor') ?? crypto.randomUUID();
  storage.set('visitor', id);
  return id;
}
