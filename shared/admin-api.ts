/**
 * What the admin API answers the dashboard with (widget/src/console/admin/):
 * the metrics report and the review queue. services/metrics.ts and
 * services/review.ts build these views from the conversation records.
 *
 * @example
 * const report: MetricsReport = await (await fetch('/admin/api/metrics?from=2026-11-01&to=2026-11-30', { headers })).json();
 */
import type { Confidence, Source, TranscriptMessage } from './protocol';

/** `ai`: this visitor gets AI answers; `human-only`: the kill switch, rollout or scope sent them to a person. */
export type Cohort = 'ai' | 'human-only';

/** How a conversation ends; `resolved-assumed` and `abandoned` are derived from the clock when read, the rest are stored. */
export type Outcome = 'open' | 'resolved-confirmed' | 'resolved-assumed' | 'escalated' | 'human-resolved' | 'abandoned' | 'reopened';

export interface Band {
  min: number;
  max: number;
}

/** The bands the dashboard draws and warns on, set by TARGET_CONTAINMENT, TARGET_ESCALATION and TARGET_CSAT. */
export interface Targets {
  /** AI-resolved share, with assumed resolutions. Above the band usually means visitors are blocked from people. */
  containmentWithAssumed: Band;
  escalationRate: Band;
  /** Share of CSAT answers that are 4 or 5. */
  csat: Band;
}

export interface CsatSummary {
  responses: number;
  /** Mean score, 1–5. */
  average: number | null;
  /** Share of 4s and 5s: the usual CSAT percentage. */
  satisfied: number | null;
}

export interface MetricsRow {
  conversations: number;
  ended: number;
  outcomes: Record<Outcome, number>;
  /** resolved-confirmed / ended. */
  containment: number | null;
  /** (resolved-confirmed + resolved-assumed) / ended. */
  containmentWithAssumed: number | null;
  /** (escalated + human-resolved) / ended. */
  escalationRate: number | null;
  csat: CsatSummary;
  /** Medians, ms from the first message: AI-only (confirmed or assumed) and escalated (human-resolved). */
  timeToResolution: { aiOnly: number | null; escalated: number | null };
  /** Median ms from the first message to the first response: an answer or "not sure", else a person's first reply (hand-off notices don't count). */
  firstResponse: number | null;
}

/** GET /admin/api/metrics. */
export interface MetricsReport {
  from: string;
  to: string;
  generatedAt: string;
  assumedResolutionHours: number;
  targets: Targets;
  /** Everything in the range, both cohorts. */
  overall: MetricsRow;
  /** The AI's conversations versus the human-only ones (kill switch, rollout, scope): "match or exceed human-only". */
  cohorts: Record<Cohort, MetricsRow>;
  /** Per UTC day of the first message, AI cohort, every day of the range (empty days included). */
  days: (MetricsRow & { date: string })[];
  /** Per product, AI cohort. */
  products: (MetricsRow & { product: string })[];
  /** Per triage category of the conversation's latest message, AI cohort; `uncategorised` when none was triaged. */
  categories: (MetricsRow & { category: string })[];
  /** Empty until `minEndedForWarnings` conversations (per category: in that category) have ended. */
  warnings: string[];
  minEndedForWarnings: number;
}

/** One rating of an answer: stored by the feedback route, shown in the review queue. */
export interface FeedbackRecord {
  conversationId: string;
  /** The assistant message the visitor rated; a second rating of it replaces the first. */
  messageId: string;
  rating: 'up' | 'down';
  /** After a 👎: wrong, incomplete, misunderstood, wanted-human. */
  reason?: string;
  comment?: string;
  at: number;
}

/** One conversation that needs a look, with its transcript and sources. */
export interface ReviewItem {
  id: string;
  createdAt: number;
  product?: string;
  cohort: string;
  outcome: Outcome;
  /** down, not-sure, escalated, loop, low-csat. */
  reasons: string[];
  cause?: string;
  csat?: number;
  csatComment?: string;
  feedback: FeedbackRecord[];
  transcript: { id: string; role: TranscriptMessage['role']; text: string; at: number; sources?: Source[]; confidence?: Confidence; escalation?: string[] }[];
}

export interface UnansweredQuestion {
  question: string;
  count: number;
  /** The conversations it came from, newest first. */
  conversationIds: string[];
}

/** GET /admin/api/review. */
export interface ReviewQueue {
  items: ReviewItem[];
  /** Questions the AI tried and failed on: what the docs are missing. */
  topUnanswered: UnansweredQuestion[];
  /** Questions the escalation policy sent to a person on purpose (a no-AI topic or a request for a person): not a docs gap. */
  sentByPolicy: UnansweredQuestion[];
}
