/**
 * A small Markdown subset parsed to plain data (no HTML strings anywhere):
 * paragraphs, headings, lists, fenced code, bold/italic, inline code, links,
 * bare URLs and citations `[n]`. Raw HTML is just text. Partial input (an
 * answer still streaming) parses fine: an open code fence runs to the end.
 */
export type Inline =
  | string
  | { type: 'strong' | 'em'; children: Inline[] }
  | { type: 'code'; text: string }
  | { type: 'link'; href: string; children: Inline[] }
  | { type: 'cite'; numbers: number[] };

export type Block =
  | { type: 'p' | 'h'; children: Inline[] }
  | { type: 'ul' | 'ol'; items: Inline[][]; start?: number }
  | { type: 'pre'; text: string };

/** Only http(s) and mailto survive; anything else (javascript:, data:, relative) is refused. */
export function safeUrl(url: string): string | undefined {
  const trimmed = url.trim();
  if (!/^(https?:\/\/|mailto:)/i.test(trimmed)) return undefined;
  try {
    const parsed = new URL(trimmed);
    return /^(https?|mailto):$/.test(parsed.protocol) ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

const INLINE = new RegExp(
  [
    /(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)/.source, // 1,2 code
    /!\[([^\]]*)\]\([^)]*\)/.source, // 3 image → alt text only
    /\[([^\]]+)\]\(([^)\s]*)(?:\s+"[^"]*")?\)/.source, // 4,5 link
    /\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\]/.source, // 6 citation
    /\*\*(?=\S)([\s\S]*?\S)\*\*|__(?=\S)([\s\S]*?\S)__/.source, // 7,8 strong
    /\*(?=[^\s*])([^*]*?[^\s*])\*|\b_(?=[^\s_])([^_]*?[^\s_])_\b/.source, // 9,10 em
    /(https?:\/\/[^\s<>"]*[^\s<>".,;:!?')\]])/.source, // 11 bare URL
  ].join('|'),
  'g',
);

export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  let last = 0;
  const pushText = (value = '') => {
    if (typeof out.at(-1) === 'string') out[out.length - 1] += value;
    else if (value) out.push(value);
  };
  // matchAll works on a copy of INLINE, so the recursive calls below don't disturb its lastIndex.
  for (const match of text.matchAll(INLINE)) {
    const [whole, , code, alt, label, href, cite, strong = match[8], , em = match[10], , url] = match;
    const safe = safeUrl(href ?? url ?? '');
    pushText(text.slice(last, match.index));
    last = match.index + whole.length;
    if (code) out.push({ type: 'code', text: code });
    else if (label) safe ? out.push({ type: 'link', href: safe, children: parseInline(label) }) : pushText(label);
    else if (cite) out.push({ type: 'cite', numbers: cite.split(',').map(Number) });
    else if (strong) out.push({ type: 'strong', children: parseInline(strong) });
    else if (em) out.push({ type: 'em', children: parseInline(em) });
    else if (url) safe ? out.push({ type: 'link', href: safe, children: [url] }) : pushText(url);
    else pushText(alt);
  }
  pushText(text.slice(last));
  return out;
}

export function parseMarkdown(source: string): Block[] {
  const blocks: Block[] = [];
  const lines = source.split(/\r\n?|\n/);
  let paragraph: string[] = [];
  let list: { type: 'ul' | 'ol'; items: string[][]; start?: number } | undefined;
  const flush = () => {
    if (paragraph.length) blocks.push({ type: 'p', children: parseInline(paragraph.join('\n')) });
    if (list) blocks.push({ type: list.type, start: list.start, items: list.items.map((item) => parseInline(item.join('\n'))) });
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
      blocks.push({ type: 'pre', text: code.join('\n') });
    } else if (heading !== undefined) blocks.push({ type: 'h', children: parseInline(heading) });
    else if (item) {
      const type = item[1] ? 'ul' : 'ol';
      if (paragraph.length || list?.type !== type) flush();
      list ??= { type, items: [], start: item[2] ? Number(item[2]) : undefined };
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
