/**
 * A small Markdown subset straight to Preact VNodes, in one pass: paragraphs,
 * headings, lists, fenced code, bold/italic, inline code, links, bare URLs and
 * citations `[n]`. Text only ever becomes text nodes, so no input can produce
 * markup, and a link is made only to a source's origin (or mailto). Partial input (an answer
 * still streaming) renders fine: an open code fence runs to the end. The panel loads this file
 * when it first opens (a chunk of its own); the staff pages bundle it.
 *
 * @example
 * renderMarkdown('Refunds take **5 days** [1].', sources) // [<p>Refunds take <strong>5 days</strong> <a class="cite">[1]</a>.</p>]
 */
import { h, type ComponentChildren, type VNode } from 'preact';
import type { Source } from '../../../shared/protocol';
import { citedSource, EXTERNAL, linkHref } from './links';

const INLINE = new RegExp(
  [
    /(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)/.source, // 1,2 code
    /!\[([^\]]*)\]\([^)]*\)/.source, // 3 image → alt text only
    /\[([^\]]+)\]\(([^)\s]*)(?:\s+"[^"\n]*")?\)/.source, // 4,5 link (a quoted title after the URL is dropped)
    /\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\]/.source, // 6 citation
    /\*\*(?=\S)([\s\S]*?\S)\*\*|__(?=\S)([\s\S]*?\S)__/.source, // 7,8 strong
    /\*(?=[^\s*])([^*]*?[^\s*])\*|\b_(?=[^\s_])([^_]*?[^\s_])_\b/.source, // 9,10 em
    /(https?:\/\/[^\s<>"]*[^\s<>".,;:!?')\]])/.source, // 11 bare URL
  ].join('|'),
  'g',
);

/** Inline Markdown as children: text stays text; links and citations only with safe URLs. */
export function renderInline(text: string, sources: readonly Source[] = []): ComponentChildren[] {
  const out: ComponentChildren[] = [];
  let last = 0;
  // matchAll works on a copy of INLINE, so the recursive calls below don't disturb its lastIndex.
  for (const match of text.matchAll(INLINE)) {
    const [whole, , code, alt, label, href, cite, strong = match[8], , em = match[10], , url] = match;
    const safe = linkHref(href ?? url ?? '', sources);
    out.push(text.slice(last, match.index));
    last = match.index + whole.length;
    out.push(
      code
        ? h('code', null, code)
        : label ?? url
          ? safe
            ? h('a', { href: safe, ...EXTERNAL }, label ? renderInline(label, sources) : url)
            : label ?? url
          : cite
            ? cite.split(',').map((number) => {
                const n = Number(number);
                const source = citedSource(n, sources);
                return source ? h('a', { class: 'cite', href: source.href, title: source.title, 'aria-label': `[${n}] ${source.title}`, ...EXTERNAL }, `[${n}]`) : `[${n}]`;
              })
            : strong || em
              ? h(strong ? 'strong' : 'em', null, renderInline(strong ?? em!, sources))
              : alt,
    );
  }
  out.push(text.slice(last));
  return out;
}

/**
 * Block Markdown as VNodes: one `p`, list or `pre` per block; a heading is a bold paragraph.
 * Each block takes its direction from its own text (`dir="auto"`): an English answer in the
 * Arabic panel reads left to right, with its punctuation and list numbers where they belong.
 */
export function renderMarkdown(source: string, sources: readonly Source[] = []): VNode<any>[] {
  const blocks: VNode<any>[] = [];
  const auto = { dir: 'auto' };
  const lines = source.split(/\r\n?|\n/);
  let paragraph: string[] = [];
  let list: { type: 'ul' | 'ol'; items: string[][]; start?: number } | undefined;
  const inline = (text: string) => renderInline(text, sources);
  const flush = () => {
    if (paragraph.length) blocks.push(h('p', auto, inline(paragraph.join('\n'))));
    if (list) blocks.push(h(list.type, { ...auto, start: list.start }, list.items.map((item) => h('li', null, inline(item.join('\n'))))));
    paragraph = [];
    list = undefined;
  };
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    const fence = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    const heading = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.[1];
    const item = /^\s{0,6}(?:([-*+])|(\d{1,9})[.)])\s+(.*)$/.exec(line);
    const text = line.replace(/^\s{0,3}>\s?/, '');
    if (fence || heading !== undefined || !line.trim()) flush();
    if (fence) {
      const code: string[] = [];
      while (++index < lines.length && !lines[index]!.trim().startsWith(fence)) code.push(lines[index]!);
      blocks.push(h('pre', auto, h('code', null, code.join('\n'))));
    } else if (heading !== undefined) blocks.push(h('p', auto, h('strong', null, inline(heading))));
    else if (item) {
      const type = item[1] ? 'ul' : 'ol';
      if (paragraph.length || list?.type !== type) flush();
      // A list that starts at 1 needs no start attribute.
      list ??= { type, items: [], start: item[2] && item[2] !== '1' ? Number(item[2]) : undefined };
      list.items.push([item[3]!]);
    } else if (list && /^\s/.test(line) && line.trim()) list.items.at(-1)!.push(text.trim());
    else if (line.trim()) {
      if (list) flush();
      paragraph.push(text);
    }
  }
  flush();
  return blocks;
}
