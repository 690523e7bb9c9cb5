/**
 * Resolved tickets upserted into Upstash Vector's `tickets` namespace are found
 * by the retriever and cited as resolved cases. Against the Upstash Vector test
 * double (the paid service cannot be reached from here).
 */
import { Index } from '@upstash/vector';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVectorDouble, type VectorDouble } from '../../../test/upstash-vector-double';
import { UpstashVectorRetriever } from './upstash-vector-retriever';
import { UpstashVectorTicketIndex } from './upstash-vector-ticket-index';

let double: VectorDouble;
const index = () => new Index({ url: double.url, token: double.token, enableTelemetry: false, retry: false }) as never;

beforeAll(async () => {
  double = await startVectorDouble({ token: 'vector-token' });
});
afterAll(() => double.close());

describe('UpstashVectorTicketIndex', () => {
  it('upserts a resolved ticket by text, and the retriever finds it in the tickets namespace with its resolution', async () => {
    const tickets = new UpstashVectorTicketIndex(index());
    await tickets.upsert({
      id: 'R-1',
      question: 'Printing an exported PDF gives blank pages on Windows',
      resolution: 'Export again with "Embed fonts" turned on in Settings > Export; the blank pages came from a missing font.',
      product: 'lumen',
      resolvedAt: Date.parse('2026-11-26T10:00:00Z'),
    });
    const stored = double.namespaces.get('tickets');
    expect(stored?.size).toBe(1);
    const hits = await new UpstashVectorRetriever(index()).search({ text: 'exported PDF prints blank pages', collection: 'tickets', topK: 3 });
    expect(hits[0]).toMatchObject({ collection: 'tickets' });
    expect(hits[0]?.text).toContain('Embed fonts');
  });
});
