import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VARIABLES } from '../src/config';
import { CONFIG_PAGE, configTable } from './config-table';

const readme = readFileSync(join(import.meta.dirname, '..', '..', CONFIG_PAGE), 'utf8');

describe('the configuration table in docs/configuration.md', () => {
  it('lists every variable the worker reads, with its default', () => {
    const missing = Object.values(VARIABLES).filter((spec) => !readme.includes(`| \`${spec.name}\` |`));
    expect(missing.map((spec) => spec.name)).toEqual([]);
  });

  it('is exactly what `npm run docs:config` prints (regenerate it after changing config.ts)', () => {
    expect(readme).toContain(configTable());
  });
});
