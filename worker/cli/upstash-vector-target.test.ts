/** UpstashVectorTarget with the real @upstash/vector client against the local Upstash Vector TEST DOUBLE. */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Index } from '@upstash/vector';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startVectorDouble, type VectorDouble } from '../../test/upstash-vector-double';
import type { Chunk } from '../src/retrieval/markdown-chunker';
import { UpstashVectorTarget, type BatchProgress } from './upstash-vector-target';

let double: VectorDouble;
let folder: string;
let run = 0;
const index = () => new Index({ url: double.url, token: double.token, enableTelemetry: false, retry: false });
const chunk = (n: number, extra: Partial<Chunk> = {}): Chunk => ({
  id: `page-${n}#${n.toString(36)}`,
  pageId: `page-${n}`,
  title: `Page ${n}`,
  section: n % 2 ? 'Setup' : '',
  url: `https://docs.example.com/page-${n}`,
  product: 'notes',
  text: `How to do thing number ${n}.`,
  ...extra,
});
const chunks = (count: number) => Array.from({ length: count }, (_, n) => chunk(n));

beforeAll(async () => {
  double = await startVectorDouble({ token: 'ingest-token' });
  folder = await mkdtemp(join(tmpdir(), 'sb-vector-'));
});
afterAll(async () => {
  await double?.close();
  await rm(folder, { recursive: true, force: true });
});
let namespace = '';
beforeEach(() => {
  namespace = `docs-${(run += 1)}`;
  double.setFault(null);
});

describe('UpstashVectorTarget (against the Upstash Vector test double)', () => {
  it('adds everything to an empty namespace, then finds nothing to do', async () => {
    const target = new UpstashVectorTarget(index(), { collection: 'docs', namespace });
    const plan = await target.plan(chunks(3));
    expect([plan.add.length, plan.remove.length, plan.unchanged]).toEqual([3, 0, 0]);
    expect(await target.apply(plan)).toEqual({ upserted: 3, deleted: 0, skipped: 0, failed: [] });
    const stored = double.namespaces.get(namespace)!.get('page-1#1');
    expect(stored).toMatchObject({ data: 'How to do thing number 1.', metadata: { title: 'Page 1', url: 'https://docs.example.com/page-1', pageId: 'page-1', section: 'Setup', product: 'notes' } });
    expect(double.namespaces.get(namespace)!.get('page-0#0')!.metadata).not.toHaveProperty('section');
    const again = await target.plan(chunks(3));
    expect([again.add.length, again.remove.length, again.unchanged]).toEqual([0, 0, 3]);
  });

  it('removes chunks no longer produced and adds changed ones', async () => {
    const target = new UpstashVectorTarget(index(), { collection: 'docs', namespace });
    await target.apply(await target.plan(chunks(3)));
    const next = [chunk(0), chunk(1, { id: 'page-1#changed', text: 'New text.' })];
    const plan = await target.plan(next);
    expect(plan.add.map((item) => item.id)).toEqual(['page-1#changed']);
    expect(plan.remove).toEqual(['page-1#1', 'page-2#2']);
    expect(plan.unchanged).toBe(1);
    await target.apply(plan);
    expect([...double.namespaces.get(namespace)!.keys()].sort()).toEqual(['page-0#0', 'page-1#changed']);
  });

  it('lists past one range page and batches within 1000 vectors per request', async () => {
    const target = new UpstashVectorTarget(index(), { collection: 'docs', namespace, batchSize: 5000 });
    const start = double.requests.length;
    await target.apply(await target.plan(chunks(2300)));
    const upserts = double.requests.slice(start).filter((request) => request.path === `/upsert-data/${namespace}`);
    expect(upserts.map((request) => request.count)).toEqual([1000, 1000, 300]);
    const plan = await target.plan(chunks(2300));
    expect(plan.unchanged).toBe(2300);
  });

  it('rejects chunks over Upstash’s metadata limit instead of failing the batch', async () => {
    const target = new UpstashVectorTarget(index(), { collection: 'docs', namespace });
    const plan = await target.plan([chunk(1), chunk(2, { title: 'x'.repeat(50 * 1024) })]);
    expect(plan.rejected).toEqual([{ id: 'page-2#2', reason: 'metadata over 48 KB' }]);
    expect(plan.add.map((item) => item.id)).toEqual(['page-1#1']);
  });

  it('reports a failed batch and resumes from the manifest without resending finished batches', async () => {
    const manifestPath = join(folder, `${namespace}.json`);
    const target = new UpstashVectorTarget(index(), { collection: 'docs', namespace, batchSize: 10, manifestPath });
    const plan = await target.plan(chunks(30));
    const events: BatchProgress[] = [];
    double.setFault({ status: 500, path: '/upsert', skip: 1, times: 1 });
    const report = await target.apply(plan, (progress) => events.push(progress));
    expect(report.failed).toHaveLength(1);
    expect(report.upserted).toBe(20);
    expect(events.map((event) => event.status)).toEqual(['done', 'failed', 'done']);
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as { completed: string[] };
    expect(manifest.completed).toHaveLength(2);

    const resumed = await target.apply(plan);
    expect(resumed).toEqual({ upserted: 10, deleted: 0, skipped: 2, failed: [] });
    expect(double.namespaces.get(namespace)!.size).toBe(30);
    await expect(readFile(manifestPath, 'utf8')).rejects.toThrow();
  });

  it('upserts vectors from its own embedder, keeping the text as data', async () => {
    const target = new UpstashVectorTarget(index(), { collection: 'tickets', namespace, embed: async (texts) => texts.map(() => [0.1, 0.2]) });
    await target.apply(await target.plan(chunks(2)));
    expect(double.namespaces.get(namespace)!.get('page-0#0')).toMatchObject({ vector: [0.1, 0.2], data: 'How to do thing number 0.' });
    expect(double.requests.at(-1)?.path).toBe(`/upsert/${namespace}`);
  });
});
