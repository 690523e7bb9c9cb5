import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string }; devDependencies: Record<string, string> };

describe('the README commands on Node 20, 22 or 24', () => {
  it('brings its own Node for npm scripts: an exact node >= 22.12 in devDependencies (wrangler needs it)', () => {
    const pinned = pkg.devDependencies.node;
    expect(pinned, 'devDependencies.node').toMatch(/^\d+\.\d+\.\d+$/);
    const [major, minor] = pinned!.split('.').map(Number);
    expect(major! > 22 || (major === 22 && minor! >= 12)).toBe(true);
  });

  it('declares engines that Node 20 satisfies, so npm install gives no EBADENGINE for this package', () => {
    expect(pkg.engines.node).toBe('>=20');
  });

  it('runs npm scripts under that pinned Node', () => {
    expect(process.versions.node).toBe(pkg.devDependencies.node);
  });
});
