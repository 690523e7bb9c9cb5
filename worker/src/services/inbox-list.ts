/**
 * One page of the agent inbox: cases filtered by status and category, sorted
 * by urgency (high first) or by the latest activity, with the total that
 * matched, so a flood of cases cannot hide one behind a fixed list length.
 */
import type { CaseStatus, InboxCase } from '../ports/support-store';
import { reasonCode } from '../../../shared/reasons';
import type { InboxPage } from '../../../shared/staff-api';

export const CASE_STATUSES: readonly CaseStatus[] = ['new', 'open', 'waiting', 'resolved'];
export const INBOX_SORTS = ['urgency', 'recent'] as const;
export type InboxSort = (typeof INBOX_SORTS)[number];
/** A case with no triage yet files under this category filter. */
export const UNCATEGORISED = 'uncategorised';

export interface InboxQuery {
  status?: CaseStatus;
  category?: string;
  sort: InboxSort;
  /** 1-based. */
  page: number;
  pageSize: number;
}

const categoryOf = (item: InboxCase) => item.triage?.category ?? UNCATEGORISED;
const urgencyRank = (item: InboxCase) => (item.triage?.urgency === 'high' ? 0 : 1);

/** `cases` most recently updated first, as the store lists them. Reasons are returned in their one spelling. */
export function inboxPage(cases: InboxCase[], query: InboxQuery): InboxPage {
  const byStatus = query.status ? cases.filter((item) => item.status === query.status) : cases;
  const categories: Record<string, number> = {};
  for (const item of byStatus) categories[categoryOf(item)] = (categories[categoryOf(item)] ?? 0) + 1;
  const matching = query.category ? byStatus.filter((item) => categoryOf(item) === query.category) : byStatus;
  // Array.prototype.sort is stable: equal urgency keeps the newest first.
  const sorted = query.sort === 'urgency' ? [...matching].sort((a, b) => urgencyRank(a) - urgencyRank(b)) : matching;
  const start = (query.page - 1) * query.pageSize;
  return {
    cases: sorted.slice(start, start + query.pageSize).map((item) => ({ ...item, reasons: [...new Set(item.reasons.map(reasonCode))] })),
    total: matching.length,
    page: query.page,
    pageSize: query.pageSize,
    pages: Math.max(1, Math.ceil(matching.length / query.pageSize)),
    categories,
  };
}
