/**
 * The answer without an LLM: the best passages of the best pages, quoted and
 * cited, and labelled plainly as excerpts.
 */
import type { SearchHit } from '../ports';

export const EXTRACTIVE_INTRO = 'Here are the most relevant excerpts from our docs (quoted, not written by an AI):';

const STOP = new Set(
  'a an and are as at be but by can do does for from how i if in is it me my of on or so that the this to was what when where which who why will with you your'.split(' '),
);

function terms(text: string): Set<string> {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return new Set(words.filter((word) => word.length > 1 && !STOP.has(word)).map((word) => word.replace(/(ing|ed|es|s)$/, '')));
}

/** Paragraph-sized blocks; fenced code stays whole and is never split. */
export function splitBlocks(text: string): string[] {
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
  return blocks.filter((block) => !/^#{1,6}\s/.test(block.trim()) || block.includes('\n'));
}

/** A block that only repeats the hit's title (a resolved case's question, maybe cut short with "…") tells nothing the heading doesn't. */
function repeatsTitle(block: string, title: string): boolean {
  return block === title || (title.endsWith('…') && block.startsWith(title.slice(0, -1)));
}

/** A block that announces what follows ("…the command should be:", "three useful features:"). */
const announces = (block: string) => /:\s*$/.test(block) && !block.trimStart().startsWith('```');

/** A list, code fence or table: what an announcement promises. */
const isPayload = (block: string) => /^\s*(```|~~~|[-*+] |\d+[.)] |\|)/.test(block);

/**
 * The passages a reader can quote: each block, with the list, code or table it announces carried
 * along. An announcement whose payload is not in this chunk loses its last sentence (the
 * announcement) rather than ending on a promise; one that is nothing but the announcement goes.
 */
export function quotableBlocks(text: string): string[] {
  const blocks = splitBlocks(text).map((block) => block.trim());
  const quotable: string[] = [];
  for (let position = 0; position < blocks.length; position++) {
    let block = blocks[position]!;
    if (!announces(block)) {
      quotable.push(block);
      continue;
    }
    const payload = blocks[position + 1];
    if (payload !== undefined && isPayload(payload)) {
      quotable.push(`${block}\n\n${payload}`);
      position++;
      continue;
    }
    block = block.replace(/(^|[.!?]\s+)[^.!?]*:\s*$/u, '$1').trim();
    if (block) quotable.push(block);
  }
  return quotable;
}

function bestBlock(question: Set<string>, hit: SearchHit, maxChars: number): { text: string; overlap: number } | undefined {
  let best: { text: string; overlap: number } | undefined;
  for (const block of quotableBlocks(hit.text)) {
    if (repeatsTitle(block, hit.title.trim())) continue;
    const blockTerms = terms(block);
    let overlap = 0;
    for (const term of question) if (blockTerms.has(term)) overlap++;
    const isCode = block.startsWith('```');
    const score = overlap - (isCode ? 0.5 : 0);
    if (!best || score > best.overlap) best = { text: block, overlap: score };
  }
  if (!best) return undefined;
  return { ...best, text: truncate(best.text, maxChars) };
}

function truncate(text: string, maxChars: number): string {
  if (text.length <= maxChars || text.startsWith('```')) return text;
  // An announcement with its code: the code is what was asked for, so it stays whole.
  const fence = text.indexOf('\n\n```');
  if (fence >= 0 && fence < maxChars) return text;
  const cut = text.slice(0, maxChars);
  const sentenceEnd = Math.max(cut.lastIndexOf('. '), cut.lastIndexOf('.\n'));
  return sentenceEnd > maxChars / 2 ? cut.slice(0, sentenceEnd + 1) : `${cut.slice(0, cut.lastIndexOf(' '))} …`;
}

/**
 * Build the excerpt answer from numbered hits (hits[i] is source i + 1).
 *
 * @example
 * extractiveAnswer('How do I reset my password?', hits) // "Here are ...\n\n**Reset your password**: ... [1]"
 */
export function extractiveAnswer(question: string, hits: SearchHit[], maxPassages = 2): string {
  const questionTerms = terms(question);
  const passages: string[] = [];
  hits.slice(0, 3).forEach((hit, index) => {
    if (passages.length >= maxPassages) return;
    const block = bestBlock(questionTerms, hit, 700);
    if (!block || (index > 0 && block.overlap < 1)) return;
    const heading = hit.section ? `${hit.title} › ${hit.section}` : hit.title;
    // A citation after a table row or a code fence would break it: give it its own line there.
    const endsInBlock = /(\|\s*|```\s*)$/.test(block.text);
    passages.push(`**${heading}**\n\n${block.text}${endsInBlock ? '\n\n' : ' '}[${index + 1}]`);
  });
  return [EXTRACTIVE_INTRO, ...passages].join('\n\n');
}
