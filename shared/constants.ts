/**
 * Protocol constants both sides need at run time. No imports: the widget ships
 * this file, and `protocol.ts` (valibot) re-exports it for the worker.
 */

/** Bumped on any breaking change; sent as the `x-switchboard-protocol` header. */
export const PROTOCOL_VERSION = 1;
export const PROTOCOL_HEADER = 'x-switchboard-protocol';

export const LIMITS = {
  messageChars: 4000,
  noteChars: 2000,
  nameChars: 120,
  emailChars: 254,
  urlChars: 2048,
  /** Any JSON body above this is refused with 413 before it is parsed. */
  bodyBytes: 16 * 1024,
} as const;
