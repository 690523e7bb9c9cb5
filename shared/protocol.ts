/**
 * The contract between the widget and the worker, and nothing else.
 *
 * Every request body is defined here once, as a valibot schema the worker
 * parses. Stream events are defined once in `stream-events.ts`, a hand-written
 * validator with no dependencies, because the widget parses every event too and
 * must not ship valibot; they are re-exported from here. The widget imports
 * `stream-events.ts` and `constants.ts` directly, never this file's values.
 */
import * as v from 'valibot';
import type { Confidence, Source } from './stream-events';
import { LIMITS } from './constants';

export * from './constants';
export * from './stream-events';

/** Server-issued ids and tokens: 128 random bits or more, base64url. */
const Opaque = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{22,64}$/, 'must be an id issued by the server'));
const Text = (max: number) => v.pipe(v.string(), v.trim(), v.maxLength(max, `must be at most ${max} characters`));
/** A page the visitor is on: http(s) only, so a javascript: or data: URL is never stored or sent on. */
const OptionalUrl = v.optional(
  v.pipe(v.string(), v.maxLength(LIMITS.urlChars), v.url('must be a URL'), v.regex(/^https?:\/\//i, 'must be an http(s) URL')),
);

export const ChatRequestSchema = v.strictObject({
  message: v.pipe(Text(LIMITS.messageChars), v.minLength(1, 'must not be empty')),
  /** Absent on the first message; the server creates the conversation. */
  conversationId: v.optional(Opaque),
  /** Proves ownership of `conversationId`; required with it. */
  conversationToken: v.optional(Opaque),
  pageUrl: OptionalUrl,
  product: v.optional(v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9-]{0,47}$/, 'must be a product slug'))),
  lang: v.optional(v.pipe(v.string(), v.regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})?$/, 'must be a language tag'))),
  /** A signed identity token from the site owner's backend (HS256 JWT). */
  userToken: v.optional(v.pipe(v.string(), v.maxLength(4096))),
  /** Anonymous random id the widget keeps once the chat was opened: the stable key of ROLLOUT_PERCENT. */
  visitorId: v.optional(Opaque),
});
export type ChatRequest = v.InferOutput<typeof ChatRequestSchema>;

/** Why an answer was not helpful, chosen after a 👎. */
export const FEEDBACK_REASONS = ['wrong', 'incomplete', 'misunderstood', 'wanted-human'] as const;

/** `POST /v1/feedback`: a rating of one answer, or the end-of-conversation CSAT, in the visitor's own conversation. */
export const FeedbackRequestSchema = v.pipe(
  v.strictObject({
    conversationId: Opaque,
    conversationToken: Opaque,
    /** With `rating`: the assistant message rated. */
    messageId: v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a message id'))),
    rating: v.optional(v.picklist(['up', 'down'])),
    reason: v.optional(v.picklist(FEEDBACK_REASONS)),
    /** 1–5: how satisfied the visitor is with the whole conversation. */
    csat: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(5))),
    comment: v.optional(Text(1000)),
  }),
  v.check((body) => (body.rating !== undefined) !== (body.csat !== undefined), 'send either rating (with messageId) or csat'),
  v.check((body) => body.rating === undefined || body.messageId !== undefined, 'messageId is required with rating'),
);
export type FeedbackRequest = v.InferOutput<typeof FeedbackRequestSchema>;

export const HandoffRequestSchema = v.strictObject({
  conversationId: v.optional(Opaque),
  conversationToken: v.optional(Opaque),
  name: v.optional(v.pipe(Text(LIMITS.nameChars), v.regex(/^[^\r\n<>]*$/, 'must be plain text on one line'))),
  /** Required unless a verified identity already carries it. */
  email: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(LIMITS.emailChars), v.email('must be an email address'))),
  note: v.optional(Text(LIMITS.noteChars)),
  pageUrl: OptionalUrl,
  userToken: v.optional(v.pipe(v.string(), v.maxLength(4096))),
});
export type HandoffRequest = v.InferOutput<typeof HandoffRequestSchema>;

export const HandoffResponseSchema = v.object({
  reference: v.string(),
  status: v.picklist(['sent', 'queued']),
  /** Human-readable: when a person will answer. */
  expectation: v.string(),
});
export type HandoffResponse = v.InferOutput<typeof HandoffResponseSchema>;

export const ConfidenceSchema = v.picklist(['high', 'medium', 'low', 'none']) satisfies v.GenericSchema<Confidence>;

export const SourceSchema = v.object({
  /** The citation number, `[n]` in the text. */
  n: v.number(),
  title: v.string(),
  url: v.string(),
  section: v.optional(v.string()),
  kind: v.picklist(['doc', 'ticket']),
}) satisfies v.GenericSchema<Source>;

export const TranscriptMessageSchema = v.object({
  id: v.string(),
  role: v.picklist(['visitor', 'assistant', 'agent', 'system']),
  text: v.string(),
  at: v.number(),
  sources: v.optional(v.array(SourceSchema)),
  confidence: v.optional(ConfidenceSchema),
  incomplete: v.optional(v.boolean()),
});
export type TranscriptMessage = v.InferOutput<typeof TranscriptMessageSchema>;

/** `GET /v1/conversations/:id` with the `x-conversation-token` header. */
export const ConversationViewSchema = v.object({
  conversationId: v.string(),
  status: v.picklist(['ai', 'escalated', 'human', 'resolved']),
  messages: v.array(TranscriptMessageSchema),
});
export type ConversationView = v.InferOutput<typeof ConversationViewSchema>;

export const ERROR_CODES = [
  'bad_request',
  'payload_too_large',
  'unsupported_media_type',
  'not_found',
  'unauthorized',
  'forbidden',
  'rate_limited',
  'upstream_unavailable',
  'timeout',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorBody {
  error: { code: ErrorCode; message: string; requestId: string };
}

export const WidgetConfigSchema = v.object({
  /** Wording the site set; without it the widget uses its own, in the visitor's language. */
  title: v.optional(v.string()),
  greeting: v.optional(v.string()),
  color: v.string(),
  position: v.picklist(['bottom-right', 'bottom-left']),
  humanLabel: v.optional(v.string()),
  humanIntro: v.optional(v.string()),
  aiEnabled: v.boolean(),
  supportEmail: v.optional(v.string()),
  /** An image URL or one or two characters; the launcher shows the chat bubble without it. */
  launcherIcon: v.optional(v.string()),
});
export type WidgetConfig = v.InferOutput<typeof WidgetConfigSchema>;

/** One line naming each invalid field, for a 400's message. */
export function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  return issues
    .map((issue) => {
      const path = issue.path?.map((item) => String(item.key)).join('.') || 'body';
      return `${path}: ${issue.message}`;
    })
    .join('; ');
}
