import { describe, expect, it } from 'vitest';
import { parseStreamEvent, type StreamEvent } from './stream-events';

const valid: StreamEvent[] = [
  { type: 'start', conversationId: 'c', conversationToken: 't', messageId: 'm' },
  { type: 'sources', sources: [{ n: 1, title: 'Reset', url: 'https://x.example/a', kind: 'doc' }, { n: 2, title: 'T', url: 'u', section: 'S', kind: 'ticket' }] },
  { type: 'sources', sources: [] },
  { type: 'text-delta', delta: '' },
  { type: 'escalation', reasons: ['billing-dispute'], message: 'A person will take over.' },
  { type: 'finish', confidence: 'high', mode: 'generated' },
  { type: 'finish', confidence: 'none', mode: 'not-sure', incomplete: true },
  { type: 'error', code: 'timeout', message: 'Too slow.' },
];

describe('parseStreamEvent', () => {
  it('accepts every event of the protocol as it is', () => {
    for (const event of valid) expect(parseStreamEvent(JSON.stringify(event))).toEqual(event);
  });

  it('refuses each field of each event when it has the wrong type or is missing', () => {
    for (const event of valid) {
      for (const key of Object.keys(event).filter((name) => name !== 'type')) {
        for (const wrong of [undefined, 42, null, {}, 'not-in-the-list']) {
          const broken = { ...event, [key]: wrong };
          // A few fields legitimately accept some of these values.
          if (wrong === undefined && key === 'incomplete') continue;
          if (typeof wrong === 'string' && typeof (event as Record<string, unknown>)[key] === 'string' && !['confidence', 'mode'].includes(key)) continue;
          expect(parseStreamEvent(JSON.stringify(broken)), `${event.type}.${key} = ${JSON.stringify(wrong)}`).toBeUndefined();
        }
      }
    }
  });

  it('checks the sources inside a sources event, field by field', () => {
    const source = { n: 1, title: 'a', url: 'b', kind: 'doc' };
    for (const broken of [{ ...source, n: '1' }, { ...source, title: 1 }, { ...source, url: null }, { ...source, kind: 'web' }, { ...source, section: 3 }, 'x', null]) {
      expect(parseStreamEvent(JSON.stringify({ type: 'sources', sources: [source, broken] }))).toBeUndefined();
    }
  });

  it('refuses junk: not JSON, no type, unknown type, arrays and primitives', () => {
    for (const data of ['not json', '', '{}', '[]', '"text-delta"', '1', 'null', '{"type":"bogus","delta":"x"}', '{"type":"toString"}', '{"type":"__proto__"}', '[{"type":"text-delta","delta":"x"}]'])
      expect(parseStreamEvent(data), data).toBeUndefined();
  });
});
