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
  return source && href ? { ...source, href } : undefined;
}

function inline(node: Inline, sources: readonly Source[], key: number): ComponentChildren {
  if (typeof node === 'string') return node;
  switch (node.type) {
    case 'code':
      return h('code', { key }, node.text);
    case 'strong':
    case 'em':
      return h(node.type, { key }, node.children.map((child, index) => inline(child, sources, index)));
    case 'link':
      return h('a', { key, href: node.href, ...EXTERNAL }, node.children.map((child, index) => inline(child, sources, index)));
    case 'cite':
      return h(
        'span',
        { key },
        node.numbers.map((n) => {
          const source = citedSource(n, sources);
          return source
            ? h('a', { key: n, class: 'cite', href: source.href, title: source.title, 'aria-label': `[${n}] ${source.title}`, ...EXTERNAL }, `[${n}]`)
            : `[${n}]`;
        }),
      );
  }
}

function block(node: Block, sources: readonly Source[], key: number): VNode<any> {
  const children = (items: Inline[]) => items.map((item, index) => inline(item, sources, index));
  switch (node.type) {
    case 'p':
      return h('p', { key }, children(node.children));
    case 'h':
      return h('p', { key }, h('strong', null, children(node.children)));
    case 'pre':
      return h('pre', { key }, h('code', null, node.text));
    case 'ul':
    case 'ol':
      return h(
        node.type,
        { key, start: node.start !== 1 ? node.start : undefined },
        node.items.map((item, index) => h('li', { key: index }, children(item))),
      );
  }
}

export function renderMarkdown(text: string, sources: readonly Source[] = []): VNode<any>[] {
  return parseMarkdown(text).map((node, index) => block(node, sources, index));
}

/** Plain text of an answer for the polite live region: Markdown marks stripped. */
export function plainText(text: string): string {
  const flat = (nodes: Inline[]): string =>
    nodes
      .map((node) => (typeof node === 'string' ? node : 'children' in node ? flat(node.children) : 'text' in node ? node.text : `[${node.numbers.join(', ')}]`))
      .join('');
  return parseMarkdown(text)
    .map((node) => (node.type === 'pre' ? node.text : 'items' in node ? node.items.map(flat).join('. ') : flat(node.children)))
    .join('\n');
}
