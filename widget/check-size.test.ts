import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { measureWidget, staticImports } from './check-size';

const gz = (text: string) => gzipSync(text, { level: 9 }).length;

describe('check:size', () => {
  it('reads static imports of a minified module, not its import() calls', () => {
    expect(staticImports('import{a as b}from"./widget-x.en.js";import"./widget-y.en.js";import("./widget-render.en.js")')).toEqual(['widget-x.en.js', 'widget-y.en.js']);
  });

  it('counts the panel and what it imports statically before the first use, and its import() parts apart, per language', () => {
    const dir = mkdtempSync(join(tmpdir(), 'check-size-'));
    const files = {
      'widget.js': 'loader();'.repeat(20),
      'widget-panel.en.js': 'import{a}from"./widget-shared.en.js";import("./widget-render.en.js");panel("en");',
      'widget-panel.de.js': 'import("./widget-render.de.js");panel("de");'.repeat(3),
      'widget-shared.en.js': 'export const a=1;'.repeat(5),
      'widget-render.en.js': 'import{a}from"./widget-panel.en.js";render();'.repeat(7),
      'widget-render.de.js': 'import{a}from"./widget-panel.de.js";render();'.repeat(9),
      'widget-common.js': 'common();'.repeat(4),
    };
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    const sizes = measureWidget(dir);
    const common = gz(files['widget.js']) + gz(files['widget-common.js']);
    expect(sizes.totals).toEqual({
      en: common + gz(files['widget-panel.en.js']) + gz(files['widget-shared.en.js']),
      de: common + gz(files['widget-panel.de.js']),
    });
    expect(sizes.parts).toEqual({ en: gz(files['widget-render.en.js']), de: gz(files['widget-render.de.js']) });
    expect(sizes.total).toBe(Math.max(sizes.totals.en!, sizes.totals.de!));
  });
});
