import { describe, expect, it } from 'vitest';
import { reasonCode, reasonWords } from './reasons';

describe('reason codes', () => {
  it('reads old snake_case codes in the one kebab-case spelling', () => {
    expect(reasonCode('visitor_request')).toBe('visitor-request');
    expect(reasonCode('no_ai_topic:billing_dispute')).toBe('no-ai-topic:billing-dispute');
    expect(reasonCode('no-ai-topic:refund')).toBe('no-ai-topic:refund');
  });

  it('says each reason in words, whichever spelling was stored', () => {
    expect(reasonWords('visitor_request')).toBe('Visitor asked for a person');
    expect(reasonWords('no-ai-topic:billing-dispute')).toBe('No-AI topic: billing dispute');
    expect(reasonWords('frustration')).toBe('Frustrated');
    expect(reasonWords('something-new')).toBe('Something new');
  });
});
