import type { VNode } from 'preact';
import { describe, expect, it } from 'vitest';
import type { Source } from '../../../shared/protocol';
import { citedSource, safeUrl } from './links';
import { plainText } from './plain-text';
import { renderInline, renderMarkdown } from './render';

/** Flattens a VNode tree into [tag, props] pairs and text, without a DOM. */
function walk(nodes: unknown, out: { tags: string[]; props: Record<string, unknown>[]; text: string[] } = { tags: [], props: [], text: [] }) {
  if (Array.isArray(nodes)) for (const node of nodes) walk(node, out);
  else if (typeof nodes === 'string' || typeof nodes === 'number') out.text.push(String(nodes));
  else if (nodes && typeof nodes === 'object') {
    const vnode = nodes as VNode<Record<string, unknown>>;
    out.tags.push(String(vnode.type));
    out.props.push(vnode.props);
    walk(vnode.props.children, out);
  }
  return out;
}

/** Sources whose origins the link tests use: a link is made only to a source's origin. */
const named: Source[] = [
  { n: 8, title: 'Example', url: 'https://example.com/', kind: 'doc' },
  { n: 9, title: 'OK', url: 'https://ok.example/start', kind: 'doc' },
];

const sources: Source[] = [
  { n: 1, title: 'Billing FAQ', url: 'https://docs.example.com/billing', kind: 'doc' },
  { n: 2, title: 'Bad source', url: 'javascript:alert(1)', kind: 'doc' },
];

/** The element tree without props or empty text: `['p', ['strong', 'x']]`. */
function shape(nodes: unknown): unknown {
  if (Array.isArray(nodes)) return nodes.flat(Infinity).filter((node) => node !== '' && node != null).map(shape);
  if (nodes && typeof nodes === 'object') {
    const vnode = nodes as VNode<{ children?: unknown }>;
    return [vnode.type, ...(shape([vnode.props.children]) as unknown[])];
  }
  return nodes;
}

describe('renderMarkdown blocks', () => {
  it('splits paragraphs, lists, headings and fenced code', () => {
    const blocks = renderMarkdown('Hello **you**\n\n- one\n- two\n\n1. first\n2. second\n\n# Title\n\n```js\nconst x = 1 < 2;\n```');
    expect(shape(blocks)).toEqual([
      ['p', 'Hello ', ['strong', 'you']],
      ['ul', ['li', 'one'], ['li', 'two']],
      ['ol', ['li', 'first'], ['li', 'second']],
      ['p', ['strong', 'Title']],
      ['pre', ['code', 'const x = 1 < 2;']],
    ]);
  });

  it('keeps a list start other than 1, and a list item continued on an indented line', () => {
    const [list] = renderMarkdown('3. three\n   more\n4. four');
    expect(list!.props).toMatchObject({ start: 3 });
    expect(shape(list)).toEqual(['ol', ['li', 'three\nmore'], ['li', 'four']]);
    expect(renderMarkdown('1. one')[0]!.props.start).toBeUndefined();
  });

  it('keeps an unclosed code fence (still streaming) as code to the end', () => {
    expect(shape(renderMarkdown('Try:\n```\nnpm i'))).toEqual([
      ['p', 'Try:'],
      ['pre', ['code', 'npm i']],
    ]);
  });

  it('renders bold, italic (both spellings), inline code and citations', () => {
    expect(shape(renderInline('a **b** *c* __d__ _e_ `f` ``g`h`` [1]'))).toEqual([
      'a ',
      ['strong', 'b'],
      ' ',
      ['em', 'c'],
      ' ',
      ['strong', 'd'],
      ' ',
      ['em', 'e'],
      ' ',
      ['code', 'f'],
      ' ',
      ['code', 'g`h'],
      ' ',
      '[1]',
    ]);
  });

  it('keeps the text after a link that never closes its parenthesis, and a URL with a space stays text', () => {
    const text = walk(renderMarkdown('Click [here](https://a.example and press OK twice.\nThen (maybe) wait.')).text.join('');
    expect(text).toContain('press OK twice.');
    expect(text).toContain('Then (maybe) wait.');
    const spaced = walk(renderInline('[Guide](https://example.com/my guide.pdf)'));
    expect(spaced.text.join('')).toContain('guide.pdf)');
    expect(spaced.text).not.toContain('Guide');
  });

  it('drops a link title and keeps the link', () => {
    const [link] = walk(renderInline('[guide](https://example.com/g "The guide")', named)).props;
    expect(link).toMatchObject({ href: 'https://example.com/g' });
    expect(JSON.stringify(link)).not.toContain('The guide');
  });

  it('nests marks inside links and leaves snake_case words alone', () => {
    expect(shape(renderInline('[**docs**](https://example.com) my_var_name', named))).toEqual([['a', ['strong', 'docs']], ' my_var_name']);
  });
});

describe('safeUrl', () => {
  it('allows http, https and mailto only', () => {
    expect(safeUrl('https://example.com/a')).toBe('https://example.com/a');
    expect(safeUrl('mailto:help@example.com')).toBe('mailto:help@example.com');
    for (const url of ['javascript:alert(1)', ' JavaScript:alert(1)', 'data:text/html,<script>x</script>', 'vbscript:msgbox', '/relative', '//evil.com', 'java\tscript:x'])
      expect(safeUrl(url)).toBeUndefined();
  });
});

describe('renderMarkdown', () => {
  it('renders raw HTML and <script> as text, never as elements', () => {
    const tree = walk(renderMarkdown('<script>alert(1)</script> <img src=x onerror=alert(1)> <b>bold</b>'));
    expect(tree.tags).toEqual(['p']);
    expect(tree.text.join('')).toContain('<script>alert(1)</script>');
    expect(tree.props.some((props) => 'dangerouslySetInnerHTML' in props)).toBe(false);
  });

  it('renders javascript:, data: and vbscript: links as plain text', () => {
    const tree = walk(renderMarkdown('[a](javascript:alert(1)) [b](data:text/html;base64,xx) [c](vbscript:x) [d](https://ok.example)', named));
    const links = tree.props.filter((props) => 'href' in props);
    expect(links.map((props) => props.href)).toEqual(['https://ok.example/']);
    expect(tree.text.join('')).toContain('a');
    expect(JSON.stringify(tree.props)).not.toMatch(/javascript:|data:|vbscript:/);
  });

  it('turns images into their alt text, with no img element or src', () => {
    const tree = walk(renderMarkdown('![a cat](https://example.com/cat.png)'));
    expect(tree.tags).not.toContain('img');
    expect(tree.text.join('')).toBe('a cat');
    expect(JSON.stringify(tree.props)).not.toContain('cat.png');
  });

  it('opens links in a new tab without opener or referrer', () => {
    const [link] = walk(renderMarkdown('see https://example.com/x.', named)).props.filter((props) => 'href' in props);
    expect(link).toMatchObject({ href: 'https://example.com/x', target: '_blank', rel: 'noopener noreferrer' });
  });
});

describe('citations', () => {
  it('maps [n] to its source with the title as tooltip and label', () => {
    const tree = walk(renderMarkdown('Refunds take 5 days [1].', sources));
    const cite = tree.props.find((props) => props.class === 'cite');
    expect(cite).toMatchObject({ href: 'https://docs.example.com/billing', title: 'Billing FAQ', target: '_blank', rel: 'noopener noreferrer' });
    expect(tree.text).toContain('[1]');
  });

  it('leaves [n] as text when the source is unknown or its URL unsafe', () => {
    const tree = walk(renderMarkdown('x [2] y [9] z [1, 2]', sources));
    expect(tree.props.filter((props) => 'href' in props).map((props) => props.href)).toEqual(['https://docs.example.com/billing']);
    expect(citedSource(2, sources)).toBeUndefined();
    expect(citedSource(9, sources)).toBeUndefined();
    expect(citedSource(1, sources)?.title).toBe('Billing FAQ');
  });

  it('keeps #, >, ~ and a lone * that are part of a sentence in the live region', () => {
    expect(plainText('# Tip\n> Use C# if x > 5 and ~3 days, 5 * 3 times')).toBe('Tip\nUse C# if x > 5 and ~3 days, 5 * 3 times');
  });

  it('keeps the text after a link that never closes in the live region', () => {
    expect(plainText('Click [here](https://a.example and press OK twice.\nThen (maybe) wait.')).toBe('Click [here](https://a.example and press OK twice.\nThen (maybe) wait.');
  });

  it('gives the live region plain text, Markdown marks removed', () => {
    expect(plainText('**Yes**, see [the guide](https://example.com/g) [1].\n\n- a\n2. b\n`c` ![img](x.png)')).toBe('Yes, see the guide [1].\n\na\nb\nc img');
  });
});
