/**
 * The events of a `/v1/chat` stream, defined once for both sides: the worker
 * emits them (typed) and its tests parse them back; the widget parses every
 * SSE `data:` payload with `parseStreamEvent` before it touches the UI.
 *
 * Hand-written rather than valibot on purpose: this file ships inside the
 * widget's 16 KB budget, so it imports nothing. `protocol.ts` re-exports it.
 *
 * @example
 * const event = parseStreamEvent('{"type":"text-delta","delta":"Hi"}');
 * if (event?.type === 'text-delta') print(event.delta);
 */
export type Confidence = 'high' | 'medium' | 'low' | 'none';

export interface Source {
  /** The citation number, `[n]` in the text. */
  n: number;
  title: string;
  url: string;
  section?: string;
  kind: 'doc' | 'ticket';
}

/** generated: by the model; extractive: quoted passages; not-sure: no answer; escalated: a human's turn. */
export type AnswerMode = 'generated' | 'extractive' | 'not-sure' | 'escalated';

export type StreamEvent =
  | { type: 'start'; conversationId: string; conversationToken: string; messageId: string }
  | { type: 'sources'; sources: Source[] }
  | { type: 'text-delta'; delta: string }
  /** The policy decided a human must take over; `reasons` are reason codes. */
  | { type: 'escalation'; reasons: string[]; message: string }
  | { type: 'finish'; confidence: Confidence; mode: AnswerMode; incomplete?: boolean }
  | { type: 'error'; code: string; message: string };

type Check = (value: any) => boolean;

const string: Check = (value) => typeof value === 'string';
const optional = (check: Check): Check => (value) => value === undefined || check(value);
const oneOf =
  (...values: string[]): Check =>
  (value) =>
    values.includes(value);
const list =
  (check: Check): Check =>
  (value) =>
    Array.isArray(value) && value.every(check);
const shape =
  (fields: Record<string, Check>): Check =>
  (value) =>
    typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(fields).every((key) => fields[key]!(value[key]));

const isConfidence: Check = oneOf('high', 'medium', 'low', 'none');

const isSource: Check = shape({
  n: (value) => typeof value === 'number' && Number.isFinite(value),
  title: string,
  url: string,
  section: optional(string),
  kind: oneOf('doc', 'ticket'),
});

/** Every field of every event, by type; `satisfies` keeps it in step with the union above. */
const EVENTS = {
  start: shape({ conversationId: string, conversationToken: string, messageId: string }),
  sources: shape({ sources: list(isSource) }),
  'text-delta': shape({ delta: string }),
  escalation: shape({ reasons: list(string), message: string }),
  finish: shape({
    confidence: isConfidence,
    mode: oneOf('generated', 'extractive', 'not-sure', 'escalated'),
    incomplete: optional((value) => typeof value === 'boolean'),
  }),
  error: shape({ code: string, message: string }),
} satisfies Record<StreamEvent['type'], Check>;

/** Whether a parsed JSON value is a protocol event, every field checked. */
export function isStreamEvent(value: unknown): value is StreamEvent {
  const type = (value as { type?: unknown } | null)?.type;
  return typeof type === 'string' && Object.hasOwn(EVENTS, type) && EVENTS[type as StreamEvent['type']](value);
}

/** Parse one SSE `data:` payload; returns undefined for anything not in the protocol. */
export function parseStreamEvent(data: string): StreamEvent | undefined {
  try {
    const value: unknown = JSON.parse(data);
    return isStreamEvent(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
