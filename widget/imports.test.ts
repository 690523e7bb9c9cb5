/**
 * What the browser bundles (the loader and the panel) may import at run time:
 * Preact, its signals and our own files, never valibot or shared/protocol.ts
 * (which is valibot). Type-only imports are erased and don't count.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const ALLOWED_PACKAGES = new Set(['preact', 'preact/jsx-runtime', '@preact/signals-core', '@preact/signals']);

function runtimeImports(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  const specifiers: string[] = [];
  for (const match of source.matchAll(/^\s*(import|export)\s+(type\s+)?([^'";]*?)\s*from\s+'([^']+)'/gm)) {
    const [, , typeOnly, clause, specifier] = match;
    // `import { type A, type B }` is type-only too.
    const allTypes = /^\{[^}]*\}$/.test(clause!) && clause!.slice(1, -1).split(',').every((part) => !part.trim() || /^type\s/.test(part.trim()));
    if (!typeOnly && !allTypes) specifiers.push(specifier!);
  }
  for (const match of source.matchAll(/import\(\s*'([^']+)'\s*\)|^\s*import\s+'([^']+)'/gm)) specifiers.push(match[1] ?? match[2]!);
  return specifiers;
}

function graph(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const specifier of runtimeImports(file)) {
      if (!specifier.startsWith('.')) packages.add(specifier);
      // A stylesheet Vite inlines as a string imports nothing; it only has to exist.
      else if (specifier.endsWith('.css?inline')) readFileSync(resolve(dirname(file), specifier.slice(0, -'?inline'.length)));
      else {
        const base = resolve(dirname(file), specifier);
        const target = ['.ts', '.tsx', '/index.ts'].map((ext) => base + ext).find((candidate) => {
          try {
            readFileSync(candidate);
            return true;
          } catch {
            return false;
          }
        });
        if (!target) throw new Error(`cannot resolve ${specifier} from ${file}`);
        visit(target);
      }
    }
  };
  visit(join(root, entry));
  return { files: new Set([...files].map((file) => relative(root, file))), packages };
}

describe('widget run-time imports', () => {
  for (const entry of ['widget/src/loader.ts', 'widget/src/index.ts']) {
    it(`${entry} pulls in no valibot and no shared/protocol.ts, only Preact and signals`, () => {
      const { files, packages } = graph(entry);
      expect([...packages].filter((name) => !ALLOWED_PACKAGES.has(name))).toEqual([]);
      expect(files.has('shared/protocol.ts')).toBe(false);
      expect(files.has('shared/stream-events.ts') || entry.endsWith('loader.ts')).toBe(true);
    });
  }

  it('the loader stays free of Preact: it must fit in 2 KB', () => {
    expect([...graph('widget/src/loader.ts').packages]).toEqual([]);
  });
});
