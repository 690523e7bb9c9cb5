/**
 * The chat answer while a person has the conversation (status `human`): the
 * visitor's message is already stored for the agent, the inbox case moves to
 * `open`, and the stream says a person is handling it. No retrieval, no model.
 */
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { PROTOCOL_HEADER, PROTOCOL_VERSION, type StreamEvent } from '../../../shared/protocol';
import type { SupportStore } from '../ports/support-store';
import type { AppEnv } from '../env';
import { randomId } from '../services/conversation-access';
import { HUMAN_IS_HANDLING, visitorWroteToHuman } from '../services/inbox';

export async function humanHandlingStream(c: Context<AppEnv>, store: SupportStore, conversation: { id: string; token: string }, text: string, now: number) {
  await visitorWroteToHuman(store, conversation.id, text, now).catch(() => c.get('dependencies').log('store unavailable: inbox case not updated'));
  c.header(PROTOCOL_HEADER, String(PROTOCOL_VERSION));
  c.header('x-accel-buffering', 'no');
  return streamSSE(c, async (stream) => {
    const events: StreamEvent[] = [
      { type: 'start', conversationId: conversation.id, conversationToken: conversation.token, messageId: randomId(12) },
      { type: 'text-delta', delta: HUMAN_IS_HANDLING },
      { type: 'finish', confidence: 'none', mode: 'escalated' },
    ];
    for (const event of events) await stream.writeSSE({ data: JSON.stringify(event) });
  });
}
