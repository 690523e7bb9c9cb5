/**
 * The passages of a hit a reader can quote: paragraph blocks, announcements carried with what they
 * announce, and the run of blocks that answers the question.
 */
import type { SearchHit } from '../ports';
import { compactTables, dropAnnouncement, terms, truncate } from './passage-cuts';

/** Paragraph-sized blocks; fenced code stays whole and is never split. A lone heading is dropped unless `headings` keeps it, as a boundary. */
export function splitBlocks(text: string, headings = false): string[] {
  const blocks: string[] = [];
  let current: string[] = [];
  let inFence = false;
  for (const line of text.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    if (!inFence && line.trim() === '') {
      if (current.length) blocks.push(current.join('\n'));
      current = [];
      continue;
    }
    current.push(line);
  }
  if (current.length) blocks.push(current.join('\n'));
  return headings ? blocks : blocks.filter((block) => !isHeading(block.trim()));
}

const isHeading = (block: string) => /^#{1,6}\s/.test(block) && !block.includes('\n');

/** A block that only repeats the hit's title (a resolved case's question, maybe cut short with "…") tells nothing the heading doesn't. */
function repeatsTitle(block: string, title: string): boolean {
  return block === title || (title.endsWith('…') && block.startsWith(title.slice(0, -1)));
}

/** A block that announces what follows ("…the command should be:", "three useful features:"). */
const announces = (block: string) => /:\s*$/.test(block) && !block.trimStart().startsWith('```');

/** A list, code fence or table: what an announcement promises. */
const isPayload = (block: string) => /^\s*(```|~~~|[-*+] |\d+[.)] |\|)/.test(block);

/** A block that is a list item (or list). */
const isListItem = (block: string) => /^([-*+]|\d+[.)]) /.test(block);

/**
 * The passages a reader can quote: each block, with the list, code or table it announces carried
 * along. An announcement whose payload is not in this chunk loses its last sentence (the
 * announcement) rather than ending on a promise; one that is nothing but the announcement goes.
 */
export function quotableBlocks(text: string, headings = false): string[] {
  const blocks = splitBlocks(text, headings).map((block) => block.trim());
  const quotable: string[] = [];
  for (let position = 0; position < blocks.length; position++) {
    let block = blocks[position]!;
    if (!announces(block)) {
      quotable.push(block);
      continue;
    }
    const payload = blocks[position + 1];
    if (payload !== undefined && isPayload(payload)) {
      let carried = `${block}\n\n${payload}`;
      position++;
      // A loose list (items apart by blank lines) is one payload.
      while (isListItem(payload) && blocks[position + 1] !== undefined && isListItem(blocks[position + 1]!)) carried += `\n\n${blocks[++position]}`;
      quotable.push(carried);
      continue;
    }
    block = dropAnnouncement(block);
    if (block) quotable.push(block);
  }
  return quotable;
}

/** The block of a hit sharing the most of the question's terms (code counts half a term less), cut to `maxChars`. */
export function bestBlock(question: Set<string>, hit: SearchHit, maxChars: number, follow = false): { text: string; overlap: number } | undefined {
  const blocks = quotableBlocks(hit.text, true);
  const title = hit.title.trim();
  // The question's terms each block holds, read once for the block and for every window over it.
  const shared = blocks.map((block) => [...terms(block)].filter((term) => question.has(term)));
  let best: { text: string; overlap: number } | undefined;
  blocks.forEach((block, at) => {
    if (repeatsTitle(block, title) || isHeading(block)) return;
    const score = shared[at]!.length - (block.startsWith('```') ? 0.5 : 0);
    if (!best || score > best.overlap) best = { text: block, overlap: score };
  });
  if (!best) return undefined;
  const text = follow ? compactTables(bestWindow(blocks, shared, maxChars, (block) => repeatsTitle(block, title)) ?? best.text) : best.text;
  return { text: truncate(text, maxChars, question), overlap: best.overlap };
}

/** A heading, a bold line standing as one ("**What you'll learn**"), or a label too short to be a sentence ("Example Recipe"): the start of something else. */
const startsAnother = (block: string) => /^#{1,6}\s/.test(block) || /^\*\*[^*]+\*\*:?$/.test(block) || (block.length < 40 && !/[.!?`]$/.test(block) && !isPayload(block));

/**
 * The passage to quote: a block and the blocks after it in its section, filled to `maxChars`,
 * starting where the run holds most of the question's terms (on a tie, at the block sharing most
 * itself). The answer often sits in the paragraph after the one that names the subject. A run
 * never starts on, or crosses into, a heading.
 */
function bestWindow(blocks: string[], shared: string[][], maxChars: number, skip: (block: string) => boolean): string | undefined {
  let top: { text: string; covered: number; own: number } | undefined;
  blocks.forEach((first, at) => {
    if (skip(first) || startsAnother(first)) return;
    let text = first;
    const covered = new Set(shared[at]);
    for (let next = at + 1; next < blocks.length; next++) {
      const block = blocks[next]!;
      if (startsAnother(block) || text.length + block.length + 2 > maxChars) break;
      text += `\n\n${block}`;
      for (const term of shared[next]!) covered.add(term);
    }
    const window = { text, covered: covered.size, own: shared[at]!.length };
    if (!top || window.covered > top.covered || (window.covered === top.covered && window.own > top.own)) top = window;
  });
  return top?.text;
}
