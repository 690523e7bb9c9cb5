/**
 * Parsed Markdown → Preact VNodes. Text only ever becomes text nodes, so no
 * input can produce markup; links were vetted by `safeUrl` in the parser.
 */
import { h, type ComponentChildren, type VNode } from 'preact';
import type { Source } from '../../../shared/protocol';
import { parseMarkdown, safeUrl, type Block, type Inline } from './parse';

export const EXTERNAL = { target: '_blank', rel: 'noopener noreferrer' } as const;

/** The source cited as `[n]`, if it exists and has a safe URL. */
export function citedSource(n: number, sources: readonly Source[]): (Source & { href: string }) | undefined {
  const source = sources.find((item) => item.n === n);
  const href = source && safeUrl(source.url);
  return href ? { ...source!, href } : undefined;
}

function inline(node: Inline, sources: readonly Source[]): ComponentChildren {
  if (typeof node === 'string') return node;
  const children = (nodes: Inline[]) => nodes.map((child) => inline(child, sources));
  switch (node.type) {
    case 'code':
      return h('code', null, node.text);
    case 'link':
      return h('a', { href: node.href, ...EXTERNAL }, children(node.children));
    case 'cite':
      return node.numbers.map((n) => {
        const source = citedSource(n, sources);
        return source ? h('a', { class: 'cite', href: source.href, title: source.title, 'aria-label': `[${n}] ${source.title}`, ...EXTERNAL }, `[${n}]`) : `[${n}]`;
      });
    default:
      return h(node.type, null, children(node.children));
  }
}

function block(node: Block, sources: readonly Source[]): VNode<any> {
  const children = (items: Inline[]) => items.map((item) => inline(item, sources));
  switch (node.type) {
    case 'pre':
      return h('pre', null, h('code', null, node.text));
    case 'ul':
    case 'ol':
      return h(
        node.type,
        { start: node.start !== 1 ? node.start : undefined },
        node.items.map((item) => h('li', null, children(item))),
      );
    default:
      return h('p', null, node.type === 'h' ? h('strong', null, children(node.children)) : children(node.children));
  }
}

export function renderMarkdown(text: string, sources: readonly Source[] = []): VNode<any>[] {
  return parseMarkdown(text).map((node) => block(node, sources));
}

/** Plain text of an answer for the polite live region: Markdown marks stripped. */
export function plainText(text: string): string {
  const flat = (nodes: Inline[]): string =>
    nodes.map((node) => (typeof node === 'string' ? node : 'children' in node ? flat(node.children) : 'text' in node ? node.text : `[${node.numbers.join(', ')}]`)).join('');
  return parseMarkdown(text)
    .map((node) => ('text' in node ? node.text : 'items' in node ? node.items.map(flat).join('. ') : flat(node.children)))
    .join('\n');
}
