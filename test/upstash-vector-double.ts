/**
 * TEST DOUBLE of Upstash Vector's REST API — not the real service, which is
 * paid and unreachable from tests. It implements what @upstash/vector 1.2.x
 * sends (paths, bodies, `{result}` / `{error}` answers) closely enough to test
 * adapters and the ingest target:
 *
 *   POST /upsert[/ns], /upsert-data[/ns], /query[/ns], /query-data[/ns],
 *        /delete[/ns], /range[/ns], /fetch[/ns], /reset[/ns], /info
 *
 * Similarity for `data` is naive and lexical (term-frequency cosine), scores
 * are normalised like Upstash's cosine, (1 + cos) / 2. Filters support
 * `field = 'v'`, `field != 'v'` joined by AND. Upstash's limits are enforced:
 * 1000 vectors per request, metadata ≤ 48 KB, data ≤ 1 MB. Bearer auth; faults.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody, sendJson } from './http-helpers';

export interface StoredVector {
  id: string;
  vector?: number[];
  data?: string;
  metadata?: Record<string, unknown>;
}

export interface VectorFault {
  status?: number;
  delayMs?: number;
  /** Apply to this many requests, then clear; forever when absent. */
  times?: number;
  /** Only requests whose path starts with this (e.g. `/upsert`). */
  path?: string;
  /** Let this many matching requests through first. */
  skip?: number;
}

export interface VectorDouble {
  url: string;
  token: string;
  namespaces: Map<string, Map<string, StoredVector>>;
  setFault(fault: VectorFault | null): void;
  /** Path and vector count of every authorised request. */
  readonly requests: { path: string; count: number }[];
  close(): Promise<void>;
}

export const LIMITS = { vectorsPerRequest: 1000, metadataBytes: 48 * 1024, dataBytes: 1024 * 1024 } as const;

class ClientError extends Error {}

export async function startVectorDouble(options: { token: string; port?: number }): Promise<VectorDouble> {
  const namespaces = new Map<string, Map<string, StoredVector>>();
  const requests: { path: string; count: number }[] = [];
  let fault: VectorFault | null = null;
  const space = (name: string) => {
    let vectors = namespaces.get(name);
    if (!vectors) namespaces.set(name, (vectors = new Map()));
    return vectors;
  };

  const takeFault = (path: string): VectorFault | null => {
    const current = fault;
    if (!current || (current.path && !path.startsWith(current.path))) return null;
    if (current.skip) {
      current.skip -= 1;
      return null;
    }
    if (current.times !== undefined && --current.times <= 0) fault = null;
    return current;
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      const status = error instanceof ClientError ? 400 : 500;
      if (!response.headersSent) sendJson(response, status, { error: (error as Error).message });
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const text = await readBody(request);
    if (request.headers.authorization !== `Bearer ${options.token}`) return sendJson(response, 401, { error: 'Unauthorized' });
    const [, command = '', namespace = ''] = (new URL(request.url ?? '/', 'http://double').pathname.match(/^\/([\w-]+)(?:\/(.*))?$/) ?? []) as string[];
    const body = text ? (JSON.parse(text) as unknown) : undefined;
    requests.push({ path: `/${command}${namespace ? `/${namespace}` : ''}`, count: Array.isArray(body) ? body.length : 1 });
    const active = takeFault(requests.at(-1)!.path);
    if (active?.delayMs) await new Promise((resolve) => setTimeout(resolve, active.delayMs));
    if (active?.status) return sendJson(response, active.status, { error: 'injected fault' });
    const vectors = space(decodeURIComponent(namespace));
    const result = run(command, vectors, body);
    sendJson(response, 200, { result });
  }

  function run(command: string, vectors: Map<string, StoredVector>, body: unknown): unknown {
    switch (command) {
      case 'upsert':
      case 'upsert-data': {
        const items = (Array.isArray(body) ? body : [body]) as StoredVector[];
        if (items.length > LIMITS.vectorsPerRequest) throw new ClientError(`Exceeded max batch size ${LIMITS.vectorsPerRequest}`);
        for (const item of items) {
          if (typeof item?.id !== 'string' && typeof item?.id !== 'number') throw new ClientError('id is required');
          if (command === 'upsert-data' && typeof item.data !== 'string') throw new ClientError('data is required');
          if (command === 'upsert' && !Array.isArray(item.vector)) throw new ClientError('vector is required');
          if (item.metadata && Buffer.byteLength(JSON.stringify(item.metadata)) > LIMITS.metadataBytes) throw new ClientError('Metadata size limit exceeded');
          if (item.data && Buffer.byteLength(item.data) > LIMITS.dataBytes) throw new ClientError('Data size limit exceeded');
        }
        for (const item of items) vectors.set(String(item.id), { id: String(item.id), vector: item.vector, data: item.data, metadata: item.metadata });
        return 'Success';
      }
      case 'query':
      case 'query-data': {
        const query = body as { topK?: number; filter?: string; data?: string; vector?: number[]; includeMetadata?: boolean; includeData?: boolean; includeVectors?: boolean };
        const matches = compileFilter(query.filter ?? '');
        const score = (item: StoredVector) =>
          command === 'query-data' ? lexicalScore(query.data ?? '', item.data ?? '') : cosineScore(query.vector ?? [], item.vector ?? []);
        return [...vectors.values()]
          .filter((item) => matches(item.metadata ?? {}))
          .map((item) => ({ item, score: score(item) }))
          .sort((a, b) => b.score - a.score)
          .slice(0, query.topK ?? 10)
          .map(({ item, score: value }) => project(item, query, { score: value }));
      }
      case 'delete': {
        const payload = body as { ids?: (string | number)[]; prefix?: string; filter?: string };
        let deleted = 0;
        const remove = (id: string) => void (vectors.delete(id) && (deleted += 1));
        if (payload.ids) payload.ids.map(String).forEach(remove);
        else if (payload.prefix !== undefined) [...vectors.keys()].filter((id) => id.startsWith(payload.prefix!)).forEach(remove);
        else if (payload.filter) {
          const matches = compileFilter(payload.filter);
          [...vectors.values()].filter((item) => matches(item.metadata ?? {})).forEach((item) => remove(item.id));
        }
        return { deleted };
      }
      case 'range': {
        const payload = body as { cursor?: string | number; limit: number; prefix?: string; includeMetadata?: boolean; includeData?: boolean; includeVectors?: boolean };
        const ids = [...vectors.keys()].filter((id) => !payload.prefix || id.startsWith(payload.prefix)).sort();
        const start = Number(payload.cursor || 0);
        const page = ids.slice(start, start + payload.limit);
        const next = start + page.length;
        return { nextCursor: next < ids.length ? String(next) : '', vectors: page.map((id) => project(vectors.get(id)!, payload, {})) };
      }
      case 'fetch': {
        const payload = body as { ids?: string[]; includeMetadata?: boolean; includeData?: boolean };
        return (payload.ids ?? []).map((id) => {
          const item = vectors.get(String(id));
          return item ? project(item, payload, {}) : null;
        });
      }
      case 'reset':
        vectors.clear();
        return 'Success';
      case 'info': {
        const all = [...namespaces.entries()];
        const count = all.reduce((sum, [, items]) => sum + items.size, 0);
        return {
          vectorCount: count,
          pendingVectorCount: 0,
          indexSize: count * 1024,
          dimension: 0,
          similarityFunction: 'COSINE',
          namespaces: Object.fromEntries(all.map(([name, items]) => [name, { vectorCount: items.size, pendingVectorCount: 0 }])),
        };
      }
      default:
        throw new ClientError(`unknown endpoint ${command}`);
    }
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    token: options.token,
    namespaces,
    requests,
    setFault(next) {
      fault = next ? { ...next } : null;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function project(item: StoredVector, include: { includeMetadata?: boolean; includeData?: boolean; includeVectors?: boolean }, extra: object) {
  return {
    id: item.id,
    ...extra,
    ...(include.includeVectors && item.vector ? { vector: item.vector } : {}),
    ...(include.includeMetadata && item.metadata ? { metadata: item.metadata } : {}),
    ...(include.includeData && item.data !== undefined ? { data: item.data } : {}),
  };
}

/** `a = 'x' AND b != 'y' AND n = 3`; anything else is refused like Upstash refuses bad syntax. */
function compileFilter(filter: string): (metadata: Record<string, unknown>) => boolean {
  if (!filter.trim()) return () => true;
  const clauses = filter.split(/\s+AND\s+/i).map((clause) => {
    const match = /^\s*([A-Za-z_][\w.]*)\s*(=|!=)\s*(?:'((?:[^'\\]|\\.)*)'|(-?\d+(?:\.\d+)?))\s*$/.exec(clause);
    if (!match) throw new ClientError(`Invalid filter: ${clause}`);
    const [, field = '', operator, text, number] = match;
    const expected: unknown = text !== undefined ? text : Number(number);
    return (metadata: Record<string, unknown>) => (operator === '=' ? metadata[field] === expected : metadata[field] !== expected);
  });
  return (metadata) => clauses.every((clause) => clause(metadata));
}

function terms(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const term of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) counts.set(term, (counts.get(term) ?? 0) + 1);
  return counts;
}

function lexicalScore(query: string, document: string): number {
  const a = terms(query);
  const b = terms(document);
  let dot = 0;
  for (const [term, count] of a) dot += count * (b.get(term) ?? 0);
  const norm = Math.sqrt([...a.values()].reduce((sum, n) => sum + n * n, 0)) * Math.sqrt([...b.values()].reduce((sum, n) => sum + n * n, 0));
  return norm === 0 ? 0.5 : (1 + dot / norm) / 2;
}

function cosineScore(a: number[], b: number[]): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let index = 0; index < Math.min(a.length, b.length); index += 1) {
    dot += a[index]! * b[index]!;
    normA += a[index]! ** 2;
    normB += b[index]! ** 2;
  }
  return normA === 0 || normB === 0 ? 0.5 : (1 + dot / Math.sqrt(normA * normB)) / 2;
}


