/**
 * The dashboard's numbers, computed from conversation records alone (no
 * transcripts), so the JSON API, the charts and the CSV export agree.
 *
 * Rates are over *ended* conversations (an outcome other than open), so a busy
 * last hour does not look like a drop in containment; every row carries its
 * open count beside them. Warnings wait until MIN_ENDED_FOR_WARNINGS have
 * ended. Assumed resolutions are reported next to confirmed ones, never inside them.
 */
import type { Cohort, CsatSummary, MetricsReport, MetricsRow, Outcome, Targets } from '../../../shared/admin-api';
import type { Conversation } from '../ports';
import { settle, type OutcomeOptions } from './outcomes';

/** Fewer ended conversations than this give rates too noisy to warn on. */
export const MIN_ENDED_FOR_WARNINGS = 20;

export interface MetricsOptions extends OutcomeOptions {
  now: number;
}

const DAY_MS = 86_400_000;

const ratio = (part: number, whole: number) => (whole === 0 ? null : part / whole);

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function emptyOutcomes(): Record<Outcome, number> {
  return { 'resolved-confirmed': 0, 'resolved-assumed': 0, escalated: 0, 'human-resolved': 0, abandoned: 0, reopened: 0, open: 0 };
}

export function csatOf(conversations: Conversation[]): CsatSummary {
  const scores = conversations.flatMap((conversation) => (typeof conversation.csat === 'number' ? [conversation.csat] : []));
  return {
    responses: scores.length,
    average: scores.length ? scores.reduce((sum, score) => sum + score, 0) / scores.length : null,
    satisfied: ratio(scores.filter((score) => score >= 4).length, scores.length),
  };
}

export function metricsRow(conversations: Conversation[], options: MetricsOptions): MetricsRow {
  const outcomes = emptyOutcomes();
  const aiOnly: number[] = [];
  const escalated: number[] = [];
  const firstResponse: number[] = [];
  for (const conversation of conversations) {
    const { outcome, outcomeAt } = settle(conversation, options.now, options);
    outcomes[outcome] += 1;
    if (outcomeAt !== undefined && (outcome === 'resolved-confirmed' || outcome === 'resolved-assumed')) aiOnly.push(outcomeAt - conversation.createdAt);
    if (outcomeAt !== undefined && outcome === 'human-resolved') escalated.push(outcomeAt - conversation.createdAt);
    if (conversation.firstResponseAt !== undefined) firstResponse.push(conversation.firstResponseAt - conversation.createdAt);
  }
  const ended = conversations.length - outcomes.open;
  return {
    conversations: conversations.length,
    ended,
    outcomes,
    containment: ratio(outcomes['resolved-confirmed'], ended),
    containmentWithAssumed: ratio(outcomes['resolved-confirmed'] + outcomes['resolved-assumed'], ended),
    escalationRate: ratio(outcomes.escalated + outcomes['human-resolved'], ended),
    csat: csatOf(conversations),
    timeToResolution: { aiOnly: median(aiOnly), escalated: median(escalated) },
    firstResponse: median(firstResponse),
  };
}

export const cohortOf = (conversation: Conversation): Cohort => conversation.cohort ?? 'ai';

export const utcDate = (at: number) => new Date(at).toISOString().slice(0, 10);

/** Every number on the dashboard for conversations created in [from, to). */
export function buildReport(conversations: Conversation[], range: { from: number; to: number }, options: MetricsOptions & { assumedResolutionHours: number; targets: Targets }): MetricsReport {
  const ai = conversations.filter((conversation) => cohortOf(conversation) === 'ai');
  const byDay = new Map<string, Conversation[]>();
  for (let day = Math.floor(range.from / DAY_MS) * DAY_MS; day < range.to; day += DAY_MS) byDay.set(utcDate(day), []);
  const byProduct = new Map<string, Conversation[]>();
  const byCategory = new Map<string, Conversation[]>();
  for (const conversation of ai) {
    byDay.get(utcDate(conversation.createdAt))?.push(conversation);
    const product = conversation.product ?? '(none)';
    byProduct.set(product, [...(byProduct.get(product) ?? []), conversation]);
    const category = conversation.triage?.category ?? 'uncategorised';
    byCategory.set(category, [...(byCategory.get(category) ?? []), conversation]);
  }
  const categories = [...byCategory].sort(([a], [b]) => a.localeCompare(b)).map(([category, items]) => ({ category, ...metricsRow(items, options) }));
  const cohorts = { ai: metricsRow(ai, options), 'human-only': metricsRow(conversations.filter((conversation) => cohortOf(conversation) === 'human-only'), options) };
  return {
    from: new Date(range.from).toISOString(),
    to: new Date(range.to).toISOString(),
    generatedAt: new Date(options.now).toISOString(),
    assumedResolutionHours: options.assumedResolutionHours,
    targets: options.targets,
    overall: metricsRow(conversations, options),
    cohorts,
    days: [...byDay].map(([date, items]) => ({ date, ...metricsRow(items, options) })),
    products: [...byProduct].sort(([a], [b]) => a.localeCompare(b)).map(([product, items]) => ({ product, ...metricsRow(items, options) })),
    categories,
    warnings: [...warnings(cohorts, options.targets), ...categoryWarnings(categories, options.targets)],
    minEndedForWarnings: MIN_ENDED_FOR_WARNINGS,
  };
}

const percent = (value: number) => `${Math.round(value * 100)} %`;

/** One line per metric outside its band, worded for the person who has to act on it. */
export function warnings(cohorts: Record<Cohort, MetricsRow>, targets: Targets): string[] {
  const row = cohorts.ai;
  const lines: string[] = [];
  if (row.ended < MIN_ENDED_FOR_WARNINGS) return lines;
  const { escalationRate, containmentWithAssumed, csat } = targets;
  if (row.escalationRate !== null && row.escalationRate < escalationRate.min) {
    lines.push(`Escalation rate ${percent(row.escalationRate)} is below ${percent(escalationRate.min)}: visitors may be blocked from reaching a person.`);
  }
  if (row.escalationRate !== null && row.escalationRate > escalationRate.max) {
    lines.push(`Escalation rate ${percent(row.escalationRate)} is above ${percent(escalationRate.max)}: the AI is not helping enough; check the review queue.`);
  }
  if (row.containmentWithAssumed !== null && row.containmentWithAssumed < containmentWithAssumed.min) {
    lines.push(`Containment ${percent(row.containmentWithAssumed)} (with assumed) is below ${percent(containmentWithAssumed.min)}.`);
  }
  if (row.containmentWithAssumed !== null && row.containmentWithAssumed > containmentWithAssumed.max) {
    lines.push(`Containment ${percent(row.containmentWithAssumed)} (with assumed) is above ${percent(containmentWithAssumed.max)}: check that silence is not being counted as success.`);
  }
  if (row.csat.satisfied !== null && row.csat.satisfied < csat.min) {
    lines.push(`CSAT ${percent(row.csat.satisfied)} satisfied is below ${percent(csat.min)}.`);
  }
  const human = cohorts['human-only'].csat;
  if (row.csat.average !== null && human.average !== null && row.csat.average < human.average) {
    lines.push(`AI CSAT (${row.csat.average.toFixed(2)}) is below human-only CSAT (${human.average.toFixed(2)}).`);
  }
  return lines;
}

/** Containment per category against the band: the brief's 60–80 % is a target for each common issue. */
export function categoryWarnings(categories: (MetricsRow & { category: string })[], targets: Targets): string[] {
  const band = targets.containmentWithAssumed;
  return categories.flatMap((row) => {
    if (row.ended < MIN_ENDED_FOR_WARNINGS || row.containmentWithAssumed === null || row.category === 'uncategorised') return [];
    if (row.containmentWithAssumed >= band.min) return [];
    return [`Containment for ${row.category} ${percent(row.containmentWithAssumed)} (with assumed, ${row.ended} ended) is below ${percent(band.min)}.`];
  });
}
