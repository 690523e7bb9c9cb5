/**
 * A handoff webhook receiver for tests: verifies Standard Webhooks signatures,
 * dedupes by `webhook-id` as a real receiver should, and can be told to fail
 * (status codes, redirects) to exercise delivery retries.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody } from './http-helpers';

export interface Delivery {
  id: string;
  timestamp: string;
  signatureValid: boolean;
  body: unknown;
}

export interface WebhookFault {
  /** Answer this status instead of 204 (e.g. 500, 410, 302). */
  status?: number;
  /** Fail only this many requests, then recover. */
  times?: number;
}

export interface WebhookReceiver {
  url: string;
  /** Every attempt received, including duplicates and failed ones. */
  attempts: Delivery[];
  /** Accepted deliveries, one per webhook-id. */
  deliveries(): Delivery[];
  setFault(fault: WebhookFault | null): void;
  /** Forget every attempt and delivery, and clear the fault. */
  reset(): void;
  close(): Promise<void>;
}

export function verifyStandardWebhook(secret: string, id: string, timestamp: string, body: string, header: string): boolean {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest();
  return header.split(' ').some((candidate) => {
    const [version, signature] = candidate.split(',');
    if (version !== 'v1' || !signature) return false;
    const given = Buffer.from(signature, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}


export async function startWebhookReceiver(options: { secret?: string; port?: number } = {}): Promise<WebhookReceiver> {
  const attempts: Delivery[] = [];
  const accepted = new Map<string, Delivery>();
  let fault: WebhookFault | null = null;
  const server: Server = createServer(async (request, response) => {
    const path = (request.url ?? '').split('?')[0];
    const text = await readBody(request);
    if (path === '/__deliveries') {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ accepted: [...accepted.values()], attempts }));
      return;
    }
    if (path === '/__reset') {
      attempts.length = 0;
      accepted.clear();
      fault = null;
      response.writeHead(204).end();
      return;
    }
    if (path === '/__fault') {
      fault = text ? (JSON.parse(text) as WebhookFault) : null;
      response.writeHead(204).end();
      return;
    }
    const id = String(request.headers['webhook-id'] ?? '');
    const timestamp = String(request.headers['webhook-timestamp'] ?? '');
    const signature = String(request.headers['webhook-signature'] ?? '');
    const delivery: Delivery = {
      id,
      timestamp,
      signatureValid: options.secret ? verifyStandardWebhook(options.secret, id, timestamp, text, signature) : true,
      body: JSON.parse(text || 'null'),
    };
    attempts.push(delivery);
    if (fault?.status && (fault.times === undefined || fault.times > 0)) {
      if (fault.times !== undefined) fault.times--;
      const headers: Record<string, string> = fault.status >= 300 && fault.status < 400 ? { location: 'http://127.0.0.1:9/elsewhere' } : {};
      response.writeHead(fault.status, headers).end();
      return;
    }
    if (!delivery.signatureValid) {
      response.writeHead(401).end();
      return;
    }
    if (!accepted.has(id)) accepted.set(id, delivery);
    response.writeHead(204).end();
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hooks/handoff`,
    attempts,
    deliveries: () => [...accepted.values()],
    setFault(next) {
      fault = next;
    },
    reset() {
      attempts.length = 0;
      accepted.clear();
      fault = null;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const port = Number(process.env.PORT ?? 8791);
  startWebhookReceiver({ port, secret: process.env.WEBHOOK_SECRET }).then((receiver) => console.log(`webhook receiver on ${receiver.url}`));
}
