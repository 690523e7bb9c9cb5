/** The agent transcript's pairing of answers with the questions they answer. */

/**
 * "visitor Q2", and "assistant → Q2" on the answer to it: concurrent messages are stored
 * interleaved, and each answer names the question it answers (replyTo).
 */
export function turnLabel(message: { role: string; id?: string; replyTo?: string }, questions: ReadonlyMap<string, number>): string {
  const asked = message.id !== undefined && message.role === 'visitor' ? questions.get(message.id) : undefined;
  const answers = message.replyTo !== undefined ? questions.get(message.replyTo) : undefined;
  return `${message.role}${asked ? ` Q${asked}` : ''}${answers ? ` → Q${answers}` : ''}`;
}

/** Visitor message ids numbered 1, 2, … in transcript order. */
export const questionNumbers = (messages: readonly { id: string; role: string }[]): Map<string, number> =>
  new Map(messages.filter((message) => message.role === 'visitor').map((message, index) => [message.id, index + 1]));
