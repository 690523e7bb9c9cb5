/** UpstashVectorRetriever with the real @upstash/vector client against the local Upstash Vector TEST DOUBLE. */
import { Index } from '@upstash/vector';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVectorDouble, type VectorDouble } from '../../../test/upstash-vector-double';
import { productFilter, UpstashVectorRetriever, VectorSearchError, type Embedder } from './upstash-vector-retriever';

let double: VectorDouble;
const index = (options: { signal?: () => AbortSignal } = {}) =>
  new Index({ url: double.url, token: double.token, enableTelemetry: false, retry: false, ...options }) as never;

const meta = (pageId: string, product: string, extra: object = {}) => ({ title: `Title ${pageId}`, url: `https://docs.example.com/${pageId}`, section: 'Intro', product, updatedAt: '2026-01-01', pageId, ...extra });

beforeAll(async () => {
  double = await startVectorDouble({ token: 'vector-token' });
  const docs = new Index({ url: double.url, token: double.token, enableTelemetry: false }).namespace('docs');
  await docs.upsert([
    { id: 'reset#1', data: 'Reset your password from Settings, then Security.', metadata: meta('reset', 'notes') },
    { id: 'billing#1', data: 'Invoices and billing address live under Billing.', metadata: meta('billing', 'billing') },
    { id: 'sync#1', data: 'Sync your notes between devices with an account.', metadata: meta('sync', 'notes', { section: '' }) },
  ]);
  await new Index({ url: double.url, token: double.token, enableTelemetry: false }).namespace('tickets').upsert([
    { id: 'ticket-1', data: 'Customer could not reset password; fixed by clearing cache.', metadata: meta('ticket-1', 'notes') },
  ]);
});
afterAll(() => double?.close());

describe('UpstashVectorRetriever (against the Upstash Vector test double)', () => {
  it('queries the collection’s namespace by data and maps hits with text and a 0..1 score', async () => {
    const hits = await new UpstashVectorRetriever(index()).search({ text: 'how do I reset my password', collection: 'docs', topK: 2 });
    expect(hits[0]).toMatchObject({
      id: 'reset#1',
      collection: 'docs',
      pageId: 'reset',
      title: 'Title reset',
      url: 'https://docs.example.com/reset',
      section: 'Intro',
      product: 'notes',
      text: 'Reset your password from Settings, then Security.',
    });
    expect(hits).toHaveLength(2);
    expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
    expect(hits.every((hit) => hit.score >= 0 && hit.score <= 1)).toBe(true);
    expect(double.requests.at(-1)?.path).toBe('/query-data/docs');
  });

  it('searches tickets in their own namespace', async () => {
    const hits = await new UpstashVectorRetriever(index()).search({ text: 'reset password', collection: 'tickets', topK: 5 });
    expect(hits.map((hit) => hit.id)).toEqual(['ticket-1']);
    expect(hits[0]!.collection).toBe('tickets');
  });

  it('filters by product and drops hits under minScore', async () => {
    const retriever = new UpstashVectorRetriever(index());
    const billing = await retriever.search({ text: 'reset password', collection: 'docs', topK: 5, product: 'billing' });
    expect(billing.map((hit) => hit.id)).toEqual(['billing#1']);
    const strict = await retriever.search({ text: 'reset password', collection: 'docs', topK: 5, minScore: 0.7 });
    expect(strict.map((hit) => hit.id)).toEqual(['reset#1']);
  });

  it('refuses a product that could break out of the filter', () => {
    expect(productFilter('notes')).toBe("product = 'notes'");
    expect(() => productFilter("x' OR product != 'y")).toThrow(VectorSearchError);
  });

  it('queries by vector with its own embedder', async () => {
    const embed: Embedder = async (texts) => texts.map((text) => (text.includes('invoice') ? [1, 0] : [0, 1]));
    const vectors = new Index({ url: double.url, token: double.token, enableTelemetry: false }).namespace('docs-own');
    await vectors.upsert([
      { id: 'inv', vector: [1, 0], data: 'Invoices', metadata: meta('inv', 'billing') },
      { id: 'other', vector: [0, 1], data: 'Other', metadata: meta('other', 'notes') },
    ] as never);
    const retriever = new UpstashVectorRetriever(index(), { embed, namespaces: { docs: 'docs-own' } });
    const hits = await retriever.search({ text: 'where is my invoice', collection: 'docs', topK: 1 });
    expect(hits.map((hit) => [hit.id, hit.score])).toEqual([['inv', 1]]);
    expect(double.requests.at(-1)?.path).toBe('/query/docs-own');
  });

  it('throws VectorSearchError on a 500, without a retry storm', async () => {
    double.setFault({ status: 500 });
    try {
      await expect(new UpstashVectorRetriever(index()).search({ text: 'x', collection: 'docs', topK: 1 })).rejects.toBeInstanceOf(VectorSearchError);
    } finally {
      double.setFault(null);
    }
  });

  it('gives up after timeoutMs when the service is slow', async () => {
    double.setFault({ delayMs: 800, times: 1 });
    const started = Date.now();
    const error = await new UpstashVectorRetriever(index(), { timeoutMs: 100 }).search({ text: 'x', collection: 'docs', topK: 1 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(VectorSearchError);
    expect((error as Error).message).toMatch(/within 100 ms/);
    expect(Date.now() - started).toBeLessThan(600);
  });

  it('stops when the caller aborts', async () => {
    double.setFault({ delayMs: 800, times: 1 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    await expect(new UpstashVectorRetriever(index()).search({ text: 'x', collection: 'docs', topK: 1, signal: controller.signal })).rejects.toBeInstanceOf(VectorSearchError);
    expect(Date.now() - started).toBeLessThan(600);
  });

  it('treats the client’s fake 200 for a plain aborted signal as a failure, and works with a signal function', async () => {
    const aborted = AbortSignal.abort('gone');
    const plain = new Index({ url: double.url, token: double.token, enableTelemetry: false, retry: false, signal: aborted as never }) as never;
    await expect(new UpstashVectorRetriever(plain).search({ text: 'x', collection: 'docs', topK: 1 })).rejects.toThrow(/without results/);
    double.setFault({ delayMs: 800, times: 1 });
    const viaFunction = new UpstashVectorRetriever(index({ signal: () => AbortSignal.timeout(100) }), { timeoutMs: 5000 });
    const started = Date.now();
    await expect(viaFunction.search({ text: 'x', collection: 'docs', topK: 1 })).rejects.toBeInstanceOf(VectorSearchError);
    expect(Date.now() - started).toBeLessThan(600);
  });
});
