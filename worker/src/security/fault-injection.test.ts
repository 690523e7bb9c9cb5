/**
 * The fault-injection bench (bench/fault-injection.ts, `npm run bench:faults`
 * runs 1,000 chats and 200 handoffs), small enough for every `npm test`:
 * random faults in the LLM, Upstash Vector, Redis and the webhook, and not one
 * message or handoff lost: what Redis refused during a request is replayed
 * from the queue afterwards, each message stored once.
 */
import { describe, expect, it } from 'vitest';
import { runFaultInjection } from '../../../bench/fault-injection';
import { isRedisServerInstalled, REDIS_MISSING_MESSAGE } from '../../../test/redis-server';

const installed = isRedisServerInstalled();
if (!installed) console.warn(REDIS_MISSING_MESSAGE);

describe.skipIf(!installed)('fault injection: 100 chats and 40 handoffs with random faults in every dependency', () => {
  it('loses no message and no handoff, never answers 500, always ends the stream, and replays every unstored write once', async () => {
    const result = await runFaultInjection({ chats: 100, handoffs: 40, seed: 20, faultRate: 0.3 });
    expect(result.faultsInjected.llm + result.faultsInjected.redis + result.faultsInjected.vector + result.faultsInjected.webhook).toBeGreaterThan(100);
    expect(result.unsavedMessages).toBeGreaterThan(0);
    expect({ recovered: result.recoveredWrites, stillUnsaved: result.stillUnsaved, duplicated: result.duplicatedMessages }).toEqual({
      recovered: result.unsavedMessages + result.unsavedAnswers,
      stillUnsaved: 0,
      duplicated: 0,
    });
    expect({ lostMessages: result.lostMessages, lostHandoffs: result.lostHandoffs, http500: result.http500, unfinishedStreams: result.unfinishedStreams, examples: result.examples.filter((line) => !line.includes('not saved')) }).toEqual({
      lostMessages: 0,
      lostHandoffs: 0,
      http500: 0,
      unfinishedStreams: 0,
      examples: [],
    });
  }, 90_000);
});
