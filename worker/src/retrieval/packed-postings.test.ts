import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { documentFrequencies, packSearch, unpackPostings } from './packed-postings';

const documents = [
  { id: 0, title: 'Change your plan', text: 'Open the billing page and pick a plan plan.' },
  { id: 1, title: 'Install', text: 'Install Node.js first, then pick a folder.' },
  { id: 2, title: 'Billing', text: 'Invoices are on the billing page.' },
];
const options = { fields: ['title', 'text'], storeFields: [] };

function engine() {
  const search = new MiniSearch(options);
  search.addAll(documents);
  return search;
}

describe('packed postings', () => {
  it('hold the same postings as MiniSearch\'s plain form, in arrays', () => {
    const plain = engine().toJSON();
    const packed = packSearch(plain);
    expect('index' in packed).toBe(false);
    expect(packed.postings.find((row) => row[0] === 'plan')).toEqual(['plan', 0, [0, 1], 1, [0, 2]]);
    expect([...unpackPostings(packed.postings)]).toEqual(plain.index);
  });

  it('load into an engine that answers as the original, through JSON', () => {
    const original = engine();
    const packed = JSON.parse(JSON.stringify(packSearch(original.toJSON())));
    const { postings, ...rest } = packed;
    const loaded = MiniSearch.loadJS({ ...rest, index: unpackPostings(postings) as never }, options);
    for (const query of ['plan', 'billing page', 'pick', 'node install']) expect(loaded.search(query)).toEqual(original.search(query));
  });

  it('count the documents a term occurs in across fields once each', () => {
    const frequencies = documentFrequencies(packSearch(engine().toJSON()).postings);
    expect(frequencies.get('plan')).toBe(1);
    expect(frequencies.get('billing')).toBe(2);
    expect(frequencies.get('pick')).toBe(2);
  });
});
