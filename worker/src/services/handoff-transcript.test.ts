import { describe, expect, it } from 'vitest';
import { HandoffPacketSchema } from '../../../shared/handoff-packet';
import * as v from 'valibot';
import { buildPacket, PACKET_TRANSCRIPT_HEAD, PACKET_TRANSCRIPT_TAIL, packetTranscript } from './handoff';

const messages = (count: number) => Array.from({ length: count }, (_, index) => ({ id: `m${index}`, role: index % 2 ? ('assistant' as const) : ('visitor' as const), text: `turn ${index}`, at: Date.UTC(2026, 0, 1) + index * 1000 }));

describe("the packet's transcript", () => {
  it('carries a short conversation whole', () => {
    expect(packetTranscript(messages(10)).map((line) => line.text)).toEqual(messages(10).map((message) => message.text));
  });

  it('bounds a 1,000-turn conversation to how it began, a gap line and the newest messages', () => {
    const lines = packetTranscript(messages(2000));
    expect(lines).toHaveLength(PACKET_TRANSCRIPT_HEAD + 1 + PACKET_TRANSCRIPT_TAIL);
    expect(lines.slice(0, 2).map((line) => line.text)).toEqual(['turn 0', 'turn 1']);
    expect(lines[2]).toMatchObject({ role: 'system', text: expect.stringContaining('1950 earlier messages') });
    expect(lines.at(-1)?.text).toBe('turn 1999');
  });

  it('builds a packet that still matches the schema', () => {
    const packet = buildPacket({ request: { email: 'a@example.com' }, messages: messages(500), reasons: [] } as never, 'R-1', Date.UTC(2026, 0, 2));
    expect(v.safeParse(HandoffPacketSchema, packet).success).toBe(true);
    expect(packet.transcript.length).toBeLessThanOrEqual(PACKET_TRANSCRIPT_HEAD + 1 + PACKET_TRANSCRIPT_TAIL);
  });
});
