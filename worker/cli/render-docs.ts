/**
 * Renders the demo product's Markdown docs to static pages under dist/docs/,
 * so citation links on the demo site open a real page. Site owners link to
 * their own docs site instead (`npm run ingest -- <folder> --base-url <url>`).
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { marked } from 'marked';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

async function* markdownFiles(folder: string): AsyncGenerator<string> {
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) yield* markdownFiles(path);
    else if (/\.mdx?$/.test(entry.name)) yield path;
  }
}

export async function renderDocs(source: string, target: string): Promise<number> {
  let count = 0;
  for await (const file of markdownFiles(source)) {
    const text = await readFile(file, 'utf8');
    const frontmatter = /^---\n([\s\S]*?)\n---\n/.exec(text);
    const title = /^title:\s*(.+)$/m.exec(frontmatter?.[1] ?? '')?.[1]?.replace(/^["']|["']$/g, '') ?? 'Docs';
    // The docs are our own demo content, written for this project, so their HTML is trusted.
    const body = await marked.parse(text.slice(frontmatter?.[0].length ?? 0));
    const page = relative(source, file).replace(/\.mdx?$/, '');
    const html = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Lumen Help</title><link rel="stylesheet" href="/demo.css"></head>
<body><main class="doc container"><p><a href="/">← Lumen Help</a></p>${body}</main>
<script src="/widget.js" async data-product="lumen" data-title="Lumen Help"></script>
</body></html>\n`;
    const output = join(target, page, 'index.html');
    await mkdir(dirname(output), { recursive: true });
    await writeFile(output, html);
    count++;
  }
  return count;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [source = 'examples/docs', target = 'dist/docs'] = process.argv.slice(2);
  renderDocs(source, target).then((count) => console.log(`rendered ${count} demo docs pages into ${target}`));
}
