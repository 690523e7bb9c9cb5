/**
 * One HTML page → its main content as Markdown, its title and its heading ids.
 *
 * Libraries, and why:
 * - linkedom: a fast DOM without a browser (and without the Node APIs jsdom needs, so it runs
 *   in a Worker too), enough for Readability; jsdom is ~10× slower to parse.
 * - @mozilla/readability: Firefox Reader View's main-content extraction, so site chrome
 *   (nav, sidebars, footers, cookie banners, "edit this page") stays out of the index.
 * - turndown: HTML → Markdown (with fenced code blocks) so the heading-aware chunker does the rest;
 *   tables are turned into Markdown tables here (turndown's GFM plugin is unmaintained). It is
 *   handed a linkedom element, never a string: its browser build (the one a Worker bundle gets)
 *   parses strings with DOMParser, which Workers lack.
 */
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import TurndownService from 'turndown';

/** linkedom's document; the Worker's type library has no DOM, so the DOM names below are linkedom's. */
export type PageDocument = ReturnType<typeof parseHTML>['document'];
/** The element surface the turndown rules read (every DOM has it). */
interface DomElement {
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomElement>;
  getAttribute(name: string): string | null;
  getElementsByTagName(name: string): ArrayLike<DomElement>;
}

export const normaliseHeading = (text: string) => text.replace(/[#¶]\s*$/, '').replace(/[`*_[\]]/g, '').replace(/\s+/g, ' ').trim().toLowerCase();

let turndown: TurndownService | undefined;
/** Markdown of an element (turndown clones it, so the page's DOM stays as it is). */
function markdownOf(element: object): string {
  if (!turndown) {
    turndown = new TurndownService({ headingStyle: 'atx', codeBlockStyle: 'fenced', bulletListMarker: '-' });
    // Fences keep the language Readability leaves on <code class="language-x">.
    turndown.addRule('fencedCode', {
      filter: (node) => node.nodeName === 'PRE',
      replacement: (_content, node) => {
        const element = node as unknown as DomElement;
        const code = element.getElementsByTagName('code')[0] ?? element;
        const language = /language-([\w-]+)/.exec(code.getAttribute('class') ?? '')?.[1] ?? '';
        const text = (code.textContent ?? '').replace(/\n$/, '');
        const fence = text.includes('```') ? '~~~' : '```';
        return `\n\n${fence}${language}\n${text}\n${fence}\n\n`;
      },
    });
    turndown.addRule('table', {
      filter: 'table',
      replacement: (_content, node) => {
        // Walk with getElementsByTagName and children: the smallest DOM surface every DOM has.
        const rows = Array.from((node as unknown as DomElement).getElementsByTagName('tr')).map((row) =>
          Array.from(row.childNodes).filter((cell) => cell.nodeName === 'TH' || cell.nodeName === 'TD').map((cell) => (cell.textContent ?? '').replace(/\s+/g, ' ').replace(/\|/g, '\\|').trim()),
        );
        if (!rows.length) return '';
        const width = Math.max(...rows.map((row) => row.length));
        const line = (cells: string[]) => `| ${Array.from({ length: width }, (_, i) => cells[i] ?? '').join(' | ')} |`;
        return `\n\n${[line(rows[0]!), line(Array(width).fill('---')), ...rows.slice(1).map(line)].join('\n')}\n\n`;
      },
    });
    // Heading permalinks ("#", "¶") are chrome, not text.
    turndown.addRule('headingPermalink', { filter: (node) => node.nodeName === 'A' && /hash-link|anchor|permalink/.test((node as unknown as DomElement).getAttribute('class') ?? ''), replacement: () => '' });
  }
  return turndown.turndown(element as never);
}

/** Main content of one HTML page as Markdown, its title and its heading ids. */
export function extractPage(html: string | PageDocument, url: string): { title: string; markdown: string; headingIds: Map<string, string> } | undefined {
  // Parsed once per page: the crawler hands over the document it read links and the canonical from.
  const document = typeof html === 'string' ? parseHTML(html).document : html;
  const h1 = document.querySelector('main h1, article h1, h1')?.textContent?.replace(/[#¶]\s*$/, '').trim();
  // `<title>` less the site name after a separator (`Install | Docs`), else the h1.
  const documentTitle = document.querySelector('title')?.textContent?.replace(/\s+[|–—·-]\s+[^|–—·-]+$/, '').trim();
  const title = (documentTitle || h1 || url).replace(/\s+/g, ' ');
  const headingIds = new Map<string, string>();
  for (const heading of document.querySelectorAll('h1[id],h2[id],h3[id],h4[id],h5[id],h6[id]')) {
    const text = normaliseHeading(heading.textContent ?? '');
    if (text && !headingIds.has(text)) headingIds.set(text, heading.getAttribute('id')!);
  }
  // A docs page that marks its content with <article> has said where it is; Readability scores
  // the rest of the body too and, on a long list page, can take a feedback box along.
  const marked = document.querySelectorAll('article');
  if (marked.length === 1) {
    // Moved, not re-parsed (a second parse of the article was a fifth of the crawl's CPU); the parser splits
    // text at entities (`&quot;-remote`), and turndown escapes each text node apart, so merge them first.
    marked[0]!.normalize();
    document.body.replaceChildren(marked[0]!);
  }
  // Readability drops elements whose id reads like chrome ("social", "share", "comment", "media", "related"…);
  // on a docs page an id is a heading's slug, already mapped above, so "Authenticating with social platforms" stays.
  for (const element of document.querySelectorAll('[id]')) element.removeAttribute('id');
  // Readability removes the first h1/h2 that reads like <title>; with <title> set to the h1, that is the h1
  // (re-added below) and never a section heading such as "Use cypress tap with AI agents".
  const titleElement = document.querySelector('title');
  if (h1 && titleElement) titleElement.textContent = h1;
  // keepClasses keeps language-x on code; Readability would otherwise drop it.
  // The serializer hands back Readability's element itself: turndown reads it without a serialise-and-parse round trip.
  const article = new Readability<object>(document as never, { keepClasses: true, charThreshold: 0, serializer: (element) => element }).parse();
  if (!article?.content) return undefined;
  let markdown = markdownOf(article.content).trim();
  if (!markdown) return undefined;
  // Readability lifts the h1 into the title, or (when it differs from <title>) keeps it as an h2;
  // the chunker wants it as the page's own heading, so the lead text stays the page's lead.
  const first = /^##\s+(.+)\n/.exec(markdown);
  if (first && h1 && normaliseHeading(first[1]!) === normaliseHeading(h1)) markdown = `#${markdown.slice(2)}`;
  else if (!/^#\s/.test(markdown)) markdown = `# ${h1 || title}\n\n${markdown}`;
  // The chunker takes the title from frontmatter before the h1, as it does for a folder's pages.
  markdown = `---\ntitle: ${JSON.stringify(title)}\n---\n\n${markdown}`;
  return { title, markdown, headingIds };
}
