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
);

export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  const pattern = new RegExp(INLINE.source, 'g');
  let last = 0;
  let match: RegExpExecArray | null;
  const pushText = (value: string) => {
    if (!value) return;
    if (typeof out[out.length - 1] === 'string') out[out.length - 1] += value;
    else out.push(value);
  };
  while ((match = pattern.exec(text))) {
    pushText(text.slice(last, match.index));
    last = pattern.lastIndex;
    const [whole, , code, alt, label, href, cite, strong1, strong2, em1, em2, url] = match;
    if (code !== undefined) out.push({ type: 'code', text: code });
    else if (alt !== undefined) pushText(alt);
    else if (label !== undefined) {
      const safe = safeUrl(href ?? '');
      if (safe) out.push({ type: 'link', href: safe, children: parseInline(label) });
      else pushText(label);
    } else if (cite !== undefined) out.push({ type: 'cite', numbers: cite.split(',').map(Number) });
    else if (strong1 !== undefined || strong2 !== undefined) out.push({ type: 'strong', children: parseInline(strong1 ?? strong2!) });
    else if (em1 !== undefined || em2 !== undefined) out.push({ type: 'em', children: parseInline(em1 ?? em2!) });
    else if (url !== undefined) {
      const safe = safeUrl(url);
      out.push(safe ? { type: 'link', href: safe, children: [url] } : url);
    } else pushText(whole);
  }
  pushText(text.slice(last));
  return out;
}

const LIST_ITEM = /^\s{0,6}(?:([-*+])|(\d{1,9})[.)])\s+(.*)$/;

export function parseMarkdown(source: string): Block[] {
  const blocks: Block[] = [];
  const lines = source.split(/\r\n|\r|\n/);
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
    const fence = /^\s*(`{3,}|~{3,})/.exec(line);
    if (fence) {
      flush();
      const code: string[] = [];
      while (++index < lines.length && !lines[index]!.trim().startsWith(fence[1]!)) code.push(lines[index]!);
      blocks.push({ type: 'pre', text: code.join('\n') });
      continue;
    }
    if (!line.trim()) {
      flush();
      continue;
    }
    const heading = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      flush();
      blocks.push({ type: 'h', children: parseInline(heading[1]!) });
      continue;
    }
    const item = LIST_ITEM.exec(line);
    if (item) {
      const type = item[1] ? 'ul' : 'ol';
      if (paragraph.length || list?.type !== type) flush();
      list ??= { type, items: [], start: type === 'ol' ? Number(item[2]) : undefined };
      list.items.push([item[3]!]);
      continue;
    }
    const text = line.replace(/^\s{0,3}>\s?/, '');
    if (list && /^\s/.test(line)) list.items[list.items.length - 1]!.push(text.trim());
    else {
      if (list) flush();
      paragraph.push(text);
    }
  }
  flush();
  return blocks;
}
