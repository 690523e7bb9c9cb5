/**
 * What the staff API answers the consoles with (widget/src/console/): the
 * agent inbox's case records. The worker's ports speak the same records.
 */
import type { PacketTriage } from './handoff-packet';

/** Where an escalated conversation stands in the agent inbox. */
export type CaseStatus = 'new' | 'open' | 'waiting' | 'resolved';

/** One escalated conversation in the agent inbox (services/inbox.ts). */
export interface InboxCase {
  /** The conversation id, or the handoff reference when the visitor had no conversation yet. */
  id: string;
  conversationId?: string;
  /** The latest handoff's reference. */
  reference: string;
  status: CaseStatus;
  reasons: string[];
  /** Who the customer is, as the agent should see it: verified name or contact. */
  customer: string;
  /** True only when every shown customer field was signed by the site owner (shared shownCustomer). */
  customerVerified: boolean;
  /** The signed `sub` of a verified visitor: the key of their earlier cases (listCustomerCases). */
  customerId?: string;
  email?: string;
  lastQuestion: string;
  product?: string;
  createdAt: number;
  updatedAt: number;
  resolution?: string;
  /** The triage the latest handoff carried (all null when none was made); absent on cases stored before triage existed. */
  triage?: PacketTriage;
}

/** One page of the agent inbox (`GET /agent/api/cases`). */
export interface InboxPage {
  cases: InboxCase[];
  /** Cases matching the filters, over every page. */
  total: number;
  page: number;
  pageSize: number;
  pages: number;
  /** Cases per category among those matching the status filter, for the category picker. */
  categories: Record<string, number>;
}

/** What the cases route answers: the page, and the handoff destinations switched off after repeated failures. */
export interface CasePage extends InboxPage {
  disabledDestinations: Record<string, string>;
}

/** The last finished docs sync (DOCS_SYNC_URL), as the admin dashboard shows it. */
export interface LastDocsSync {
  url: string;
  startedAt: string;
  finishedAt: string;
  pages: number;
  added: number;
  changed: number;
  removed: number;
  unchanged: number;
  failed: number;
  /** The first failures: URL and status (or why). */
  failures: { url: string; status: number | string }[];
  /** Set when the sync changed nothing because of it (the site could not be read at all). */
  error?: string;
}

/** A docs sync in progress. */
export interface RunningDocsSync {
  url: string;
  startedAt: string;
  done: number;
  queued: number;
  failed: number;
}

/** GET /admin/api/docs-sync. */
export interface DocsSyncView {
  /** False without DOCS_SYNC_URL: the local index is synced by re-running ingest and deploying. */
  configured: boolean;
  url?: string;
  cron?: string;
  last?: LastDocsSync;
  running?: RunningDocsSync;
}
