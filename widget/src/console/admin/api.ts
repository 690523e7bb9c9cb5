/**
 * The admin API from the dashboard page: the token lives in sessionStorage
 * (gone when the tab closes), travels only as a Bearer header, never in a URL.
 */
import type { MetricsReport, ReviewQueue } from '../../../../shared/admin-api';
import type { DocsSyncView } from '../../../../shared/staff-api';

export type { DocsSyncView, MetricsReport, ReviewQueue };
export type { MetricsRow, ReviewItem } from '../../../../shared/admin-api';

const KEY = 'switchboard:admin-token';

export const token = {
  get: () => sessionStorage.getItem(KEY) ?? '',
  set: (value: string) => sessionStorage.setItem(KEY, value),
  clear: () => sessionStorage.removeItem(KEY),
};

export class UnauthorizedError extends Error {}

async function call(path: string, init: RequestInit = {}): Promise<Response> {
  const response = await fetch(path, { ...init, headers: { authorization: `Bearer ${token.get()}`, ...(init.body ? { 'content-type': 'application/json' } : {}) } });
  if (response.status === 401) throw new UnauthorizedError('That token was not accepted.');
  if (!response.ok) {
    const body = (await response.json().catch(() => undefined)) as { error?: { message?: string } } | undefined;
    throw new Error(body?.error?.message ?? `The server answered ${response.status}.`);
  }
  return response;
}

export interface Range {
  from: string;
  to: string;
}

const query = (range: Range) => `from=${encodeURIComponent(range.from)}&to=${encodeURIComponent(range.to)}`;

export const api = {
  metrics: async (range: Range): Promise<MetricsReport> => (await call(`/admin/api/metrics?${query(range)}`)).json(),
  review: async (range: Range): Promise<ReviewQueue> => (await call(`/admin/api/review?${query(range)}`)).json(),
  docsSync: async (): Promise<DocsSyncView> => (await call('/admin/api/docs-sync')).json(),
  markCause: async (id: string, cause: string | null) => {
    await call(`/admin/api/review/${encodeURIComponent(id)}`, { method: 'POST', body: JSON.stringify({ cause }) });
  },
  /** Fetched with the Bearer header, then saved from a blob URL: the token never appears in a link. */
  download: async (kind: 'conversations' | 'metrics' | 'categories', range: Range) => {
    const blob = await (await call(`/admin/api/export/${kind}.csv?${query(range)}`)).blob();
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = `switchboard-${kind}-${range.from}-${range.to}.csv`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  },
};
