/**
 * The widget's size budget, gzip -9, of what one visitor's browser loads before
 * the first use: the loader (dist/widget.js) ≤ 2 KB, and the loader plus one panel
 * (dist/widget-panel.<lang>.js, the loader picks one language) plus every chunk the
 * panel imports statically ≤ 16 KB, for every language. The parts the panel
 * `import()`s on first use (dist/widget-<part>.<lang>.js: the Markdown renderer
 * and the handoff form on the first open, ratings and CSAT on the first rating,
 * the read-back of a saved conversation) are measured apart, as
 * `parts`. Exits 1 when any is over, printing the sizes; `--json` prints them as
 * JSON for the bench. Run after `npm run build:widget`: `npm run check:size`.
 *
 * `npm test` runs `check:size -- --ceiling`: the loader budget as above, and the
 * total and the parts held to CEILING and PARTS_CEILING, today's sizes and a
 * little, so the widget can only shrink. Lower them as it does.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

export const LOADER_BUDGET = 2 * 1024;
export const TOTAL_BUDGET = 16 * 1024;
/**
 * What `--ceiling` enforces for the total, under TOTAL_BUDGET: today's largest language (ar, 16,142 B)
 * and a little, since another Node's zlib may compress a few bytes differently. Lower it as the widget shrinks.
 */
export const CEILING = 16_202;
/** The same for the parts loaded on first use, all of one language together: today 3,883 B (ar) and ~60 B. */
export const PARTS_CEILING = 3_943;

export interface WidgetSizes {
  loader: number;
  /** gzip bytes by file name */
  files: Record<string, number>;
  /** Loader + panel + the chunks it imports statically (and any chunk of no language), by panel language. */
  totals: Record<string, number>;
  /** The largest of `totals`: what the heaviest visitor downloads before the first use. */
  total: number;
  /** The chunks a panel loads only on first use (`import()`), together, by language. */
  parts: Record<string, number>;
}

const gzipped = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;

/** The files a minified ES module imports statically (`import … from"./x.js"`, `import"./x.js"`), not its `import("./x.js")`. */
export function staticImports(code: string): string[] {
  return [...code.matchAll(/(?:\bfrom|\bimport)\s*["']\.\/([^"']+)["']/g)].map((match) => match[1]!);
}

export function measureWidget(dir = 'dist'): WidgetSizes {
  const names = readdirSync(dir).filter((name) => /^widget(-.*)?\.js$/.test(name)).sort();
  if (!names.includes('widget.js')) throw new Error(`${dir}/widget.js is missing: run npm run build:widget first`);
  const files = Object.fromEntries(names.map((name) => [name, gzipped(`${dir}/${name}`)]));
  const panels = names.filter((name) => /^widget-panel\.[a-z]{2}\.js$/.test(name));
  if (!panels.length) throw new Error(`no ${dir}/widget-panel.<lang>.js: run npm run build:widget first`);
  const sum = (list: string[]) => list.reduce((total, name) => total + files[name]!, 0);
  // A chunk of no language may load with any panel: count it before the first use, for every language.
  const common = names.filter((name) => name !== 'widget.js' && !/\.[a-z]{2}\.js$/.test(name));
  const totals: Record<string, number> = {};
  const parts: Record<string, number> = {};
  for (const panel of panels) {
    const lang = panel.split('.')[1]!;
    const first = new Set([panel]);
    for (const name of first) for (const imported of staticImports(readFileSync(`${dir}/${name}`, 'utf8'))) if (files[imported] !== undefined) first.add(imported);
    const own = names.filter((name) => name.endsWith(`.${lang}.js`) && !first.has(name));
    totals[lang] = files['widget.js']! + sum([...first]) + sum(common);
    parts[lang] = sum(own);
  }
  return { loader: files['widget.js']!, files, totals, total: Math.max(...Object.values(totals)), parts };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  let sizes: WidgetSizes;
  try {
    sizes = measureWidget();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
  const parts = Math.max(...Object.values(sizes.parts));
  if (process.argv.includes('--json')) console.log(JSON.stringify(sizes));
  else {
    for (const [file, bytes] of Object.entries(sizes.files)) console.log(`${file.padEnd(24)} ${bytes} B gzip`);
    for (const [lang, bytes] of Object.entries(sizes.totals)) console.log(`${`total (${lang})`.padEnd(24)} ${bytes} B gzip, then ${sizes.parts[lang]} B on first use`);
    console.log(`${'total, largest'.padEnd(24)} ${sizes.total} B gzip (budget ${TOTAL_BUDGET}, ${sizes.total > TOTAL_BUDGET ? `over by ${sizes.total - TOTAL_BUDGET}` : 'within'})`);
    console.log(`${'parts, largest'.padEnd(24)} ${parts} B gzip, loaded on first use`);
    console.log(`${'loader'.padEnd(24)} ${sizes.loader} B gzip (budget ${LOADER_BUDGET})`);
  }
  const ceiling = process.argv.includes('--ceiling');
  const limit = ceiling ? CEILING : TOTAL_BUDGET;
  const problem =
    sizes.loader > LOADER_BUDGET
      ? `Loader over its ${LOADER_BUDGET} B budget.`
      : sizes.total > limit
        ? `Total over ${ceiling ? `the ${CEILING} B ceiling (the widget grew)` : `its ${TOTAL_BUDGET} B budget`}.`
        : ceiling && parts > PARTS_CEILING
          ? `Parts loaded on first use over the ${PARTS_CEILING} B ceiling (they grew).`
          : undefined;
  if (problem) {
    console.error(problem);
    process.exit(1);
  }
  if (ceiling && sizes.total > TOTAL_BUDGET) console.log(`Within the ${CEILING} B ceiling; the ${TOTAL_BUDGET} B goal is not met yet.`);
}
