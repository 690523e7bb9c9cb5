/**
 * Delivers handoff packets to HANDOFF_WEBHOOK_URL, signed per the Standard
 * Webhooks spec: `webhook-id`, `webhook-timestamp`, and `webhook-signature`
 * = "v1," + base64(HMAC-SHA256(secret, `${id}.${timestamp}.${body}`)).
 */
import type { DeliveryResult, HandoffSink } from '../ports';

export interface WebhookSinkOptions {
  url: string;
  /** `whsec_` + base64 key; unsigned delivery when absent. */
  secret?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
}

export async function signStandardWebhook(secret: string, id: string, timestamp: number, body: string): Promise<string> {
  const keyBytes = Uint8Array.from(atob(secret.replace(/^whsec_/, '')), (character) => character.charCodeAt(0));
  const key = await crypto.subtle.importKey('raw', keyBytes, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const signature = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(`${id}.${timestamp}.${body}`));
  let binary = '';
  for (const byte of new Uint8Array(signature)) binary += String.fromCharCode(byte);
  return `v1,${btoa(binary)}`;
}

export class WebhookSink implements HandoffSink {
  readonly name = 'webhook';
  private readonly options: WebhookSinkOptions;

  constructor(options: WebhookSinkOptions) {
    this.options = options;
  }

  async deliver(packet: unknown, idempotencyId: string, signal?: AbortSignal): Promise<DeliveryResult> {
    const body = JSON.stringify(packet);
    const timestamp = Math.floor((this.options.now ?? Date.now)() / 1000);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'Switchboard-Webhook/1',
      'webhook-id': idempotencyId,
      'webhook-timestamp': String(timestamp),
    };
    if (this.options.secret) headers['webhook-signature'] = await signStandardWebhook(this.options.secret, idempotencyId, timestamp, body);
    const timeout = AbortSignal.timeout(this.options.timeoutMs ?? 5000);
    try {
      const response = await (this.options.fetch ?? fetch)(this.options.url, {
        method: 'POST',
        headers,
        body,
        // A redirect could carry customer data somewhere nobody configured.
        redirect: 'manual',
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
      await response.body?.cancel().catch(() => undefined);
      if (response.ok) return { ok: true, status: response.status };
      const permanent = response.status === 410 || (response.status >= 300 && response.status < 400) || response.status === 0;
      return { ok: false, permanent, status: response.status, error: `webhook answered ${response.status}` };
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      return { ok: false, error: timedOut ? 'webhook timed out' : 'webhook unreachable' };
    }
  }
}
