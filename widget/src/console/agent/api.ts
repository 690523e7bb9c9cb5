/**
 * The agent API as typed calls. The token lives in sessionStorage (this tab
 * only, gone when it closes) and travels only as a Bearer header; the page
 * sets no cookies.
 */
import type { Source } from '../../../../shared/protocol';

const KEY = 'switchboard-agent-token';

// The same types the worker stores and sends: one definition, no drift.
export type { CasePage, CaseStatus, InboxCase } from '../../../../shared/staff-api';
import type { CasePage, InboxCase } from '../../../../shared/staff-api';
import type { PacketTriage } from '../../../../shared/handoff-packet';

export interface Packet {
  version: number;
  reference: string;
  reasons: string[];
  pageUrl: string | null;
  contact: { name: string | null; email: string | null; note: string | null };
  customer: { verified: boolean; id: string | null; name: string | null; email: string | null; plan: string | null; valueTier: string | null };
  lastAnswer: { text: string; sources: Source[]; confidence: string; incomplete: boolean } | null;
  transcript: { role: string; text: string; at: string }[];
  triage?: PacketTriage;
}


export interface CaseQuery {
  status?: string;
  category?: string;
  page: number;
}

export interface CaseDetail {
  case: InboxCase;
  conversation: { status: string; pageUrl: string | null; product: string | null; lang: string | null } | null;
  messages: { id: string; role: string; text: string; at: number; sources?: Source[]; confidence?: string; replyTo?: string }[];
  packet: Packet | null;
  delivery: { delivery: string; attempts: number; lastError: string | null; destinations: Record<string, string> } | null;
}

export interface Draft {
  text: string;
  sources: Source[];
  mode: 'generated' | 'extractive';
}

export class UnauthorizedError extends Error {}

export const token = {
  get: () => sessionStorage.getItem(KEY) ?? '',
  set: (value: string) => sessionStorage.setItem(KEY, value),
  clear: () => sessionStorage.removeItem(KEY),
};

async function call<T>(path: string, body?: unknown): Promise<T> {
  const response = await fetch(`/agent/api${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${token.get()}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'omit',
    cache: 'no-store',
  });
  if (response.status === 401) throw new UnauthorizedError('The token was not accepted.');
  const data = (await response.json().catch(() => ({}))) as { error?: { message?: string } };
  if (!response.ok) throw new Error(data.error?.message ?? `The server answered ${response.status}.`);
  return data as T;
}

export const api = {
  cases: (query: CaseQuery) => {
    const search = new URLSearchParams({ sort: 'urgency', page: String(query.page) });
    if (query.status) search.set('status', query.status);
    if (query.category) search.set('category', query.category);
    return call<CasePage>(`/cases?${search}`);
  },
  detail: (id: string) => call<CaseDetail>(`/cases/${encodeURIComponent(id)}`),
  draft: (id: string) => call<Draft>(`/cases/${encodeURIComponent(id)}/draft`, {}),
  reply: (id: string, text: string) => call<unknown>(`/cases/${encodeURIComponent(id)}/reply`, { text }),
  handBack: (id: string) => call<unknown>(`/cases/${encodeURIComponent(id)}/hand-back`, {}),
  resolve: (id: string, note: string) => call<unknown>(`/cases/${encodeURIComponent(id)}/resolve`, { note }),
  enable: (name: string) => call<unknown>(`/destinations/${encodeURIComponent(name)}/enable`, {}),
};
