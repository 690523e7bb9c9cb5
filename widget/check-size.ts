/**
 * The widget's size budget, gzip -9: the loader (dist/widget.js) ≤ 2 KB and all
 * widget JavaScript together ≤ 16 KB. Exits 1 when either is over.
 * Run after `npm run build:widget`: `npm run check:size`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

// The loader first, then every other chunk the build wrote (dist/widget-*.js).
const FILES = ['dist/widget.js', ...safeList('dist').filter((name) => /^widget-.*\.js$/.test(name)).map((name) => `dist/${name}`)];

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}
const LOADER_BUDGET = 2 * 1024;
const TOTAL_BUDGET = 16 * 1024;

const sizes = FILES.map((file) => {
  try {
    return { file, bytes: gzipSync(readFileSync(file), { level: 9 }).length };
  } catch {
    console.error(`${file} is missing: run npm run build:widget first`);
    process.exit(1);
  }
});
const total = sizes.reduce((sum, item) => sum + item.bytes, 0);
const loader = sizes[0]!.bytes;
for (const { file, bytes } of sizes) console.log(`${file.padEnd(24)} ${bytes} B gzip`);
console.log(`${'total'.padEnd(24)} ${total} B gzip (budget ${TOTAL_BUDGET})`);
console.log(`${'loader'.padEnd(24)} ${loader} B gzip (budget ${LOADER_BUDGET})`);
if (loader > LOADER_BUDGET || total > TOTAL_BUDGET) {
  console.error('Over budget.');
  process.exit(1);
}
