/**
 * The worker's HTTP API as typed functions. Every error becomes one `ApiError`
 * carrying the HTTP status (0 for network failures), the protocol error code,
 * the request id and, for 429, the seconds to wait.
 */
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '../../../shared/constants';
import type { ConversationView, HandoffRequest, HandoffResponse, WidgetConfig } from '../../../shared/protocol';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId?: string,
    readonly retryAfter?: number,
  ) {
    super(message);
  }
  /** Network failures and 5xx: worth retrying later, not the visitor's fault. */
  get transient(): boolean {
    return this.status === 0 || this.status >= 500;
  }
}

export async function request(baseUrl: string, path: string, init: RequestInit = {}): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(new URL(path, baseUrl), {
      ...init,
      headers: { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION), ...(init.body ? { 'content-type': 'application/json' } : {}), ...init.headers },
    });
  } catch (cause) {
    if ((cause as Error)?.name === 'AbortError') throw cause;
    throw new ApiError(0, 'network', String(cause));
  }
  if (response.ok) return response;
  const body = (await response.json().catch(() => undefined)) as { error?: { code?: string; message?: string; requestId?: string } } | undefined;
  const retryAfter = Number(response.headers.get('retry-after')) || undefined;
  throw new ApiError(
    response.status,
    body?.error?.code ?? (response.status === 429 ? 'rate_limited' : 'internal'),
    body?.error?.message ?? response.statusText,
    body?.error?.requestId,
    retryAfter,
  );
}

const json = async <T>(promise: Promise<Response>): Promise<T> => (await promise).json() as Promise<T>;

export const getConfig = (baseUrl: string, visitor: string): Promise<Partial<WidgetConfig>> => json(request(baseUrl, `/v1/config?visitor=${visitor}`));

export const postHandoff = (baseUrl: string, body: HandoffRequest): Promise<HandoffResponse> =>
  json(request(baseUrl, '/v1/handoff', { method: 'POST', body: JSON.stringify(body) }));

export const getConversation = (baseUrl: string, id: string, token: string): Promise<ConversationView> =>
  json(request(baseUrl, `/v1/conversations/${encodeURIComponent(id)}`, { headers: { 'x-conversation-token': token } }));
