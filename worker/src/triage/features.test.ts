import { describe, expect, it } from 'vitest';
import { featuresOf, hash, scaledTurns, type FeatureTurn } from './features';

const longHistory: FeatureTurn[] = Array.from({ length: 100 }, (_, turn): FeatureTurn[] => [
  { role: 'visitor', text: `question ${turn} about notes` },
  { role: 'assistant', text: `answer ${turn} about notes` },
]).flat();

describe('the turn count, read against MAX_TURNS_BEFORE_ESCALATION', () => {
  it('is the guide’s count under the guide’s limit of 8', () => {
    expect([0, 3, 7, 8, 30].map((turns) => scaledTurns(turns))).toEqual([0, 3, 7, 8, 8]);
  });

  it('scales to the admin’s limit: 100 turns under a limit of 1000 read as none, 8 under 16 as 4', () => {
    expect(scaledTurns(100, 1000)).toBe(0);
    expect(scaledTurns(8, 16)).toBe(4);
    expect(scaledTurns(2, 1)).toBe(8);
  });

  it('is the feature the model sees', () => {
    const atGuideLimit = featuresOf('and now?', longHistory);
    const atAdminLimit = featuresOf('and now?', longHistory, { maxTurns: 1000 });
    expect(atGuideLimit.has(hash('x:turns:8'))).toBe(true);
    expect(atAdminLimit.has(hash('x:turns:8'))).toBe(false);
    expect(atAdminLimit.has(hash('x:turns:0'))).toBe(true);
  });
});
