/**
 * CSV exports of the dashboard: one row per conversation, one per day, and
 * one per category.
 *
 * OWASP's CSV-injection advice: every field is quoted, and a cell starting
 * with = + - @ tab or carriage return gets a leading '. Because every field is
 * quoted, a reader that splits on `;` (a spreadsheet in a `;` locale) sees the
 * same cells as one that splits on `,`.
 */
import type { Conversation } from '../ports';
import type { MetricsReport } from '../../../shared/admin-api';
import { cohortOf } from './metrics';
import { settle, type OutcomeOptions } from './outcomes';
import { reviewReasons } from './review';

type Cell = string | number | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return '""';
  const text = String(value);
  // A number is data, never a formula. Quoting every field keeps `fine;=2+3;` one cell in a `;` locale too.
  const guarded = typeof value === 'string' && FORMULA_START.test(text) ? `'${text}` : text;
  return `"${guarded.replace(/"/g, '""')}"`;
}

export function toCsv(header: string[], rows: Cell[][]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

const iso = (at: number | undefined) => (at === undefined ? '' : new Date(at).toISOString());

export function conversationsCsv(conversations: Conversation[], options: OutcomeOptions & { now: number }): string {
  const header = ['id', 'created_at', 'product', 'cohort', 'outcome', 'outcome_at', 'first_response_ms', 'resolution_ms', 'csat', 'csat_comment', 'review', 'review_cause', 'category', 'sentiment', 'urgency', 'summary'];
  const rows = conversations.map((conversation) => {
    const { outcome, outcomeAt } = settle(conversation, options.now, options);
    const resolved = outcome === 'resolved-confirmed' || outcome === 'resolved-assumed' || outcome === 'human-resolved';
    return [
      conversation.id,
      iso(conversation.createdAt),
      conversation.product,
      cohortOf(conversation),
      outcome,
      iso(outcomeAt),
      conversation.firstResponseAt === undefined ? undefined : conversation.firstResponseAt - conversation.createdAt,
      resolved && outcomeAt !== undefined ? outcomeAt - conversation.createdAt : undefined,
      conversation.csat,
      conversation.csatComment,
      reviewReasons(conversation).join(' '),
      conversation.reviewCause,
      conversation.triage?.category,
      conversation.triage?.sentiment,
      conversation.triage?.urgency,
      conversation.triage?.summary,
    ];
  });
  return toCsv(header, rows);
}

export function metricsCsv(report: MetricsReport): string {
  const header = [
    'date', 'conversations', 'ended', 'resolved_confirmed', 'resolved_assumed', 'escalated', 'human_resolved', 'abandoned', 'reopened', 'open',
    'containment', 'containment_with_assumed', 'escalation_rate', 'csat_responses', 'csat_average', 'csat_satisfied',
    'ttr_ai_only_median_ms', 'ttr_escalated_median_ms', 'first_response_median_ms',
  ];
  const rows = report.days.map((day) => [
    day.date, day.conversations, day.ended,
    day.outcomes['resolved-confirmed'], day.outcomes['resolved-assumed'], day.outcomes.escalated, day.outcomes['human-resolved'], day.outcomes.abandoned, day.outcomes.reopened, day.outcomes.open,
    day.containment, day.containmentWithAssumed, day.escalationRate, day.csat.responses, day.csat.average, day.csat.satisfied,
    day.timeToResolution.aiOnly, day.timeToResolution.escalated, day.firstResponse,
  ]);
  return toCsv(header, rows);
}

/** Containment, escalation and CSAT per triage category (AI cohort), as the dashboard's category table shows them. */
export function categoriesCsv(report: MetricsReport): string {
  const header = ['category', 'conversations', 'ended', 'open', 'containment', 'containment_with_assumed', 'escalation_rate', 'csat_responses', 'csat_average', 'csat_satisfied'];
  const rows = report.categories.map((row) => [
    row.category, row.conversations, row.ended, row.outcomes.open,
    row.containment, row.containmentWithAssumed, row.escalationRate, row.csat.responses, row.csat.average, row.csat.satisfied,
  ]);
  return toCsv(header, rows);
}
