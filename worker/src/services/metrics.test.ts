import { describe, expect, it } from 'vitest';
import type { Conversation } from '../ports';
import { buildReport, median } from './metrics';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const D1 = Date.UTC(2026, 2, 1);
const D2 = Date.UTC(2026, 2, 2);
const NOW = Date.UTC(2026, 2, 10, 12);
const targets = { containmentWithAssumed: { min: 0.5, max: 0.8 }, escalationRate: { min: 0.2, max: 0.4 }, csat: { min: 0.8, max: 1 } };
const options = { now: NOW, assumedAfterMs: 24 * HOUR, reopenWithinMs: 72 * HOUR, assumedResolutionHours: 24, targets };

function seeded(id: string, createdAt: number, fields: Partial<Conversation>): Conversation {
  return { id, tokenHash: 'h', createdAt, updatedAt: createdAt, status: 'ai', product: 'lumen', cohort: 'ai', ...fields };
}

/** Ten conversations over two days; every expected number below is worked out by hand from this table. */
const conversations: Conversation[] = [
  seeded('c1', D1, { firstResponseAt: D1 + 2 * SECOND, lastAnswerAt: D1 + 2 * SECOND, outcome: 'resolved-confirmed', outcomeAt: D1 + 10 * MINUTE, csat: 5 }),
  seeded('c2', D1 + HOUR, { firstResponseAt: D1 + HOUR + 4 * SECOND, lastAnswerAt: D1 + HOUR + 5 * MINUTE }),
  seeded('c3', D1 + 2 * HOUR, { firstResponseAt: D1 + 2 * HOUR + 6 * SECOND, outcome: 'escalated', escalatedAt: D1 + 2 * HOUR + MINUTE, status: 'resolved', updatedAt: D1 + 4 * HOUR, csat: 4 }),
  seeded('c4', D1 + 3 * HOUR, { firstResponseAt: D1 + 3 * HOUR + 8 * SECOND, outcome: 'escalated', outcomeAt: D1 + 3 * HOUR + 30 * SECOND, escalatedAt: D1 + 3 * HOUR + 30 * SECOND, status: 'escalated', csat: 2 }),
  seeded('c5', D2, { product: 'lumen-teams', firstResponseAt: D2 + 2 * SECOND, lastAnswerAt: D2 + MINUTE, lastAnswerUnhelpful: true }),
  seeded('c6', D2 + HOUR, { firstResponseAt: D2 + HOUR + 10 * SECOND, outcome: 'reopened', outcomeAt: D2 + 5 * HOUR, csat: 1 }),
  seeded('c7', D2 + 2 * HOUR, { firstResponseAt: D2 + 2 * HOUR + 4 * SECOND, lastAnswerAt: NOW - HOUR }),
  seeded('c8', D2 + 3 * HOUR, { firstResponseAt: D2 + 3 * HOUR + 2 * SECOND, outcome: 'resolved-confirmed', outcomeAt: D2 + 3 * HOUR + 20 * MINUTE, csat: 4 }),
  seeded('h1', D1 + 5 * HOUR, { cohort: 'human-only', firstResponseAt: D1 + 5 * HOUR + SECOND, outcome: 'escalated', escalatedAt: D1 + 5 * HOUR + SECOND, status: 'resolved', updatedAt: D1 + 9 * HOUR, csat: 5 }),
  seeded('h2', D2 + 5 * HOUR, { cohort: 'human-only', firstResponseAt: D2 + 5 * HOUR + SECOND, outcome: 'escalated', escalatedAt: D2 + 5 * HOUR + SECOND, status: 'escalated', csat: 3 }),
];

const report = buildReport(conversations, { from: D1, to: D2 + 24 * HOUR }, options);
/** The same table three times (21 ended in the AI cohort, the same rates): enough ended conversations to warn on. */
const tripled = [0, 1, 2].flatMap((copy) => conversations.map((conversation) => ({ ...conversation, id: `${conversation.id}-${copy}` })));
const warned = buildReport(tripled, { from: D1, to: D2 + 24 * HOUR }, options);

describe('metrics from seeded conversations', () => {
  it('counts each AI conversation under exactly one outcome, assumed apart from confirmed', () => {
    expect(report.cohorts.ai.outcomes).toEqual({ 'resolved-confirmed': 2, 'resolved-assumed': 1, escalated: 1, 'human-resolved': 1, abandoned: 1, reopened: 1, open: 1 });
    expect(report.cohorts.ai.conversations).toBe(8);
    expect(report.cohorts.ai.ended).toBe(7);
  });

  it('computes containment with and without assumed, and the escalation rate, over ended conversations', () => {
    expect(report.cohorts.ai.containment).toBeCloseTo(2 / 7, 10);
    expect(report.cohorts.ai.containmentWithAssumed).toBeCloseTo(3 / 7, 10);
    expect(report.cohorts.ai.escalationRate).toBeCloseTo(2 / 7, 10);
  });

  it('computes CSAT as the mean and the share of 4s and 5s, for the AI and the human-only cohort', () => {
    expect(report.cohorts.ai.csat).toEqual({ responses: 5, average: 3.2, satisfied: 0.6 });
    expect(report.cohorts['human-only'].csat).toEqual({ responses: 2, average: 4, satisfied: 0.5 });
    expect(report.overall.csat.responses).toBe(7);
    expect(report.overall.csat.average).toBeCloseTo(24 / 7, 10);
  });

  it('takes median resolution times for AI-only and escalated conversations, and the median first response', () => {
    expect(report.cohorts.ai.timeToResolution).toEqual({ aiOnly: 10 * MINUTE, escalated: 2 * HOUR });
    expect(report.overall.timeToResolution.escalated).toBe(3 * HOUR);
    expect(report.cohorts.ai.firstResponse).toBe(4 * SECOND);
    expect(report.cohorts['human-only'].firstResponse).toBe(SECOND);
  });

  it('splits the AI cohort per UTC day and per product', () => {
    expect(report.days.map((day) => day.date)).toEqual(['2026-03-01', '2026-03-02']);
    const [first, second] = report.days;
    expect(first).toMatchObject({ conversations: 4, ended: 4, containment: 0.25, containmentWithAssumed: 0.5, escalationRate: 0.5, firstResponse: 5 * SECOND });
    expect(first!.csat.average).toBeCloseTo(11 / 3, 10);
    expect(second).toMatchObject({ conversations: 4, ended: 3, escalationRate: 0, csat: { responses: 2, average: 2.5, satisfied: 0.5 } });
    expect(second!.containment).toBeCloseTo(1 / 3, 10);
    expect(report.products.map((row) => [row.product, row.conversations, row.outcomes.abandoned])).toEqual([
      ['lumen', 7, 0],
      ['lumen-teams', 1, 1],
    ]);
  });

  it('warns for each metric outside its band, and when the AI scores below human-only', () => {
    expect(warned.warnings).toEqual([
      'Containment 43 % (with assumed) is below 50 %.',
      'CSAT 60 % satisfied is below 80 %.',
      'AI CSAT (3.20) is below human-only CSAT (4.00).',
    ]);
  });

  it('warns against the bands it is given', () => {
    const strict = buildReport(tripled, { from: D1, to: D2 + 24 * HOUR }, { ...options, targets: { ...targets, containmentWithAssumed: { min: 0.4, max: 0.8 }, escalationRate: { min: 0.3, max: 0.35 } } });
    expect(strict.targets.escalationRate).toEqual({ min: 0.3, max: 0.35 });
    expect(strict.warnings.filter((line) => /Escalation|Containment/.test(line))).toEqual([`Escalation rate ${Math.round(report.cohorts.ai.escalationRate! * 100)} % is below 30 %: visitors may be blocked from reaching a person.`]);
  });

  it('does not warn before 20 conversations have ended, and reports the open ones beside the rates', () => {
    expect(report.cohorts.ai.ended).toBe(7);
    expect(report.warnings).toEqual([]);
    // Day one: 27 conversations, 24 answered and still open, 3 escalated.
    const dayOne = Array.from({ length: 27 }, (_, index) =>
      seeded(`d${index}`, NOW - HOUR, index < 3 ? { outcome: 'escalated', outcomeAt: NOW - HOUR + MINUTE, escalatedAt: NOW - HOUR + MINUTE } : { lastAnswerAt: NOW - HOUR + SECOND }),
    );
    const early = buildReport(dayOne, { from: D1, to: NOW + HOUR }, options);
    expect(early.cohorts.ai).toMatchObject({ conversations: 27, ended: 3, escalationRate: 1, outcomes: { open: 24 } });
    expect(early.warnings).toEqual([]);
    const ended = buildReport([...dayOne.slice(0, 3), ...Array.from({ length: 17 }, (_, index) => seeded(`e${index}`, D1, { outcome: 'escalated', escalatedAt: D1 + MINUTE }))], { from: D1, to: NOW + HOUR }, options);
    expect(ended.cohorts.ai.ended).toBe(20);
    expect(ended.warnings[0]).toMatch(/^Escalation rate 100 % is above 40 %/);
  });

  it('reports containment, escalation and CSAT per triage category, and warns per category from 20 ended', () => {
    const triage = (category: string) => ({ category, sentiment: 'neutral' as const, urgency: 'normal' as const, summary: 's', lang: 'en' });
    const rows = [
      ...Array.from({ length: 20 }, (_, index) => seeded(`b${index}`, D1, { triage: triage('billing'), outcome: 'escalated', escalatedAt: D1 + MINUTE, csat: index < 10 ? 2 : 4 })),
      seeded('h0', D1, { triage: triage('how-to'), outcome: 'resolved-confirmed', outcomeAt: D1 + MINUTE, csat: 5 }),
      seeded('h1', D1, { triage: triage('how-to'), lastAnswerAt: NOW - HOUR }),
      seeded('n0', D1, {}),
    ];
    const byCategory = buildReport(rows, { from: D1, to: D2 }, options).categories;
    expect(byCategory.map((row) => row.category)).toEqual(['billing', 'how-to', 'uncategorised']);
    expect(byCategory[0]).toMatchObject({ conversations: 20, ended: 20, containment: 0, escalationRate: 1, csat: { responses: 20, average: 3, satisfied: 0.5 } });
    expect(byCategory[1]).toMatchObject({ conversations: 2, ended: 1, containment: 1, escalationRate: 0, outcomes: { open: 1 }, csat: { responses: 1, average: 5 } });
    expect(buildReport(rows, { from: D1, to: D2 }, options).warnings).toContain('Containment for billing 0 % (with assumed, 20 ended) is below 50 %.');
  });

  it('includes empty days, and answers null (not 0) when nothing has ended', () => {
    const empty = buildReport([], { from: D1, to: D1 + 3 * 24 * HOUR }, options);
    expect(empty.days).toHaveLength(3);
    expect(empty.overall).toMatchObject({ containment: null, escalationRate: null, csat: { responses: 0, average: null, satisfied: null } });
    expect(empty.warnings).toEqual([]);
  });

  it('medians of even and odd counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });
});
