import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeResult } from './eval-report';

let folder: string;
afterEach(() => rm(folder, { recursive: true, force: true }));

describe('writeResult', () => {
  it('adds the command and its JSON to a docs file, and replaces that block on the next run', async () => {
    folder = await mkdtemp(join(tmpdir(), 'switchboard-report-'));
    const file = join(folder, 'retrieval.md');
    await writeFile(file, '# Retrieval\n');
    const argv = ['--kb', 'pages', '--questions', 'q.jsonl', '--write', file];
    await writeResult(file, 'eval:retrieval', argv, { 'hit@5': 0.8 });
    await writeResult(file, 'eval:retrieval', argv, { 'hit@5': 0.9 });
    const text = await readFile(file, 'utf8');
    expect(text.startsWith('# Retrieval\n')).toBe(true);
    expect(text).toContain('`npm run eval:retrieval -- --kb pages --questions q.jsonl`');
    expect(text).toContain('{"hit@5":0.9}');
    expect(text).not.toContain('0.8');
    expect(text).not.toContain('--write');
  });
});
