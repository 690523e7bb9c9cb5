import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../adapters/memory-store';
import { StoreError } from '../adapters/store-error';
import type { HandoffSink } from '../ports';
import { createHandoff, type HandoffDependencies } from './handoff';

/** A store that refuses the handoff record, as Redis does when its breaker is open. */
class DownStore extends MemoryStore {
  override async saveHandoff(): Promise<never> {
    throw new StoreError('saveHandoff', 'circuit open');
  }
}

/** A helpdesk double (a paid remote service) that answers 500, or takes the packet. */
const helpdesk = (ok: boolean): HandoffSink => ({ name: 'helpdesk', deliver: async () => (ok ? { ok: true } : { ok: false, status: 500, error: 'HTTP 500' }) });

function dependencies(store: MemoryStore, sinks: HandoffSink[], supportEmail?: string): HandoffDependencies {
  return { store, sinks, expectation: 'We reply within a day.', replay: { store, retryBaseSeconds: 5, maxAttempts: 3 }, ...(supportEmail ? { supportEmail } : {}) };
}

describe('createHandoff: refusals are results the route maps to HTTP', () => {
  it('no address a person could reply to: email-required, and nothing is stored or sent', async () => {
    const store = new MemoryStore();
    let sent = 0;
    const sink: HandoffSink = { name: 'helpdesk', deliver: async () => (sent++, { ok: true }) };
    expect(await createHandoff({ request: {}, messages: [], reasons: [] }, dependencies(store, [sink]))).toEqual({ ok: false, reason: 'email-required' });
    expect(sent).toBe(0);
    expect(await store.listPendingHandoffs(10)).toEqual([]);
  });

  it('neither stored nor delivered: not-recorded, carrying the support email to show', async () => {
    const outcome = await createHandoff({ request: { email: 'ada@example.com' }, messages: [], reasons: [] }, dependencies(new DownStore(), [helpdesk(false)], 'help@example.com'));
    expect(outcome).toEqual({ ok: false, reason: 'not-recorded', supportEmail: 'help@example.com' });
  });

  it('the store down but the helpdesk reached: a reference, sent', async () => {
    const outcome = await createHandoff({ request: { email: 'ada@example.com' }, messages: [], reasons: [] }, dependencies(new DownStore(), [helpdesk(true)]));
    expect(outcome).toMatchObject({ ok: true, response: { reference: expect.stringMatching(/^HO-/), status: 'sent', expectation: 'We reply within a day.' } });
  });
});
