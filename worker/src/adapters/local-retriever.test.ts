import { describe, expect, it } from 'vitest';
import { collectAnchors } from '../retrieval/anchor-text';
import { chunkPage, parsePage } from '../retrieval/markdown-chunker';
import { buildIndex, loadIndex, serializeIndex } from '../retrieval/search-index';
import { LocalRetriever } from './local-retriever';

const page = (pageId: string, markdown: string, product?: string) =>
  chunkPage(parsePage(markdown, 'markdown'), { pageId, url: `/${pageId.replace(/\.md$/, '')}`, ...(product ? { product } : {}) });

const docs = loadIndex(
  serializeIndex(
    buildIndex(
      [
        ...page('cloud/billing.md', '# Billing and invoices\n\n## Change your plan\n\nPick a new plan under Organization settings.\n\n## Download invoices\n\nInvoices are emailed every month.', 'cloud'),
        ...page('app/install.md', '# Install\n\n## System requirements\n\nNode.js 20 or newer on macOS, Linux or Windows.\n\n## Install with npm\n\nRun npm install.', 'app'),
        ...page('app/ci.md', '# Continuous integration\n\n## Run in CI\n\nRecord end-to-end tests in your continuous integration provider.', 'app'),
        ...page('app/views.md', '# Views\n\nA view groups URLs of your application into one page of the report.', 'app'),
        ...page('cloud/views.md', '# Views\n\nA view groups URLs of your application into one page of the report.', 'cloud'),
        ...page('app/login.md', '# Authentication\n\n## Log in programmatically\n\nUse cy.session to sign in once.\n\n## Login with SSO\n\nLogin through single sign-on.', 'app'),
      ],
      'docs',
    ),
  ),
);
const tickets = loadIndex(
  serializeIndex(buildIndex(page('T-1', 'My card was declined\n\nUpdate the card under billing; declined cards retry in 3 days.'), 'tickets')),
);
const retriever = new LocalRetriever({ docs, tickets });

describe('LocalRetriever', () => {
  it('finds the page by stemmed words and returns SearchHit fields', async () => {
    const [hit] = await retriever.search({ text: 'How do I change plans?', collection: 'docs', topK: 3 });
    expect(hit).toMatchObject({ collection: 'docs', pageId: 'cloud/billing.md', title: 'Billing and invoices', url: '/cloud/billing', section: 'Change your plan', product: 'cloud' });
    expect(hit!.text).toContain('Organization settings');
    expect(hit!.score).toBeGreaterThan(0);
    expect(hit!.score).toBeLessThanOrEqual(1);
  });

  it('tells where each page stands in each ranking signal alone, for the confidence model', async () => {
    const hits = await retriever.search({ text: 'How do I change plans?', collection: 'docs', topK: 3 });
    // Word match and whole-page match both put the billing page first; latent semantics has no say without a semantic index.
    expect(hits[0]!.signalRanks).toEqual([0, 0, -1]);
    for (const hit of hits.slice(1)) expect(hit.signalRanks!.slice(0, 2).every((rank) => rank > 0)).toBe(true);
    expect(hits[0]!.readAs).toBeUndefined();
    const [translated] = await retriever.search({ text: 'wie ändere ich meinen Plan', collection: 'docs', topK: 1 });
    expect(translated!.readAs).toBeDefined();
    expect(translated!.readAs).not.toContain('wie');
  });

  it('understands abbreviations through the synonym table', async () => {
    const [hit] = await retriever.search({ text: 'Run e2e in CI', collection: 'docs', topK: 1 });
    expect(hit?.pageId).toBe('app/ci.md');
  });

  it('returns one hit per page while there are enough pages', async () => {
    const hits = await retriever.search({ text: 'login SSO session, npm install, invoices', collection: 'docs', topK: 3 });
    expect(hits.map((hit) => hit.pageId).sort()).toEqual(['app/install.md', 'app/login.md', 'cloud/billing.md']);
  });

  it('fills topK with more chunks of the best pages when there are too few pages', async () => {
    const hits = await retriever.search({ text: 'login sign in SSO session', collection: 'docs', topK: 2 });
    expect(hits.map((hit) => hit.pageId)).toEqual(['app/login.md', 'app/login.md']);
    expect(hits[0]!.id).not.toBe(hits[1]!.id);
  });

  it('prefers the asked-about product among near-identical pages without hiding the others', async () => {
    const cloud = await retriever.search({ text: 'What is a view?', collection: 'docs', topK: 5, product: 'cloud' });
    expect(cloud[0]?.pageId).toBe('cloud/views.md');
    expect(cloud.map((hit) => hit.pageId)).toContain('app/views.md');
    const app = await retriever.search({ text: 'What is a view?', collection: 'docs', topK: 5, product: 'app' });
    expect(app[0]?.pageId).toBe('app/views.md');
  });

  it('scores full evidence higher than partial evidence, on a 0..1 scale', async () => {
    const [full] = await retriever.search({ text: 'download invoices', collection: 'docs', topK: 1 });
    const [partial] = await retriever.search({ text: 'download invoices for kubernetes clusters', collection: 'docs', topK: 1 });
    expect(full!.coverage).toBe(1);
    expect(partial!.coverage).toBeLessThan(0.6);
    expect(partial!.score).toBeLessThan(full!.score);
    expect(partial!.matchedTerms).toBeLessThan(partial!.queryTerms);
  });

  it('drops hits under minScore, and answers nothing for an unrelated question', async () => {
    const all = await retriever.search({ text: 'invoices kubernetes', collection: 'docs', topK: 5 });
    expect(all.length).toBeGreaterThan(0);
    expect(await retriever.search({ text: 'invoices kubernetes', collection: 'docs', topK: 5, minScore: 0.99 })).toEqual([]);
    expect(await retriever.search({ text: 'zebra giraffe', collection: 'docs', topK: 5 })).toEqual([]);
  });

  it('tolerates a typo in a word the index has never seen', async () => {
    const [hit] = await retriever.search({ text: 'invoicse', collection: 'docs', topK: 1 });
    expect(hit?.pageId).toBe('cloud/billing.md');
  });

  it('searches tickets separately, and nothing when a collection has no index', async () => {
    const [hit] = await retriever.search({ text: 'card declined', collection: 'tickets', topK: 3 });
    expect(hit).toMatchObject({ collection: 'tickets', pageId: 'T-1' });
    expect(await new LocalRetriever({ docs }).search({ text: 'card declined', collection: 'tickets', topK: 3 })).toEqual([]);
  });

  it('finds a page by what other pages call it when they link to it', async () => {
    const pages = [
      { pageId: 'guide.md', markdown: '# Guide\n\nIf a charge looks wrong, [ask for your money back](/returns).' },
      { pageId: 'returns.md', markdown: '# Returns\n\nWrite to us within 30 days.' },
      ...['Shipping', 'Sizes', 'Colours', 'Stores'].map((title) => ({ pageId: `${title.toLowerCase()}.md`, markdown: `# ${title}\n\nAbout ${title.toLowerCase()}.` })),
    ].map(({ pageId, markdown }) => ({ pageId, url: `/${pageId.replace(/\.md$/, '')}`, parsed: parsePage(markdown, 'markdown') }));
    const anchors = collectAnchors(pages.map(({ pageId, url, parsed }) => ({ pageId, url, links: parsed.links })));
    const index = buildIndex(pages.flatMap(({ pageId, url, parsed }) => chunkPage(parsed, { pageId, url })), 'docs', { anchors });
    const hits = await new LocalRetriever({ docs: loadIndex(serializeIndex(index)) }).search({ text: 'money back', collection: 'docs', topK: 2 });
    expect(hits.map((hit) => hit.pageId)).toContain('returns.md');
    const withoutAnchors = await new LocalRetriever({ docs: buildIndex(pages.flatMap(({ pageId, url, parsed }) => chunkPage(parsed, { pageId, url })), 'docs') }).search({ text: 'money back', collection: 'docs', topK: 2 });
    expect(withoutAnchors.map((hit) => hit.pageId)).not.toContain('returns.md');
  });

  it('passes relevance along links: a page that the best-matching passage points to is found without the question\'s words', async () => {
    const pages = [
      { pageId: 'payments.md', markdown: '# Payments\n\n## Declined cards\n\nThe bank can decline a card payment.\n\nMore in [this article](/contact).' },
      { pageId: 'contact.md', markdown: '# Contact\n\nWrite to the team.' },
      ...['Shipping', 'Sizes', 'Colours', 'Stores'].map((title) => ({ pageId: `${title.toLowerCase()}.md`, markdown: `# ${title}\n\nAbout ${title.toLowerCase()}.` })),
    ].map(({ pageId, markdown }) => ({ pageId, url: `/${pageId.replace(/\.md$/, '')}`, parsed: parsePage(markdown, 'markdown') }));
    const anchors = collectAnchors(pages.map(({ pageId, url, parsed }) => ({ pageId, url, links: parsed.links })));
    const index = loadIndex(serializeIndex(buildIndex(pages.flatMap(({ pageId, url, parsed }) => chunkPage(parsed, { pageId, url })), 'docs', { anchors })));
    const question = { text: 'card payment declined', collection: 'docs' as const, topK: 3 };
    const hits = await new LocalRetriever({ docs: index }).search(question);
    expect(hits.map((hit) => hit.pageId)).toEqual(['payments.md', 'contact.md']);
    expect(hits[1]!.score).toBe(0);
    const withoutLinks = await new LocalRetriever({ docs: index, linkWeight: 0 }).search(question);
    expect(withoutLinks.map((hit) => hit.pageId)).not.toContain('contact.md');
  });

  it('breaks a word-match tie by latent semantic closeness when the index has a semantic space', async () => {
    // notes.md and reports.md match 'export' equally; the other word is on neither, only near one of them.
    const chunks = [
      ...page('notes.md', '# Notes\n\nExport notes.'),
      ...page('reports.md', '# Reports\n\nExport reports.'),
      ...page('notebooks.md', '# Notebooks\n\nA notebook holds notes.'),
      ...page('journals.md', '# Journals\n\nA journal is a notebook of notes.'),
      ...page('charts.md', '# Charts\n\nA chart on a dashboard belongs to reports.'),
      ...page('dashboards.md', '# Dashboards\n\nA dashboard shows charts and reports.'),
      ...page('sizes.md', '# Sizes\n\nAbout sizes.'),
      ...page('colours.md', '# Colours\n\nAbout colours.'),
    ];
    const index = loadIndex(serializeIndex(buildIndex(chunks, 'docs', { semantic: { dimensions: 3 } })));
    const order = async (text: string, semanticWeight?: number) =>
      (await new LocalRetriever({ docs: index, ...(semanticWeight === undefined ? {} : { semanticWeight }) }).search({ text, collection: 'docs', topK: 8 }))
        .map((hit) => hit.pageId)
        .filter((pageId) => pageId === 'notes.md' || pageId === 'reports.md');
    expect(await order('export notebook', 0)).toEqual(await order('export dashboard', 0));
    expect(await order('export notebook', 2)).toEqual(['notes.md', 'reports.md']);
    expect(await order('export dashboard', 2)).toEqual(['reports.md', 'notes.md']);
  });

  it('keeps the word-match order when no word of the question is in the latent space', async () => {
    // 'zorblax' is on one page and 'quux' on another, each in one chunk only: the latent space leaves both out.
    const chunks = [
      ...page('a.md', '# Alpha\n\nThe shared settings of a team; see the quux section.'),
      ...page('b.md', '# Beta\n\nThe shared settings of a team and its members.'),
      ...page('c.md', '# Gamma\n\nMembers of a team can change settings.'),
      ...page('d.md', '# Delta\n\nInvoices for a team are shared with members.'),
      ...page('e.md', '# Epsilon\n\nInvoices and settings.'),
      ...['f', 'g', 'h', 'i', 'j', 'k', 'l', 'm'].flatMap((name) => page(`${name}.md`, `# Page ${name}\n\nInvoices, members and settings of the ${name} team.`)),
      ...page('z.md', '# Zorblax\n\nTo configure a zorblax, open the zorblax panel.'),
    ];
    const index = loadIndex(serializeIndex(buildIndex(chunks, 'docs', { semantic: {} })));
    const order = async (semanticWeight: number) =>
      (await new LocalRetriever({ docs: index, semanticWeight }).search({ text: 'zorblax quux', collection: 'docs', topK: 3 })).map((hit) => hit.pageId);
    expect((await order(0))[0]).toBe('z.md');
    expect(await order(0.3)).toEqual(await order(0));
  });

  it("quotes the section that holds the question's words, not one that matches only through the page title", async () => {
    const offline =
      'The desktop and mobile apps keep a full copy of your notes on the device, so you can read, write, tag and search your notes while offline, and attachments are downloaded when you first open them.';
    const index = buildIndex(
      [
        ...page('sync.md', `# Sync and offline access\n\n## How sync works\n\nChanges go to every device within seconds.\n\n## Devices\n\nFind the device you no longer use and remove it.\n\n## Storage\n\nNotes count towards your storage.\n\n## Working offline\n\n${offline}\n\n## Conflicts\n\nBoth versions are kept.`),
        // "use" is an everyday word in docs, more common than "offline".
        ...Array.from({ length: 12 }, (_, n) => n).flatMap((n) => page(`tags-${n}.md`, `# Tags ${n}\n\nUse tag ${n} to group notes.`)),
        ...Array.from({ length: 3 }, (_, n) => n).flatMap((n) => page(`mode-${n}.md`, `# Mode ${n}\n\nNotes sync when you are back from offline mode ${n}.`)),
      ],
      'docs',
    );
    // By BM25 alone "Devices" is the page's best chunk: the page title gives every section "offline", and it alone also says "use".
    const [byBm25] = index.engine.search('us offlin', { tokenize: (text) => text.split(' '), processTerm: (term) => term, boost: { title: 3, section: 2, path: 1.5, text: 1 } });
    expect(index.chunks[byBm25!.id as number]!.section).toBe('Devices');
    const hits = await new LocalRetriever({ docs: index }).search({ text: 'Can I use it offline?', collection: 'docs', topK: 1 });
    expect(hits.map((hit) => [hit.pageId, hit.section])).toEqual([['sync.md', 'Working offline']]);
  });

  it('ranks the page where the question\'s words stand together above one that has them far apart', async () => {
    const filler = 'The runner records each step of the test in the command log and shows it in the browser.';
    const index = loadIndex(
      serializeIndex(
        buildIndex(
          [
            // scattered.md says "rejected" and "promise" more often, but never near each other.
            ...page('scattered.md', `# Events\n\nA rejected request is retried. ${filler} ${filler} A promise is awaited. ${filler} A rejected login is logged. ${filler} Every promise resolves.`),
            ...page('together.md', `# Errors\n\nThe test fails on a rejected promise from your application. ${filler} ${filler} ${filler} ${filler}`),
            ...['Shipping', 'Sizes', 'Colours', 'Stores'].flatMap((title) => page(`${title.toLowerCase()}.md`, `# ${title}\n\nAbout ${title.toLowerCase()}.`)),
          ],
          'docs',
        ),
      ),
    );
    const order = async (proximityWeight?: number) =>
      (await new LocalRetriever({ docs: index, ...(proximityWeight === undefined ? {} : { proximityWeight }) }).search({ text: 'What about a rejected promise?', collection: 'docs', topK: 2 })).map((hit) => hit.pageId);
    expect(await order(0)).toEqual(['scattered.md', 'together.md']);
    expect(await order()).toEqual(['together.md', 'scattered.md']);
  });

  it('refuses an aborted query', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(retriever.search({ text: 'plan', collection: 'docs', topK: 3, signal: controller.signal })).rejects.toThrow();
  });

  it('hands the thread back between its steps, so other work (another visitor\'s first event) runs during a search', async () => {
    const order: string[] = [];
    setTimeout(() => order.push('timer'), 0);
    const search = retriever.search({ text: 'change plan invoices', collection: 'docs', topK: 3 }).then((hits) => order.push(`search ${hits[0]!.pageId}`));
    await search;
    expect(order).toEqual(['timer', 'search cloud/billing.md']);
  });

  it('stops between steps when the query is aborted mid-search', async () => {
    const controller = new AbortController();
    const search = retriever.search({ text: 'change plan invoices', collection: 'docs', topK: 3, signal: controller.signal });
    controller.abort(new Error('visitor left'));
    await expect(search).rejects.toThrow('visitor left');
  });

  it('answers the same in one go (searchSync) as step by step (search)', async () => {
    for (const text of ['change plan', 'Run e2e in CI', 'log in with single sign-on', 'views of the report']) {
      const query = { text, collection: 'docs' as const, topK: 5, product: 'app' };
      expect(retriever.searchSync(query)).toEqual(await retriever.search(query));
    }
  });
});
