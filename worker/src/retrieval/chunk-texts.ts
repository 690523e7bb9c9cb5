/**
 * Where a loaded index keeps its chunk texts: all in memory (an index built or loaded from one
 * document), or in blocks among the static assets, read when a search needs a chunk's text
 * (its hits, the passages proximity reads) and kept in a small cache, so most of the text
 * never sits on the worker's heap.
 */
import { IndexFormatError } from './index-format-error';

/** Reads one part of an index by its name relative to the entry file's folder, parsed from JSON; a value or a promise of one. */
export type ReadPart = (name: string) => unknown;

export interface ChunkTexts {
  /** The chunk's text when it is in memory; undefined when `load` must bring it first. */
  get(chunk: number): string | undefined;
  /** Bring these chunks' texts into memory: undefined when done at once, else a promise. */
  load(chunks: readonly number[]): Promise<void> | undefined;
  /** Every chunk's text in chunk order (not cached: for building another index from this one). */
  all(): Promise<string[]>;
}

export function textsInMemory(texts: readonly string[]): ChunkTexts {
  return { get: (chunk) => texts[chunk], load: () => undefined, all: async () => [...texts] };
}

/** How many blocks stay in memory: a search reads at most about 20 (proximity's pages and the hits). */
const CACHED_BLOCKS = 192;

/** Texts in blocks of consecutive chunks (one asset file each), read on demand, the most recently used kept. */
export class BlockTexts implements ChunkTexts {
  readonly #blocks: readonly { file: string; count: number }[];
  readonly #starts: number[] = [];
  readonly #read: ReadPart;
  readonly #cached = new Map<number, string[]>();
  readonly #capacity: number;

  constructor(blocks: readonly { file: string; count: number }[], read: ReadPart, capacity = CACHED_BLOCKS) {
    this.#blocks = blocks;
    this.#read = read;
    this.#capacity = capacity;
    let start = 0;
    for (const block of blocks) {
      this.#starts.push(start);
      start += block.count;
    }
  }

  get(chunk: number): string | undefined {
    const block = this.#blockOf(chunk);
    return this.#cached.get(block)?.[chunk - this.#starts[block]!];
  }

  load(chunks: readonly number[]): Promise<void> | undefined {
    const wanted = new Set(chunks.map((chunk) => this.#blockOf(chunk)));
    const missing: number[] = [];
    for (const block of wanted) {
      const texts = this.#cached.get(block);
      if (!texts) missing.push(block);
      else {
        // Most recently used last, so eviction takes the oldest first.
        this.#cached.delete(block);
        this.#cached.set(block, texts);
      }
    }
    if (missing.length === 0) return undefined;
    const read = missing.map((block) => this.#read(this.#blocks[block]!.file));
    const keep = (values: unknown[]) => {
      values.forEach((value, at) => this.#cached.set(missing[at]!, this.#checked(missing[at]!, value)));
      for (const block of this.#cached.keys()) {
        if (this.#cached.size <= this.#capacity) break;
        if (!wanted.has(block)) this.#cached.delete(block);
      }
    };
    if (!read.some((value) => value instanceof Promise)) {
      keep(read);
      return undefined;
    }
    return Promise.all(read).then(keep);
  }

  async all(): Promise<string[]> {
    const blocks = await Promise.all(this.#blocks.map((block, number) => Promise.resolve(this.#read(block.file)).then((value) => this.#checked(number, value))));
    return blocks.flat();
  }

  #blockOf(chunk: number): number {
    let low = 0;
    let high = this.#starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.#starts[middle]! <= chunk) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  #checked(block: number, value: unknown): string[] {
    const { file, count } = this.#blocks[block]!;
    if (!Array.isArray(value) || value.length !== count || !value.every((text) => typeof text === 'string')) {
      throw new IndexFormatError(`The index's text block ${file} does not hold the ${count} chunk texts it lists: rebuild it with \`npm run ingest\`.`);
    }
    return value as string[];
  }
}
