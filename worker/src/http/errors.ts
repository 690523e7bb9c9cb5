/**
 * One error type for everything that goes wrong before a response starts.
 * `onError` turns it into `{ error: { code, message, requestId } }`; upstream
 * text and secrets never reach the body.
 */
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ErrorCode } from '../../../shared/protocol';
import { ConfigError } from '../config';

export class AppError extends HTTPException {
  readonly code: ErrorCode;
  readonly headers: Record<string, string>;

  constructor(status: ContentfulStatusCode, code: ErrorCode, message: string, options: { cause?: unknown; headers?: Record<string, string> } = {}) {
    super(status, { message, cause: options.cause });
    this.code = code;
    this.headers = options.headers ?? {};
  }
}

/** A conversation the token does not prove: the same answer whether the id exists or not. */
export function notYourConversation(): AppError {
  return new AppError(403, 'forbidden', 'This conversation does not exist or does not belong to you.');
}

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  503: 'upstream_unavailable',
  504: 'timeout',
};

/** The status, code and public message of any thrown value. */
export function describeError(error: unknown): { status: ContentfulStatusCode; code: ErrorCode; message: string; headers: Record<string, string> } {
  if (error instanceof AppError) {
    return { status: error.status as ContentfulStatusCode, code: error.code, message: error.message, headers: error.headers };
  }
  // The fix names variables: it goes to the operator's log (config.ts), never into a response.
  if (error instanceof ConfigError) return { status: 500, code: 'internal', message: 'The service is misconfigured; the operator has been told.', headers: {} };
  if (error instanceof HTTPException && error.status < 500) {
    const status = error.status as ContentfulStatusCode;
    return { status, code: CODE_BY_STATUS[status] ?? 'bad_request', message: error.message || 'The request was refused.', headers: {} };
  }
  if (error instanceof HTTPException) {
    return { status: error.status as ContentfulStatusCode, code: 'internal', message: error.message || 'Something went wrong on our side.', headers: {} };
  }
  return { status: 500, code: 'internal', message: 'Something went wrong on our side. Talking to a human still works.', headers: {} };
}
