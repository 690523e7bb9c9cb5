import { describe, expect, it } from 'vitest';
import { parseBusinessHours } from '../domain/business-hours';
import { handoffExpectation, replyChannels, type ReplyChannels } from './handoff-expectation';

const berlin = parseBusinessHours('mon-fri 09:00-17:00', 'Europe/Berlin')!;
const monday10 = Date.parse('2026-11-16T10:00:00Z'); // 11:00 in Berlin: open
const saturday = Date.parse('2026-11-21T10:00:00Z'); // closed until Monday

const text = (channels: ReplyChannels, hours = berlin as typeof berlin | undefined, now = monday10) => handoffExpectation(hours, now, 'en', channels).text;

describe('what the handoff confirmation promises follows from the configuration', () => {
  it('reads the channels from AGENT_TOKEN, the email destination (EMAIL_WEBHOOK_URL), the handoff destinations and SUPPORT_EMAIL', () => {
    expect(replyChannels({ agentToken: 'x'.repeat(24), supportEmail: '' }, { sinks: [], email: {} })).toEqual({ inbox: true, email: true, notified: false });
    // Replies are emailed from the inbox only: with no inbox, EMAIL_WEBHOOK_URL sends nothing.
    expect(replyChannels({ agentToken: '', supportEmail: 'help@example.com' }, { sinks: [{}], email: {} })).toEqual({ inbox: false, email: false, notified: true, supportEmail: 'help@example.com' });
  });

  for (const [hoursName, hours, now] of [
    ['no BUSINESS_HOURS', undefined, monday10],
    ['in hours', berlin, monday10],
    ['out of hours', berlin, saturday],
  ] as const) {
    describe(hoursName, () => {
      it('inbox and EMAIL_WEBHOOK_URL: a reply here, and by email', () => {
        const said = text({ inbox: true, email: true, notified: false }, hours, now);
        expect(said).toMatch(/will reply here/);
        expect(said).toMatch(/We'll also email you the reply\.$/);
      });

      it('inbox, no EMAIL_WEBHOOK_URL: a reply here, and no email promised', () => {
        const said = text({ inbox: true, email: false, notified: true }, hours, now);
        expect(said).toMatch(/will reply here/);
        expect(said).not.toMatch(/email|ticket/i);
      });

      it('no inbox, a webhook or Slack: the team has it, and no reply here or by email is promised', () => {
        const said = text({ inbox: false, email: false, notified: true }, hours, now);
        expect(said).toMatch(/^Our team has received this conversation and your contact details\./);
        expect(said).not.toMatch(/reply here|email/i);
      });

      it('no inbox and no destination: says no one is notified, and names SUPPORT_EMAIL when set', () => {
        expect(text({ inbox: false, email: false, notified: false }, hours, now)).toBe('No one on our team is notified of it automatically yet, so no reply will come here.');
        expect(text({ inbox: false, email: false, notified: false, supportEmail: 'help@example.com' }, hours, now)).toMatch(/so no reply will come here\. To reach a person, email help@example\.com\.$/);
      });
    });
  }

  it('says when: soon in hours, the next opening out of hours, for a reply here and for a notified team alike', () => {
    expect(text({ inbox: true, email: false, notified: false })).toBe("A person from our team will reply here shortly (we're in until 17:00 Europe/Berlin), with this whole conversation in front of them.");
    expect(text({ inbox: true, email: false, notified: false }, berlin, saturday)).toBe(
      "We're away right now; a person from our team will reply here once we're back Mon at 09:00 (Europe/Berlin; hours: mon-fri 09:00-17:00).",
    );
    expect(text({ inbox: false, email: false, notified: true }, berlin, saturday)).toMatch(/our team is back Mon at 09:00/);
    expect(text({ inbox: false, email: false, notified: true })).toMatch(/We're in until 17:00 Europe\/Berlin\.$/);
    expect(handoffExpectation(berlin, saturday, 'en', { inbox: true, email: false, notified: false }).staffed).toBe(false);
  });

  it('has every sentence in every language the assistant speaks', () => {
    for (const lang of ['de', 'fr', 'es', 'ar']) {
      for (const channels of [{ inbox: true, email: true, notified: true }, { inbox: false, email: false, notified: true }, { inbox: false, email: false, notified: false, supportEmail: 'h@example.com' }]) {
        const said = handoffExpectation(berlin, saturday, lang, channels).text;
        expect(said).not.toBe(handoffExpectation(berlin, saturday, 'en', channels).text);
        expect(said).not.toMatch(/\{\w+\}/);
      }
    }
  });
});
