/**
 * Posts each handoff to a Slack incoming webhook (SLACK_WEBHOOK_URL) as a
 * message a person can act on: reason, customer, last question and a link to
 * the inbox. Slack does not dedupe, so the delivery engine tracks this
 * destination separately and never re-posts once Slack said ok.
 */
import type { HandoffPacket } from '../../../shared/handoff-packet';
import type { DeliveryResult, HandoffSink } from '../ports';

export interface SlackSinkOptions {
  url: string;
  /** PUBLIC_URL: the inbox link is `${publicUrl}/agent#<case id>`. */
  publicUrl?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** Slack mrkdwn treats &, < and > as control characters. */
const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export function slackMessage(packet: HandoffPacket, publicUrl?: string): { text: string; blocks: unknown[] } {
  const who = packet.customer.name ?? packet.contact.name ?? 'A visitor';
  const email = packet.customer.email ?? packet.contact.email;
  const customer = `${who}${email ? ` (${email})` : ''}${packet.customer.verified ? ' · verified' : ' · not verified'}${packet.customer.plan ? ` · ${packet.customer.plan}` : ''}`;
  const question = [...packet.transcript].reverse().find((message) => message.role === 'visitor')?.text ?? packet.contact.note ?? '(no question yet)';
  const caseId = packet.conversationId ?? packet.reference;
  const link = publicUrl ? `${publicUrl.replace(/\/$/, '')}/agent#${encodeURIComponent(caseId)}` : undefined;
  const lines = [
    `*Reason:* ${escape(packet.reasons.join(', '))}`,
    `*Customer:* ${escape(customer)}`,
    `*Last question:* ${escape(clip(question, 500))}`,
    ...(packet.contact.note ? [`*Note:* ${escape(clip(packet.contact.note, 300))}`] : []),
    ...(packet.pageUrl ? [`*Page:* ${escape(packet.pageUrl)}`] : []),
  ];
  const text = `New handoff ${packet.reference}: ${who} needs a person (${packet.reasons.join(', ')})`;
  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: clip(`Handoff ${packet.reference}`, 150) } },
    { type: 'section', text: { type: 'mrkdwn', text: lines.join('\n') } },
  ];
  if (link) blocks.push({ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open in inbox' }, url: link }] });
  return { text: link ? `${text} · <${link}|Open in inbox>` : text, blocks };
}

export class SlackSink implements HandoffSink {
  readonly name = 'slack';
  readonly #options: SlackSinkOptions;

  constructor(options: SlackSinkOptions) {
    this.#options = options;
  }

  async deliver(packet: unknown, _idempotencyId: string, signal?: AbortSignal): Promise<DeliveryResult> {
    const timeout = AbortSignal.timeout(this.#options.timeoutMs ?? 5000);
    try {
      const response = await (this.#options.fetch ?? fetch)(this.#options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(slackMessage(packet as HandoffPacket, this.#options.publicUrl)),
        redirect: 'manual',
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
      await response.body?.cancel().catch(() => undefined);
      if (response.ok) return { ok: true, status: response.status };
      // 404 no_service / 410 channel_is_archived: this webhook will not work again without a person fixing it.
      const permanent = response.status === 410 || response.status === 404 || (response.status >= 300 && response.status < 400) || response.status === 0;
      return { ok: false, permanent, status: response.status, error: `slack answered ${response.status}` };
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      return { ok: false, error: timedOut ? 'slack timed out' : 'slack unreachable' };
    }
  }
}
