import { describe, expect, it } from 'vitest';
import { commandLine, generatedPage, writeTarget } from './generated-page';

describe('results pages written by the command that measures them (--write docs/…)', () => {
  it('accepts a Markdown page under docs/ and refuses anything else with an example', () => {
    expect(writeTarget(undefined)).toBeUndefined();
    expect(writeTarget('docs/benchmarks.md')).toBe('docs/benchmarks.md');
    for (const bad of ['README.md', 'docs/../README.md', 'docs/bench.txt', '']) expect(() => writeTarget(bad), bad).toThrow(/--write docs\/benchmarks\.md/);
  });

  it('names the command to run again, without its --write, and when it ran', () => {
    expect(commandLine('eval:escalation', ['--cases', 'c.jsonl', '--write', 'docs/e.md'])).toBe('npm run eval:escalation -- --cases c.jsonl');
    expect(commandLine('bench', ['--write=docs/benchmarks.md'])).toBe('npm run bench');
    const page = generatedPage('Benchmarks', 'npm run bench --', '| a |\n', new Date('2026-12-01T23:00:00Z'));
    expect(page).toBe('# Benchmarks\n\nWritten by `npm run bench -- --write <this page>` on 2026-12-01 23:00 UTC; run it again rather than editing this page.\n\n| a |\n');
  });
});
