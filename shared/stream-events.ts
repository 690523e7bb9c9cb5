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

/** generated: by the model; extractive: quoted passages; not-sure: no answer; escalated: a human's turn; small-talk: a greeting or thanks answered in a line. */
export type AnswerMode = 'generated' | 'extractive' | 'not-sure' | 'escalated' | 'small-talk';

export type StreamEvent =
  | { type: 'start'; conversationId: string; conversationToken: string; messageId: string }
  | { type: 'sources'; sources: Source[] }
  | { type: 'text-delta'; delta: string }
  /** The policy decided a human must take over; `reasons` are reason codes. */
  | { type: 'escalation'; reasons: string[]; message: string }
  | { type: 'finish'; confidence: Confidence; mode: AnswerMode; incomplete?: boolean }
  | { type: 'error'; code: string; message: string };

/**
 * Every field of every event, by type, as `<kind><name>` words. Kinds: s string,
 * n finite number, b boolean, a list of strings, l list of sources, and c, m, k one of
 * CHOICES; upper case also allows the field to be absent. `satisfies` keeps the event
 * types in step with the union above. A table and one checker: this ships in the widget.
 */
const EVENTS = {
  start: 'sconversationId sconversationToken smessageId',
  sources: 'lsources',
  'text-delta': 'sdelta',
  escalation: 'areasons smessage',
  finish: 'cconfidence mmode Bincomplete',
  error: 'scode smessage',
} satisfies Record<StreamEvent['type'], string>;
const SOURCE = 'nn stitle surl Ssection kkind';
const CHOICES: Record<string, string[]> = {
  c: ['high', 'medium', 'low', 'none'],
  m: ['generated', 'extractive', 'not-sure', 'escalated', 'small-talk'],
  k: ['doc', 'ticket'],
};

const fits = (value: any, kind: string): boolean =>
  kind < 'a'
    ? value === undefined || fits(value, kind.toLowerCase())
    : kind == 's'
      ? typeof value == 'string'
      : kind == 'n'
        ? Number.isFinite(value)
        : kind == 'b'
          ? typeof value == 'boolean'
          : kind == 'a' || kind == 'l'
            ? Array.isArray(value) && value.every((item) => (kind == 'a' ? typeof item == 'string' : matches(item, SOURCE)))
            : CHOICES[kind]!.includes(value);

const matches = (value: any, fields: string): boolean =>
  typeof value == 'object' && value !== null && !Array.isArray(value) && fields.split(' ').every((field) => fits(value[field.slice(1)], field[0]!));

/** Whether a parsed JSON value is a protocol event, every field checked. */
export function isStreamEvent(value: unknown): value is StreamEvent {
  const type = (value as { type?: unknown } | null)?.type;
  return typeof type === 'string' && Object.hasOwn(EVENTS, type) && matches(value, EVENTS[type as StreamEvent['type']]);
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
