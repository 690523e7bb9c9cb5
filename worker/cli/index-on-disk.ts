/**
 * The local index on disk: the entry file (`dist/index/docs.json`) and its parts folder
 * beside it (`dist/index/docs.parts/`), as the worker's static assets serve them.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { indexFiles, openIndex, partsFolder, utf8Bytes, type IndexFileOptions } from '../src/retrieval/index-files';
import type { SearchIndex } from '../src/retrieval/search-index';

/** Read an index from its entry file and parts; undefined when there is no entry file. Throws IndexFormatError for an unreadable one. */
export async function readIndexFile(file: string): Promise<SearchIndex | undefined> {
  const entry = await readFile(file, 'utf8').catch(() => undefined);
  if (entry === undefined) return undefined;
  return openIndex(JSON.parse(entry), async (name) => JSON.parse(await readFile(join(dirname(file), name), 'utf8')));
}

/** The files of an index, measured before anything is written. */
export interface IndexPlan {
  entry: string;
  parts: { name: string; text: string }[];
  /** Each file (the entry file first), with its size in bytes. */
  files: { name: string; bytes: number }[];
  /** All files together. */
  bytes: number;
}

export function planIndexFiles(file: string, index: SearchIndex, options: IndexFileOptions = {}): IndexPlan {
  const entryName = file.replace(/^.*\//, '');
  const { entry, parts } = indexFiles(index, entryName, options);
  const files = [{ name: entryName, bytes: utf8Bytes(entry) }, ...parts.map((part) => ({ name: part.name, bytes: utf8Bytes(part.text) }))];
  return { entry, parts, files, bytes: files.reduce((sum, item) => sum + item.bytes, 0) };
}

/** Write the planned files, replacing the parts folder of the index there before. */
export async function saveIndexFiles(file: string, plan: IndexPlan): Promise<void> {
  const folder = join(dirname(file), partsFolder(file));
  await rm(folder, { recursive: true, force: true });
  await mkdir(folder, { recursive: true });
  for (const part of plan.parts) await writeFile(join(dirname(file), part.name), part.text);
  // The entry file last, so it never names a part that is not written yet.
  await writeFile(file, plan.entry);
}

/** Remove an index: its entry file and its parts folder. */
export async function removeIndexFiles(file: string): Promise<void> {
  await rm(join(dirname(file), partsFolder(file)), { recursive: true, force: true });
  await rm(file, { force: true });
}
