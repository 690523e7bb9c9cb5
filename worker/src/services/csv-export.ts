/**
 * CSV exports of the dashboard: one row per conversation, and one per day.
 * Cells that a spreadsheet would run as a formula are prefixed with a quote.
 */
import type { Conversation } from '../ports';
import { cohortOf, type MetricsReport } from './metrics';
import { settle, type OutcomeOptions } from './outcomes';
import { reviewReasons } from './review';

type Cell = string | number | null | undefined;

export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text) && typeof value === 'string') text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: string[], rows: Cell[][]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

const iso = (at: number | undefined) => (at === undefined ? '' : new Date(at).toISOString());

export function conversationsCsv(conversations: Conversation[], options: OutcomeOptions & { now: number }): string {
  const header = ['id', 'created_at', 'product', 'cohort', 'outcome', 'outcome_at', 'first_response_ms', 'resolution_ms', 'csat', 'csat_comment', 'review', 'review_cause'];
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
