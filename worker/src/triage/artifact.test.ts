import { describe, expect, it } from 'vitest';
import { DEFAULT_LEVELS, MODEL_FORMAT, packArtifact, STEP_ALPHABET, unpackArtifact, type PackInput } from './artifact';
import { HEAD_NAMES, OUTPUT_HEAD, STORED_OUTPUTS, type Head } from './heads';
import { loadModel } from './model';
import { train, type TriageCase } from './train';

const COLUMNS = STORED_OUTPUTS.length;
const headOf = (column: number): Head => HEAD_NAMES[OUTPUT_HEAD[STORED_OUTPUTS[column] ?? 0] ?? 0] ?? 'topic';
/** A deterministic spread of weights: column c, row r. */
const trained = (row: number, column: number) => Math.sin(row * 7.3 + column * 1.9) * (1 + (column % 4));
const input = (levels = DEFAULT_LEVELS): PackInput => ({
  kept: [3, 10, 11, 500, 70_000],
  weight: trained,
  bias: Array.from({ length: COLUMNS }, (_, column) => column / 10),
  thresholds: { urgent: 0.5, 'human-request': 0.5, frustration: 0.5, 'cancel-intent': 0.5, complexity: 0.5, loop: 0.5, urgency: 0.5, escalate: 0.5, 'no-ai': 0.4 },
  trainedOn: { files: ['x.jsonl'], cases: 5, seed: 14, minCases: 1 },
  levels,
});

describe('the triage artifact (switchboard-triage/3)', () => {
  it('gives back every weight within half a step of what was trained', () => {
    const artifact = packArtifact(input());
    const { indices, weights } = unpackArtifact(artifact);
    expect(indices).toEqual([3, 10, 11, 500, 70_000]);
    for (let row = 0; row < indices.length; row += 1) {
      for (let column = 0; column < COLUMNS; column += 1) {
        expect(Math.abs((weights[row * COLUMNS + column] ?? 0) - trained(row, column))).toBeLessThanOrEqual(artifact.scale[headOf(column)] / 2 + 1e-9);
      }
    }
  });

  it('stores each head head-major, one JSON-safe character a weight, within its levels', () => {
    const levels = { ...DEFAULT_LEVELS, lang: 7 };
    const artifact = packArtifact(input(levels));
    for (const head of HEAD_NAMES) {
      const columns = STORED_OUTPUTS.filter((_, column) => headOf(column) === head).length;
      expect(artifact.weights[head]).toHaveLength(columns * 5);
      // No character JSON would escape: the string costs one byte a weight before gzip.
      expect(JSON.stringify(artifact.weights[head])).toHaveLength(columns * 5 + 2);
      const steps = [...artifact.weights[head]].map((char) => STEP_ALPHABET.indexOf(char) - levels[head]);
      expect(Math.max(...steps.map(Math.abs))).toBe(levels[head]);
    }
    // Column by column: the first five characters of `topic` are the first topic column's five features.
    const firstTopic = Array.from({ length: 5 }, (_, row) => STEP_ALPHABET[Math.round(trained(row, 0) / artifact.scale.topic) + levels.topic]).join('');
    expect(artifact.weights.topic.slice(0, 5)).toBe(firstTopic);
  });

  it('refuses a switchboard-triage/2 artifact, saying which format it reads and how to get one', () => {
    const older = { format: 'switchboard-triage/2', bits: 18, heads: {}, indexDeltas: [1], weights: 'AAAA', bias: [], scale: [], thresholds: {}, trainedOn: {} };
    expect(() => unpackArtifact(older as never)).toThrow(`unknown format switchboard-triage/2; this code reads ${MODEL_FORMAT}: run npm run train:triage`);
    expect(() => loadModel(older as never)).toThrow(/switchboard-triage\/2.*switchboard-triage\/3/);
  });

  it('refuses levels it cannot store and weights outside them', () => {
    expect(() => packArtifact(input({ ...DEFAULT_LEVELS, topic: 47 }))).toThrow(/levels for topic/);
    const artifact = packArtifact(input({ ...DEFAULT_LEVELS, loop: 3 }));
    expect(() => unpackArtifact({ ...artifact, weights: { ...artifact.weights, loop: '~~~~~' } })).toThrow(/head loop has a weight outside/);
    expect(() => unpackArtifact({ ...artifact, weights: { ...artifact.weights, loop: '!' } })).toThrow(/weights do not match/);
  });

  it('quantises more coarsely where training is told to, and predicts nearly the same', () => {
    const cases: TriageCase[] = ['How do I install it?', 'I want my money back now', 'How do I run tests?', 'refund me please'].map((message, index) => ({
      id: `q-${index}`, history: [], message, expect: index % 2 ? 'escalate' : 'answer', noAiAnswer: index % 2 === 1, topic: index % 2 ? 'refund' : null,
      signals: [], category: index % 2 ? 'billing' : 'how-to', sentiment: 'neutral', urgency: 'normal', lang: 'en',
    }));
    const fine = train(cases, ['q'], { minCases: 1 });
    const coarse = train(cases, ['q'], { minCases: 1, levels: { ...DEFAULT_LEVELS, topic: 3 } });
    expect(coarse.levels.topic).toBe(3);
    expect(new Set(coarse.weights.topic).size).toBeLessThanOrEqual(7);
    expect(coarse.weights.category).toBe(fine.weights.category);
  });
});
