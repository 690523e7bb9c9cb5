import { describe, expect, it } from 'vitest';
import { NO_AI_TOPICS, parseNoAiTopics } from './no-ai-topics';

describe('NO_AI_TOPICS, parsed', () => {
  it('reads all, none, an empty value and a list of ids', () => {
    expect(parseNoAiTopics('all')).toEqual([...NO_AI_TOPICS]);
    expect(parseNoAiTopics('')).toEqual([...NO_AI_TOPICS]);
    expect(parseNoAiTopics('none')).toEqual([]);
    expect(parseNoAiTopics(' refund , legal ')).toEqual(['refund', 'legal']);
  });

  it('names an unknown id and the ids it knows', () => {
    expect(() => parseNoAiTopics('refund,weather')).toThrow(/NO_AI_TOPICS contains "weather": use a comma-separated list of refund, billing-dispute/);
  });
});
