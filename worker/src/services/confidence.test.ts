import { describe, expect, it } from 'vitest';
import type { SearchHit } from '../ports';
import { confidenceFromHits, meetsThreshold } from './confidence';

const hit = (score: number, coverage?: number): SearchHit => ({ id: String(score), collection: 'docs', pageId: String(score), title: 't', url: 'u', text: 'x', score, ...(coverage === undefined ? {} : { coverage }) });

describe('confidenceFromHits', () => {
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
