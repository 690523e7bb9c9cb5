import { describe, expect, it } from 'vitest';
import { seededRandom } from '../src/triage/seeded-random';
import { chooseCuts, fitLogistic, NOT_SURE_BUDGET, type Sample } from './confidence-fit';
import { probabilityOf } from '../src/services/confidence';

/** Right answers have a high first feature; the second feature is noise that leans the wrong way. */
function samples(count: number, seed = 3): Sample[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => {
    const right = random() < 0.65;
    return { features: [(right ? 0.7 : 0.4) + random() * 0.3, (right ? 0.3 : 0.5) + random() * 0.3], right };
  });
}

const asModel = (fitted: ReturnType<typeof fitLogistic>) => ({ ...fitted, features: ['a', 'b'], cuts: { low: 0, medium: 0, high: 0 }, calibratedOn: '' });

describe('fitLogistic', () => {
  it('learns the feature that tells right from wrong, and holds every weight at zero or above', () => {
    const fitted = fitLogistic(samples(300));
    expect(fitted.weights[0]).toBeGreaterThan(0.5);
    // The second feature predicts the other way: a monotone model may not use it.
    expect(fitted.weights[1]).toBe(0);
    expect(probabilityOf([0.95, 0.4], asModel(fitted))).toBeGreaterThan(probabilityOf([0.45, 0.4], asModel(fitted)));
  });

  it('fits the same weights from the same samples (no shuffle, no seed)', () => {
    expect(fitLogistic(samples(120))).toEqual(fitLogistic(samples(120)));
  });
});

describe('chooseCuts', () => {
  it('puts the bar no higher than an even chance and withholds at most the budget of the calibration set', () => {
    const set = samples(300);
    const fitted = fitLogistic(set);
    const cuts = chooseCuts(set, fitted);
    expect(cuts.low).toBeLessThanOrEqual(0.5);
    const below = set.filter((sample) => probabilityOf(sample.features, asModel(fitted)) < cuts.low).length;
    expect(below / set.length).toBeLessThanOrEqual(NOT_SURE_BUDGET);
    expect(cuts.low).toBeLessThanOrEqual(cuts.medium);
    expect(cuts.medium).toBeLessThanOrEqual(cuts.high);
  });

  it('starts "high" where at least 80% of the calibration answers above it are right', () => {
    const set = samples(300);
    const fitted = fitLogistic(set);
    const { high } = chooseCuts(set, fitted);
    const above = set.filter((sample) => probabilityOf(sample.features, asModel(fitted)) >= high);
    expect(above.length).toBeGreaterThan(0);
    expect(above.filter((sample) => sample.right).length / above.length).toBeGreaterThanOrEqual(0.8);
  });
});
