import { describe, expect, it } from 'vitest';
import type { HandoffPacket } from '../../../shared/handoff-packet';
import { SlackSink, slackMessage } from './slack-sink';

const packet: HandoffPacket = {
  version: 2,
  type: 'handoff.created',
  reference: 'HO-7KQ2-M9XD',
  createdAt: '2026-11-16T10:00:00.000Z',
  reasons: ['visitor_request', 'frustration'],
  conversationId: 'conv_abcdefghijklmnopqrstuv',
  pageUrl: 'https://lumen.example/pricing',
  contact: { name: 'Ada <script>', email: 'ada@example.com', note: null },
  customer: { verified: true, id: 'cus_1', name: 'Ada Lovelace', email: 'ada@example.com', plan: 'pro', valueTier: null },
  lastAnswer: null,
  transcript: [
    { role: 'visitor', text: 'Why was I charged twice?', at: '2026-11-16T09:59:00.000Z' },
    { role: 'assistant', text: 'A person will help.', at: '2026-11-16T09:59:01.000Z' },
  ],
  triage: { category: null, sentiment: null, urgency: null, summary: null, lang: null },
};

/** Every text object of a kind in a Block Kit message, however deep. */
function textsOf(value: unknown, kind: string): string[] {
  if (!value || typeof value !== 'object') return [];
  const object = value as Record<string, unknown>;
  const own = object.type === kind && typeof object.text === 'string' ? [object.text] : [];
  return [...own, ...Object.values(object).flatMap((child) => textsOf(child, kind))];
}
const plainTexts = (blocks: unknown[]) => textsOf(blocks, 'plain_text');
const mrkdwnTexts = (blocks: unknown[]) => textsOf(blocks, 'mrkdwn');

describe('SlackSink', () => {
  it('writes a readable message: reason, customer, last question and a link to the inbox', () => {
    const message = slackMessage(packet, 'https://support.example.com/');
    const body = JSON.stringify(message.blocks);
    expect(message.text).toContain('HO-7KQ2-M9XD');
    expect(body).toContain('Reason: visitor_request, frustration');
    expect(body).toContain('Customer: Ada Lovelace (ada@example.com) · verified · pro');
    expect(body).toContain('Last question: Why was I charged twice?');
    expect(body).toContain('https://support.example.com/agent#conv_abcdefghijklmnopqrstuv');
  });

  it('keeps visitor text out of mrkdwn: plain_text fields, and escaped control characters in the fallback text', () => {
    const message = slackMessage({ ...packet, customer: { ...packet.customer, name: null }, transcript: [{ role: 'visitor', text: 'a <!channel> & b', at: '' }] });
    const visitorFields = JSON.stringify(plainTexts(message.blocks));
    expect(visitorFields).toContain('a <!channel> & b');
    expect(visitorFields).toContain('Ada <script>');
    expect(mrkdwnTexts(message.blocks).join('\n')).not.toMatch(/channel|script/);
    expect(message.text).toContain('Ada &lt;script&gt;');
    expect(message.text).not.toMatch(/<script|<!channel/);
  });

  it('treats 410 and redirects as permanent, 5xx as worth retrying, and never follows a redirect', async () => {
    const seen: RequestInit[] = [];
    const answering = (status: number): typeof fetch => async (_url, init) => {
      seen.push(init!);
      return new Response(null, { status, headers: status === 302 ? { location: 'https://elsewhere.example' } : {} });
    };
    expect(await new SlackSink({ url: 'https://hooks.slack.com/x', fetch: answering(200) }).deliver(packet, 'id')).toEqual({ ok: true, status: 200 });
    expect(await new SlackSink({ url: 'https://hooks.slack.com/x', fetch: answering(410) }).deliver(packet, 'id')).toMatchObject({ ok: false, permanent: true, status: 410 });
    expect(await new SlackSink({ url: 'https://hooks.slack.com/x', fetch: answering(302) }).deliver(packet, 'id')).toMatchObject({ ok: false, permanent: true });
    expect(await new SlackSink({ url: 'https://hooks.slack.com/x', fetch: answering(503) }).deliver(packet, 'id')).toMatchObject({ ok: false, permanent: false });
    expect(seen.every((init) => init.redirect === 'manual')).toBe(true);
  });
});
