/**
 * A docs folder of N copies of one, for measuring the local index at scale: copy 1 is the
 * folder as it is; copy k > 1 suffixes every page id (`guides/intro-copy2.md`), its
 * front-matter title and its h1 with `copy k`, so every page is distinct.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';

/** One copy of a page's Markdown, with its title and first h1 suffixed. */
export function copyPage(markdown: string, copy: number): string {
  if (copy === 1) return markdown;
  const suffix = ` (copy ${copy})`;
  return markdown
    .replace(/^(title:\s*)(["']?)(.*?)\2\s*$/m, (_, key: string, quote: string, title: string) => `${key}${quote}${title}${suffix}${quote}`)
    .replace(/^# (.+)$/m, (_, heading: string) => `# ${heading}${suffix}`);
}

/** The page id of copy `copy`: the file name before its extension takes `-copy<k>`. */
export function copyPageId(pageId: string, copy: number): string {
  return copy === 1 ? pageId : pageId.replace(/(\.[^./]+)?$/, (extension) => `-copy${copy}${extension}`);
}

/** Write `copies` copies of the Markdown pages under `source` into `target`; returns the page count. */
export async function writeScaledCorpus(source: string, target: string, copies: number): Promise<number> {
  const files = (await readdir(source, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile() && /\.mdx?$/i.test(entry.name))
    .map((entry) => relative(source, join(entry.parentPath, entry.name)));
  for (const file of files) {
    const markdown = await readFile(join(source, file), 'utf8');
    for (let copy = 1; copy <= copies; copy++) {
      const path = join(target, copyPageId(file, copy));
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, copyPage(markdown, copy));
    }
  }
  return files.length * copies;
}
