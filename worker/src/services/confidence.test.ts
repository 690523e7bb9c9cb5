import { describe, expect, it } from 'vitest';
import type { SearchHit } from '../ports';
import { CONFIDENCE_MODEL, confidenceFromHits, type ConfidenceModel, estimateConfidence, levelOf, meetsThreshold, probabilityOf } from './confidence';
import { confidenceFeatures, FEATURE_NAMES } from './confidence-features';

const hit = (score: number, coverage?: number): SearchHit => ({ id: String(score), collection: 'docs', pageId: String(score), title: 't', url: 'u', text: 'x', score, ...(coverage === undefined ? {} : { coverage }) });

/** A hit as the local retriever returns it, with its evidence. */
const local = (pageId: string, score: number, coverage: number, signalRanks: number[], text = 'Upload a file with cy.selectFile in your test.', section = 'Upload a file') => ({
  id: `${pageId}#0`,
  collection: 'docs' as const,
  pageId,
  title: pageId,
  url: `https://docs.example/${pageId}`,
  section,
  text,
  score,
  coverage,
  matchedTerms: 2,
  queryTerms: 2,
  rawScore: 10,
  signalRanks,
});

/** A model that trusts signal agreement alone: easy to reason about in a test. */
const agreementOnly: ConfidenceModel = {
  features: [...FEATURE_NAMES],
  means: FEATURE_NAMES.map(() => 0),
  scales: FEATURE_NAMES.map(() => 1),
  weights: FEATURE_NAMES.map((name) => (name === 'signals_first' ? 4 : 0)),
  bias: -2,
  cuts: { low: 0.5, medium: 0.6, high: 0.8 },
  calibratedOn: 'test',
};

describe('estimateConfidence', () => {
  const question = 'how do i upload a file in my test';

  it('reads the level off the calibrated probability', () => {
    const agreed = estimateConfidence(question, [local('upload', 0.9, 1, [0, 0, 0])], agreementOnly);
    expect(agreed).toEqual({ confidence: 'high', probability: 0.881, matched: true });
    // The same page, first in no signal: the model finds it more likely wrong than right.
    const disputed = estimateConfidence(question, [local('upload', 0.9, 1, [3, 5, 2])], agreementOnly);
    expect(disputed).toEqual({ confidence: 'none', probability: 0.119, matched: true });
  });

  it('never lifts a match the scores call too weak: the model only withholds', () => {
    const generous = { ...agreementOnly, bias: 5 };
    expect(estimateConfidence(question, [local('upload', 0.1, 0.2, [0, 0, 0])], generous)).toMatchObject({ confidence: 'none', matched: false });
  });

  it('judges hits without local evidence (a vector retriever) and multi-part questions by their scores alone', () => {
    expect(estimateConfidence(question, [hit(0.7)], agreementOnly)).toEqual({ confidence: 'high', matched: true });
    const twoParts = 'log in once and reuse it, and clear cookies between tests';
    expect(estimateConfidence(twoParts, [local('session', 0.9, 1, [3, 5, 2])], agreementOnly)).toEqual({ confidence: 'high', matched: true });
  });

  it('answers a question naming a docs term the first section holds at least "low", whatever the model says', () => {
    const german = 'wie lade ich eine datei hoch mit cy.selectFile';
    const disputed = local('upload', 0.9, 1, [3, 5, 2]);
    expect(estimateConfidence(german, [disputed], agreementOnly)).toEqual({ confidence: 'low', probability: 0.119, matched: true, term: 'cy.selectFile' });
    // Too weak by its scores, yet the section holds the term the question names.
    expect(estimateConfidence(german, [local('upload', 0.1, 0.2, [3, 5, 2])], agreementOnly)).toMatchObject({ confidence: 'low', matched: true, term: 'cy.selectFile' });
    // A higher level stands.
    expect(estimateConfidence(german, [local('upload', 0.9, 1, [0, 0, 0])], agreementOnly)).toMatchObject({ confidence: 'high', term: 'cy.selectFile' });
  });

  it('keeps "not sure" when the first section does not hold the term the question names', () => {
    const elsewhere = local('upload', 0.9, 1, [3, 5, 2], 'Upload a file from the fixtures folder.');
    expect(estimateConfidence('wie lade ich eine datei hoch mit cy.selectFile', [elsewhere], agreementOnly)).toEqual({ confidence: 'none', probability: 0.119, matched: true });
  });

  it('is none without hits or with only empty ones', () => {
    expect(estimateConfidence(question, [])).toEqual({ confidence: 'none', matched: false });
    expect(estimateConfidence(question, [local('upload', 0, 0, [-1, -1, -1])])).toEqual({ confidence: 'none', matched: false });
  });

  it('refuses a model fitted on other features', () => {
    expect(() => estimateConfidence(question, [local('upload', 0.9, 1, [0, 0, 0])], { ...agreementOnly, features: ['best_score'] })).toThrow(/calibrate:confidence/);
  });

  it('ships a model whose confidence rises with the evidence', () => {
    expect(CONFIDENCE_MODEL.weights.every((weight) => weight >= 0)).toBe(true);
    const strong = estimateConfidence(question, [local('upload', 0.95, 1, [0, 0, 0]), local('other', 0.3, 0.5, [1, 1, 1])]);
    const weak = estimateConfidence(question, [local('upload', 0.35, 0.5, [4, 6, 3]), local('other', 0.34, 0.5, [0, 0, 0])]);
    expect(strong.probability!).toBeGreaterThan(weak.probability!);
    expect(meetsThreshold(strong.confidence, 'low')).toBe(true);
  });
});

describe('confidenceFeatures', () => {
  it('measures the question against the best page, its heading and its passage, in the order the model stores them', () => {
    const features = confidenceFeatures('how do i upload a file', [local('upload', 0.8, 1, [0, 2, -1]), local('other', 0.4, 0.5, [1, 0, -1])]);
    const named = Object.fromEntries(FEATURE_NAMES.map((name, position) => [name, features[position]]));
    expect(named).toEqual({ best_score: 0.8, margin: 0.5, coverage: 1, passage_share: 1, heading_share: 1, rank_agrees: 1, signals_first: 0.5 });
  });

  it('measures the question as the ranker read it (in English, typos corrected)', () => {
    const question = 'wie lade ich eine datei hoch mit cy.selectFile';
    const [, , , asTyped] = confidenceFeatures(question, [local('upload', 0.8, 1, [0, 0, 0])]);
    const [, , , asRead] = confidenceFeatures(question, [{ ...local('upload', 0.8, 1, [0, 0, 0]), readAs: 'upload file cy.selectFile' }]);
    expect(asTyped).toBeLessThan(0.5);
    expect(asRead).toBe(1);
  });
});

describe('probabilityOf and levelOf', () => {
  it('is a logistic of the standardised features', () => {
    expect(probabilityOf(FEATURE_NAMES.map(() => 0), agreementOnly)).toBeCloseTo(1 / (1 + Math.exp(2)), 6);
    expect(levelOf(0.85, agreementOnly.cuts)).toBe('high');
    expect(levelOf(0.65, agreementOnly.cuts)).toBe('medium');
    expect(levelOf(0.55, agreementOnly.cuts)).toBe('low');
    expect(levelOf(0.45, agreementOnly.cuts)).toBe('none');
  });
});

describe('confidenceFromHits (scores alone)', () => {
  it('is none without hits, with weak hits, or when the page covers too little of the question', () => {
    expect(confidenceFromHits([])).toBe('none');
    expect(confidenceFromHits([hit(0.1, 1)])).toBe('none');
    expect(confidenceFromHits([hit(0.9, 0.2)])).toBe('none');
  });

  it('is high for a strong match covering the question', () => {
    expect(confidenceFromHits([hit(0.95, 1)])).toBe('high');
    expect(confidenceFromHits([hit(0.5, 0.9), hit(0.45, 0.9)])).toBe('high');
  });

  it('is medium or low in between', () => {
    expect(confidenceFromHits([hit(0.4, 0.6)])).toBe('medium');
    expect(confidenceFromHits([hit(0.4, 0.4)])).toBe('low');
    expect(confidenceFromHits([hit(0.25, 0.9)])).toBe('low');
  });

  it('judges by the strongest hit, whatever the order', () => {
    expect(confidenceFromHits([hit(0.25, 0.3), hit(0.97, 1)])).toBe('high');
  });

  it('trusts a retriever without coverage on its score alone', () => {
    expect(confidenceFromHits([hit(0.7)])).toBe('high');
  });
});

describe('meetsThreshold', () => {
  it('orders none < low < medium < high', () => {
    expect(meetsThreshold('low', 'low')).toBe(true);
    expect(meetsThreshold('none', 'low')).toBe(false);
    expect(meetsThreshold('medium', 'high')).toBe(false);
    expect(meetsThreshold('high', 'medium')).toBe(true);
  });
});
