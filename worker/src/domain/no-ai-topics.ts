/**
 * The no-AI topic ids (NO_AI_TOPICS): what config.ts validates the variable
 * against, what the escalation reasons name (`no-ai-topic:refund`), and what
 * services/no-ai-topics.ts detects in a message.
 *
 * @example
 * parseNoAiTopics('refund, legal'); // ['refund', 'legal']
 */
export const NO_AI_TOPICS = ['refund', 'billing-dispute', 'legal', 'privacy', 'security', 'policy-exception'] as const;
export type NoAiTopic = (typeof NO_AI_TOPICS)[number];

/** Parse a comma-separated NO_AI_TOPICS value; unknown ids are reported, not ignored. */
export function parseNoAiTopics(value: string): NoAiTopic[] {
  const ids = value.split(',').map((item) => item.trim()).filter(Boolean);
  if (ids.length === 0 || (ids.length === 1 && ids[0] === 'all')) return [...NO_AI_TOPICS];
  if (ids.length === 1 && ids[0] === 'none') return [];
  for (const id of ids) {
    if (!(NO_AI_TOPICS as readonly string[]).includes(id)) {
      throw new Error(`NO_AI_TOPICS contains "${id}": use a comma-separated list of ${NO_AI_TOPICS.join(', ')}, or all, or none.`);
    }
  }
  return ids as NoAiTopic[];
}
