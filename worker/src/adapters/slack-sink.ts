/**
 * Posts each handoff to a Slack incoming webhook (SLACK_WEBHOOK_URL) as a
 * message a person can act on: reason, customer, last question and a link to
 * the inbox. Slack does not dedupe, so the delivery engine tracks this
 * destination separately and never re-posts once Slack said ok.
 */
import { shownCustomer, type HandoffPacket } from '../../../shared/handoff-packet';
import type { DeliveryResult, HandoffSink } from '../ports';

export interface SlackSinkOptions {
  url: string;
  /** PUBLIC_URL: the inbox link is `${publicUrl}/agent#<case id>`. */
  publicUrl?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
/** One line of visitor text: newlines cannot fake a field, and a plain_text object has no mentions, links or code fences. */
const flat = (text: string, max: number) => clip(text.replace(/[\r\n\u2028\u2029\t]+/g, ' ').trim(), max);
/** A field whose value came from the visitor: its own plain_text object, never mrkdwn. */
const field = (label: string, value: string) => ({ type: 'plain_text', text: `${label}: ${value || '-'}`, emoji: false });
/** Slack's control characters in mrkdwn and in the fallback text: &, < and >. */
const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The Slack message for a handoff. Every visitor-supplied field (name, email,
 * question, note, page) is a plain_text object of its own; only our own labels and
 * the inbox link are mrkdwn.
 *
 * @example
 * const body = JSON.stringify(slackMessage(packet, 'https://support.example.org'));
 */
export function slackMessage(packet: HandoffPacket, publicUrl?: string): { text: string; blocks: unknown[] } {
  const shown = shownCustomer(packet);
  const who = flat(shown.name ?? 'A visitor', 120);
  const customer = `${who}${shown.email ? ` (${flat(shown.email, 254)})` : ''}${shown.verified ? ' · verified' : ' · not verified'}${packet.customer.plan ? ` · ${flat(packet.customer.plan, 64)}` : ''}`;
  const question = [...packet.transcript].reverse().find((message) => message.role === 'visitor')?.text ?? packet.contact.note ?? '(no question yet)';
  const caseId = packet.conversationId ?? packet.reference;
  const link = publicUrl ? `${publicUrl.replace(/\/$/, '')}/agent#${encodeURIComponent(caseId)}` : undefined;
  const fields = [
    field('Reason', flat(packet.reasons.join(', '), 300)),
    field('Customer', customer),
    field('Last question', flat(question, 500)),
    ...(packet.contact.note ? [field('Note', flat(packet.contact.note, 300))] : []),
    ...(packet.pageUrl ? [field('Page', flat(packet.pageUrl, 300))] : []),
  ];
  const text = escape(`New handoff ${packet.reference}: ${who} needs a person (${flat(packet.reasons.join(', '), 300)})`);
  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: clip(`Handoff ${packet.reference}`, 150) } },
    { type: 'section', fields },
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
