import { describe, expect, it } from 'vitest';
import { seededRandom } from '../src/triage/seeded-random';
import { addTypos } from './typos';

describe('addTypos', () => {
  it('is the same for the same seed and changes exactly the asked number of plain words', () => {
    const question = 'whats the difference between cy.get and find in cypress tests';
    const once = addTypos(question, 2, seededRandom(7));
    expect(addTypos(question, 2, seededRandom(7))).toBe(once);
    const changed = once.split(' ').filter((word, position) => word !== question.split(' ')[position]);
    expect(changed).toHaveLength(2);
    expect(once).toContain('cy.get');
  });

  it('leaves the question alone when asked for no typos', () => {
    expect(addTypos('how do I install cypress', 0, seededRandom(1))).toBe('how do I install cypress');
  });
});
