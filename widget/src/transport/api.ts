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
    readonly retryAfter?: number,
  ) {
    super(message);
  }
}

/** Network failures, 5xx and 429 (anything but an ApiError counts as network): worth retrying later, not the visitor's fault. */
export const retryable = (error: unknown): boolean => !(error instanceof ApiError) || !error.status || error.status >= 500 || error.status === 429;

export async function request(baseUrl: string, path: string, init: RequestInit = {}): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(new URL(path, baseUrl), {
      ...init,
      headers: { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION), ...(init.body ? { 'content-type': 'application/json' } : {}), ...init.headers },
    });
  } catch (cause) {
    throw (cause as Error)?.name === 'AbortError' ? cause : new ApiError(0, 'network', String(cause));
  }
  if (response.ok) return response;
  const { status, statusText, headers } = response;
  const { code = status === 429 ? 'rate_limited' : 'internal', message = statusText }: { code?: string; message?: string } =
    (await response.json().catch(() => 0))?.error ?? {};
  throw new ApiError(status, code, message, Number(headers.get('retry-after')) || undefined);
}

const json = async <T>(promise: Promise<Response>): Promise<T> => (await promise).json() as Promise<T>;

export const getConfig = (baseUrl: string, visitor: string): Promise<Partial<WidgetConfig>> => json(request(baseUrl, `/v1/config?visitor=${visitor}`));

export const postHandoff = (baseUrl: string, body: HandoffRequest): Promise<HandoffResponse> =>
  json(request(baseUrl, '/v1/handoff', { method: 'POST', body: JSON.stringify(body) }));

export const getConversation = (baseUrl: string, id: string, token: string): Promise<ConversationView> =>
  json(request(baseUrl, `/v1/conversations/${encodeURIComponent(id)}`, { headers: { 'x-conversation-token': token } }));
