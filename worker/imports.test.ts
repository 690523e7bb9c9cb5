/**
 * The arrows of docs/architecture.md, held by the code: which room may import
 * which. Every relative import (type-only ones too: a type is a dependency of
 * the design) of every .ts/.tsx file under worker/, widget/ and shared/ is
 * checked. RATCHET lists the crossings the redesign has not removed yet; the
 * test fails on any crossing not listed and on any listed one that is gone,
 * so the list only shrinks.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, posix, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');

function filesUnder(folder: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(root, folder))) {
    const path = posix.join(folder, name);
    if (name === 'node_modules') continue;
    if (statSync(join(root, path)).isDirectory()) out.push(...filesUnder(path));
    else if (/\.tsx?$/.test(name)) out.push(path);
  }
  return out;
}

function importsOf(file: string): string[] {
  const source = readFileSync(join(root, file), 'utf8');
  const targets: string[] = [];
  for (const match of source.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) {
    const base = posix.normalize(posix.join(posix.dirname(file), match[1]!));
    const target = ['', '.ts', '.tsx', '.d.ts', '/index.ts'].map((extension) => base + extension).find((candidate) => {
      try {
        return statSync(join(root, candidate)).isFile();
      } catch {
        return false;
      }
    });
    targets.push(target ?? base);
  }
  return targets;
}

/** The room a file lives in, as docs/architecture.md names them. */
function room(file: string): string {
  if (file.startsWith('worker/src/')) {
    const rest = file.slice('worker/src/'.length);
    return rest.includes('/') ? `worker/src/${rest.split('/')[0]}/` : `worker/src/${rest.replace(/\.tsx?$/, '')}.ts`;
  }
  if (file.startsWith('widget/src/console/')) return 'widget/src/console/';
  if (file.startsWith('widget/')) return 'widget/';
  return `${file.split('/')[0]}/`;
}

const ENTRY_POINTS = ['worker/src/index.ts', 'worker/src/background.ts'];
/** A room → the rooms it may import (besides itself). `*` = any room of the worker. */
const ALLOWED: Record<string, string[]> = {
  'shared/': [],
  'worker/src/log/': [],
  'worker/src/domain/': ['shared/'],
  'worker/src/ports/': ['shared/'],
  'worker/src/retrieval/': ['shared/', 'worker/src/domain/', 'worker/src/ports/'],
  'worker/src/services/': ['shared/', 'worker/src/domain/', 'worker/src/ports/', 'worker/src/log/', 'worker/src/triage/'],
  'worker/src/triage/': ['shared/', 'worker/src/domain/', 'worker/src/ports/', 'worker/src/log/', 'worker/src/services/'],
  'worker/src/adapters/': ['shared/', 'worker/src/ports/', 'worker/src/log/', 'worker/src/retrieval/'],
  'worker/src/crawl/': ['shared/', 'worker/src/ports/', 'worker/src/log/', 'worker/src/retrieval/'],
  'worker/src/config.ts': ['shared/', 'worker/src/domain/', 'worker/src/ports/', 'worker/src/config-variables.ts'],
  'worker/src/config-variables.ts': [],
  'worker/src/env.ts': ['worker/src/config.ts', 'worker/src/dependencies.ts'],
  'worker/src/http/': ['shared/', 'worker/src/domain/', 'worker/src/ports/', 'worker/src/log/', 'worker/src/env.ts', 'worker/src/config.ts'],
  'worker/src/routes/': ['shared/', 'worker/src/domain/', 'worker/src/ports/', 'worker/src/log/', 'worker/src/services/', 'worker/src/http/', 'worker/src/env.ts', 'worker/src/config.ts', 'worker/src/dependencies.ts'],
  'worker/src/dependencies.ts': ['shared/', 'worker/src/ports/', 'worker/src/log/', 'worker/src/adapters/', 'worker/src/retrieval/', 'worker/src/config.ts'],
  'worker/src/index.ts': ['*'],
  'worker/src/background.ts': ['*'],
  'worker/src/security/': ['*', 'test/'],
  'widget/': ['shared/'],
  'widget/src/console/': ['shared/', 'widget/'],
};

/** Crossings still to remove (issue 15). Remove a line when its import goes; never add one. */
const RATCHET = new Set<string>([]);

const production = (file: string) => !/\.test\.tsx?$/.test(file) && !file.endsWith('.d.ts');
const sources = ['worker/src', 'widget', 'shared'].flatMap(filesUnder).filter(production);

function crossings(): string[] {
  const found: string[] = [];
  for (const file of sources) {
    const from = room(file);
    const allowed = ALLOWED[from];
    for (const target of importsOf(file)) {
      const to = room(target);
      if (to === from) continue;
      if (allowed?.includes(to) || (allowed?.includes('*') && (to.startsWith('worker/src/') || to === 'shared/'))) continue;
      found.push(`${file} -> ${target}`);
    }
  }
  return found;
}

describe('import boundaries (docs/architecture.md)', () => {
  it('every production file lives in a room the table names', () => {
    expect(sources.map(room).filter((name) => !ALLOWED[name])).toEqual([]);
  });

  it('no file imports across a boundary the picture forbids, except the ratchet list', () => {
    expect(crossings().filter((crossing) => !RATCHET.has(crossing))).toEqual([]);
  });

  it('the ratchet list names only crossings that still exist', () => {
    const now = new Set(crossings());
    expect([...RATCHET].filter((crossing) => !now.has(crossing))).toEqual([]);
  });

  it('services import no adapters, http, entry points or test kits', () => {
    const bad = crossings().filter((crossing) => crossing.startsWith('worker/src/services/') && /-> (worker\/src\/(adapters|http|index|background)|test\/)/.test(crossing));
    expect(bad.filter((crossing) => !RATCHET.has(crossing))).toEqual([]);
  });

  it('docs/architecture.md lists every folder that exists, and no folder that does not', () => {
    const doc = readFileSync(join(root, 'docs/architecture.md'), 'utf8');
    const listed = new Set([...doc.matchAll(/^\s*([a-z0-9][\w.-]*(?:\/[\w.-]+)*\/)\s/gm)].map((match) => match[1]!));
    const folders = (folder: string, depth: number): string[] =>
      depth === 0 ? [] : readdirSync(join(root, folder)).filter((name) => !name.startsWith('.') && name !== 'node_modules' && name !== 'dist' && !name.endsWith('-snapshots') && statSync(join(root, folder, name)).isDirectory())
        .flatMap((name) => [posix.join(folder, name) + '/', ...folders(posix.join(folder, name), depth - 1)]);
    const existing = ['shared', 'worker', 'widget', 'test', 'tools', 'bench', 'e2e', 'docs', 'examples'].flatMap((top) => [`${top}/`, ...folders(top, top === 'examples' || top === 'e2e' ? 1 : 3)]);
    expect(existing.filter((folder) => !listed.has(folder))).toEqual([]);
    expect([...listed].filter((folder) => !existing.includes(folder))).toEqual([]);
  });

  it('no production file is over 300 lines (the local retriever excepted while its ranking moves)', () => {
    const EXCEPT = new Set(['worker/src/adapters/local-retriever.ts']);
    const long = ['worker/src', 'widget/src', 'shared'].flatMap(filesUnder).filter(production)
      .filter((file) => !EXCEPT.has(file) && readFileSync(join(root, file), 'utf8').split('\n').length > 300);
    expect(long).toEqual([]);
  });

  it('no HTTP inside services or config.ts: expected outcomes are results and config errors plain typed errors, mapped at the edge', () => {
    const http = /\b(AppError|HTTPException)\b|from 'hono[/']/;
    const files = sources.filter((file) => file.startsWith('worker/src/services/') || file === 'worker/src/config.ts' || file === 'worker/src/config-variables.ts');
    expect(files.filter((file) => http.test(readFileSync(join(root, file), 'utf8')))).toEqual([]);
  });

  it('the chat route is HTTP only: under 60 lines, and the turn (answering, access, recording) is the turn service\'s', () => {
    const route = 'worker/src/routes/chat.ts';
    expect(readFileSync(join(root, route), 'utf8').split('\n').length).toBeLessThan(60);
    const turnParts = /services\/(answering|ai-access|measurement|store-replay|conversation-access|inbox)\.ts$/;
    expect(importsOf(route).filter((target) => turnParts.test(target))).toEqual([]);
    expect(importsOf(route)).toContain('worker/src/services/turn.ts');
  });

  it('every test that starts a server kit or a process is in the integration project', () => {
    const config = readFileSync(join(root, 'vite.config.ts'), 'utf8');
    const listed = [...config.slice(config.indexOf('INTEGRATION_TESTS = [')).split('];')[0]!.matchAll(/'([^']+)'/g)].map((match) => match[1]!);
    const inIntegration = (file: string) => file.endsWith('.integration.test.ts') || listed.some((entry) => entry === file || (entry.endsWith('/*.test.ts') && file.startsWith(entry.slice(0, -'*.test.ts'.length))));
    const tests = ['worker', 'widget', 'shared', 'test', 'tools', 'bench'].flatMap(filesUnder).filter((file) => file.endsWith('.test.ts'));
    const starters = tests.filter((file) => /openai-test-server|redis-server|upstash-redis-bridge|upstash-vector-double|webhook-receiver|bench\/|security-harness|node:child_process/.test(readFileSync(join(root, file), 'utf8')) && file !== 'worker/imports.test.ts');
    expect(starters.filter((file) => !inIntegration(file))).toEqual([]);
  });

  it('no import cycle between files', () => {
    const graph = new Map(sources.map((file) => [file, importsOf(file).filter((target) => sources.includes(target))]));
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, path: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') return void cycles.push([...path.slice(path.indexOf(file)), file].join(' -> '));
      state.set(file, 'open');
      for (const target of graph.get(file) ?? []) visit(target, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of sources) visit(file, []);
    expect(cycles).toEqual([]);
  });
});
