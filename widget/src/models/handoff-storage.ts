/**
 * What the handoff keeps in the visitor's browser: the contact they gave and the
 * requests queued while the worker could not be reached. Read by the first load
 * (models/handoff-part.ts) and by the form's part (models/handoff-model.ts).
 */
import type { HandoffRequest } from '../../../shared/protocol';
import { storage } from './storage';

export const PENDING = 'pending-handoffs';
export const CONTACT = 'contact';

export const pendingHandoffs = (): HandoffRequest[] => storage.get(PENDING) ?? [];

/** Reset means the next person on this browser sees nothing of the last one: no contact, no queued request. */
export function forgetHandoffs(): void {
  storage.set(PENDING, undefined);
  storage.set(CONTACT, undefined);
}
