import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { stemRows, tarEntry } from './build-word-vectors';

/** One ustar entry: a 512-byte header (name, octal size) and the content padded to 512. */
function tarFile(name: string, content: string): Buffer {
  const header = Buffer.alloc(512);
  header.write(name, 0);
  header.write(`${Buffer.byteLength(content).toString(8).padStart(11, '0')}\0`, 124);
  const body = Buffer.alloc(Math.ceil(Buffer.byteLength(content) / 512) * 512);
  body.write(content);
  return Buffer.concat([header, body]);
}

describe('tarEntry', () => {
  it('reads one file out of a gzipped tarball, past the files before it', () => {
    const tarball = gzipSync(Buffer.concat([tarFile('package/README.md', 'x'.repeat(700)), tarFile('package/vectors.json', '{"ok":true}'), Buffer.alloc(1024)]));
    expect(tarEntry(tarball, 'package/vectors.json').toString()).toBe('{"ok":true}');
    expect(() => tarEntry(tarball, 'package/missing.json')).toThrow(/not in the tarball/);
  });
});

describe('stemRows', () => {
  const embeddings = {
    dimensions: 2,
    words: ['the', 'install', 'installing', 'u.s.', 'price', 'rareword', 'flaky'],
    vectors: { the: [1, 0], install: [3, 4], installing: [0, 2], 'u.s.': [1, 1], price: [0, -1], rareword: [1, 1], flaky: [-1, 0] },
  };

  it('keys rows by index stem, merges forms (the commoner weighing more) and leaves out stop words and non-words', () => {
    const { stems, rows } = stemRows(embeddings, 3);
    expect(stems).toEqual(['instal']);
    // install (rank 2, unit 0.6/0.8) weighs 1/2, installing (rank 3, unit 0/1) weighs 1/3, then scaled to unit length.
    const raw = [0.6 / 2, 0.8 / 2 + 1 / 3];
    const norm = Math.hypot(...raw);
    expect(rows[0]![0]).toBeCloseTo(raw[0]! / norm, 12);
    expect(rows[0]![1]).toBeCloseTo(raw[1]! / norm, 12);
  });

  it('past the commonest words, keeps only stems the KB uses', () => {
    expect(stemRows(embeddings, 4, new Set(['flaki'])).stems).toEqual(['instal', 'price', 'flaki']);
  });
});
