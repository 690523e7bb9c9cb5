import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const readme = readFileSync('README.md', 'utf8');
const links = [...readme.matchAll(/\]\(((?:docs\/)?[\w./-]+\.(?:md|example|png))\)|src="(docs\/[\w./-]+)"/g)].map((match) => match[1] ?? match[2]!);

describe('the README as a front door', () => {
  it('fits in 120 lines, with no paragraph or list item over 120 words', () => {
    expect(readme.split('\n').length).toBeLessThanOrEqual(120);
    const longest = Math.max(...readme.split(/\n\s*\n|\n- /).map((paragraph) => paragraph.split(/\s+/).length));
    expect(longest).toBeLessThanOrEqual(120);
  });

  it('shows the two commands, how to pick a port, the Node versions, and to add the origin to ALLOWED_ORIGINS', () => {
    expect(readme).toContain('npm install && npm start');
    expect(readme).toContain('npm test');
    expect(readme).toMatch(/--port \d+/);
    expect(readme).toMatch(/PORT=\d+ npm start/);
    expect(readme).toMatch(/Node 20, 22 or 24/);
    expect(readme).toMatch(/tested with 20\.\d+\.\d+ and 24\.\d+\.\d+/);
    expect(readme.slice(readme.indexOf('## Embed it'))).toMatch(/ALLOWED_ORIGINS/);
  });

  it('links into docs/ for the reference it moved there, and every page it links that this branch writes exists', () => {
    for (const page of ['docs/configuration.md', 'docs/stream-protocol.md', 'docs/hybrid-loop.md', 'docs/security.md', 'docs/quality.md', 'docs/benchmarks.md', 'docs/deploy.md', 'CONTRIBUTING.md', '.dev.vars.example']) {
      expect(links, page).toContain(page);
      expect(existsSync(page), page).toBe(true);
    }
    for (const page of ['docs/architecture.md', 'docs/triage.md', 'docs/red-team.md', 'docs/staff-console.md', 'docs/retrieval.md', 'docs/live-docs.md']) expect(links, page).toContain(page);
  });

  it('says what is, not what was', () => {
    for (const file of ['README.md', 'CONTRIBUTING.md', 'docs/quality.md', 'docs/hybrid-loop.md', 'docs/stream-protocol.md', 'docs/deploy.md', 'docs/security.md']) {
      expect(readFileSync(file, 'utf8'), file).not.toMatch(/\b(used to|fixed since|no longer)\b|\*\*fixed\*\*/i);
    }
  });
});
