import { describe, expect, it } from 'vitest';
import type { SearchHit } from '../ports';
import { EXTRACTIVE_INTRO, extractiveAnswer } from './extractive-answer';
import { bestBlock, splitBlocks } from './passage-blocks';
import { terms } from './passage-cuts';

const page = (title: string, text: string, section?: string): SearchHit => ({ id: title, collection: 'docs', pageId: title, title, url: `/${title}`, text, score: 0.9, ...(section ? { section } : {}) });

describe('extractiveAnswer', () => {
  it('quotes the most relevant passage of the best page, cited, and says it is excerpts', () => {
    const hits = [
      page('Reset your password', 'Lumen keeps you signed in.\n\nThe reset link is valid for 60 minutes and works only once.\n\nContact support otherwise.', 'Reset a forgotten password'),
      page('Getting started', 'Create an account with your email.'),
    ];
    const answer = extractiveAnswer('How long is the reset link valid?', hits);
    expect(answer.startsWith(EXTRACTIVE_INTRO)).toBe(true);
    expect(answer).toContain('**Reset your password › Reset a forgotten password**');
    // The passage starts at the block that answers and carries the rest of its section.
    expect(answer).toContain('The reset link is valid for 60 minutes and works only once.\n\nContact support otherwise. [1]');
    expect(answer).not.toContain('Lumen keeps you signed in');
  });

  it('quotes a third page that matches, in a shorter window, and never a fourth', () => {
    const long = (topic: string) => Array.from({ length: 12 }, (_, n) => `Retries for ${topic} run again step ${n} of the flaky test.`).join(' ');
    const hits = ['Test retries', 'Flake detection', 'Retry-ability', 'CI setup'].map((title) => page(title, long(title)));
    const answer = extractiveAnswer('how do retries work for a flaky test', hits);
    const passages = answer.split(/\n\n\*\*/).slice(1);
    expect(passages.map((passage) => passage.split('**')[0])).toEqual(['Test retries', 'Flake detection', 'Retry-ability']);
    const chars = passages.map((passage) => passage.split('**\n\n')[1]!.length);
    expect(chars[2]).toBeLessThan(450);
    expect(chars[0]).toBeGreaterThan(600);
  });

  it('carries the paragraph after the one naming the subject, where the answer often is, and stops at a heading', () => {
    const text = [
      'Elements sharing a `data-cy-ui-group` value are grouped together in reports.',
      '```html\n<button data-cy-ui-group="pagination">1</button>\n```',
      'Groups defined this way take priority over `elementGroups` rules.',
      '### Views',
      'Views split a report by URL.',
    ].join('\n\n');
    const answer = extractiveAnswer('data-cy-ui-group and elementGroups on the same element, which wins', [page('Grouping', text)]);
    expect(answer).toContain('Groups defined this way take priority over `elementGroups` rules. [1]');
    expect(answer).toContain('Elements sharing a `data-cy-ui-group` value');
    expect(answer).not.toContain('Views split');
  });

  it('does not carry a bold label or a short title that starts the next part', () => {
    const text = 'Setting it up takes two commands: install Cypress, then run it.\n\n**What you\'ll learn**\n\n- How to cache';
    const answer = extractiveAnswer('how many commands to set up cypress', [page('CI', text)]);
    expect(answer).toContain('then run it. [1]');
    expect(answer).not.toContain('learn');
  });

  it('keeps a long table\'s header and the row asked about instead of cutting before it', () => {
    const rows = ['| Permission | Admin | Owner |', '|---|---|---|'];
    for (let row = 0; row < 30; row++) rows.push(`| Invite member number ${row} | Yes | Yes |`);
    rows.push('| Delete organization | No | Yes |');
    const answer = extractiveAnswer('can an admin delete the organization', [page('Roles', `Permissions per role:\n\n${rows.join('\n')}`)]);
    expect(answer).toContain('| Permission | Admin | Owner |\n|---|---|---|');
    expect(answer).toContain('| Delete organization | No | Yes |');
    expect(answer.length).toBeLessThan(900);
  });

  it('drops a table\'s alignment padding, so a quote fits the rows it would have cut', () => {
    const pad = (cell: string) => cell.padEnd(40);
    const rows = ['frame-ancestors', 'navigate-to', 'require-trusted-types-for', 'sandbox', 'trusted-types'].map((name) => `| ${pad(`\`${name}\``)} | ${pad('Always stripped by the proxy.')} |`);
    const table = [`| ${pad('Directive')} | ${pad('Reason')} |`, `| ${'-'.repeat(40)} | ${'-'.repeat(40)} |`, ...rows].join('\n');
    const answer = extractiveAnswer('can i test the sandbox directive', [page('CSP', `These directives are always stripped:\n\n${table}`)]);
    expect(answer).toContain('| `sandbox` | Always stripped by the proxy. |');
    expect(answer).toContain('| --- | --- |');
  });

  it('keeps the row with the rare asked word before rows sharing only a common one', () => {
    const rows = ['| Permission | Roles |', '|---|---|'];
    for (let row = 0; row < 12; row++) rows.push(`| Cypress feature number ${row} for teams of every size | admins |`);
    rows.push('| Run analytics | admins |', '| Sandbox setup for isolated preview environments of any size | owners |');
    const answer = extractiveAnswer('who can create sandbox projects in cypress', [page('Roles', `Who can do what:\n\n${rows.join('\n')}`)]);
    expect(answer).toContain('| Sandbox setup for isolated preview environments of any size | owners |');
  });

  it('answers "A vs B" from a table with the rows where their columns differ, the rarest first', () => {
    const rows = ['| Permission | Member | Admin | Owner |', '|---|---|---|---|'];
    for (let row = 0; row < 25; row++) rows.push(`| Manage setting number ${row} | | yes | yes |`);
    rows.push('| View runs | yes | yes | yes |', '| Delete organization | | | yes |', '| Transfer ownership | | | yes |');
    const answer = extractiveAnswer('admin vs owner, what can one do that the other cannot', [page('Roles', rows.join('\n'))]);
    expect(answer).toContain('| Delete organization | | | yes |\n| Transfer ownership | | | yes |');
    expect(answer).not.toContain('View runs');
  });

  it('adds a second page only when it shares words with the question', () => {
    const hits = [page('Sync', 'Sync works on 3 devices.'), page('Unrelated', 'Something else entirely.')];
    const answer = extractiveAnswer('How many devices sync?', hits);
    expect(answer).toContain('[1]');
    expect(answer).not.toContain('[2]');
  });

  it('quotes a resolved case\'s resolution, not its question again (the heading already says it)', () => {
    const question = 'My PDF attachments are missing after importing an .enex export of my notes.';
    const resolution = 'The import log showed the attachments were over the 5 MB limit of the Free plan; the customer upgraded and imported again.';
    const ticket: SearchHit = { ...page(question, `${question}\n\n${resolution}`), collection: 'tickets' };
    const answer = extractiveAnswer('pdf missing after import of notes export', [ticket]);
    expect(answer).toContain(`**${question}**\n\n${resolution} [1]`);
    // The same with a long question the title cut short (Upstash's ticket chunks).
    const long = `${question} ${'It happened with several notebooks. '.repeat(5)}`.trim();
    const cut: SearchHit = { ...ticket, title: `${long.slice(0, 159)}…`, text: `${long}\n\n${resolution}` };
    expect(extractiveAnswer('pdf missing after import of notes export', [cut])).toContain(`${resolution} [1]`);
  });

  it('puts the citation on its own line after a table, so the table stays a table', () => {
    const answer = extractiveAnswer('search shortcut', [page('Shortcuts', '| Action | Keys |\n|---|---|\n| Search all notes | Ctrl+Shift+F |')]);
    expect(answer).toMatch(/\| Ctrl\+Shift\+F \|\n\n\[1\]/);
  });
});

describe('splitBlocks', () => {
  it('keeps a fenced code block whole across blank lines', () => {
    expect(splitBlocks('Intro\n\n```js\na();\n\nb();\n```\n\nAfter')).toEqual(['Intro', '```js\na();\n\nb();\n```', 'After']);
  });
});

describe('announcements carry what they announce', () => {
  it('quotes the command an intro announces, not the intro alone', () => {
    const text = 'To record your runs to Cypress Cloud, the command should be:\n\n```shell\nnpx cypress run --record --key <record_key>\n```\n\nSee the CLI reference for more.';
    const answer = extractiveAnswer('what command records runs to cypress cloud', [page('Setup', text, 'Record')]);
    expect(answer).toContain('the command should be:\n\n```shell\nnpx cypress run --record --key <record_key>\n```');
  });

  it('quotes the list an intro announces', () => {
    const text = 'Cypress Cloud has three useful features:\n\n- Test Replay\n- Smart Orchestration\n- Flake Detection';
    const answer = extractiveAnswer('what features does cypress cloud have', [page('Cloud', text)]);
    expect(answer).toContain('three useful features:\n\n- Test Replay\n- Smart Orchestration\n- Flake Detection');
  });

  it('never ends on an announcement whose payload is not in the passage', () => {
    const text = 'Cypress runs in every CI provider. Each one has its own dedicated guide:';
    const answer = extractiveAnswer('which ci provider guides are there', [page('CI', text)]);
    expect(answer).toContain('Cypress runs in every CI provider. [1]');
    expect(answer).not.toMatch(/:\s*\[1\]/);
  });

  it('drops the announcing sentence even when a name in it has a dot (`cy.wait()`)', () => {
    const text = 'Waits are logged. The `cy.wait()` will display in the Command Log as:\n\n![Command Log](/img/wait.png)';
    const answer = extractiveAnswer('how is cy.wait shown in the command log', [page('Wait', text)]);
    expect(answer).toContain('Waits are logged.');
    expect(answer).not.toContain('Command Log as:');
  });

  it('carries a loose list whole: items apart by blank lines are one payload', () => {
    const text = 'Cypress Cloud has three useful features:\n\n1. Test Replay of every run.\n\n2. Parallelizing runs across CI machines.\n\n3. Flake detection.';
    const answer = extractiveAnswer('what features does cypress cloud have', [page('Cloud', text)]);
    expect(answer).toContain('1. Test Replay of every run.\n\n2. Parallelizing runs across CI machines.\n\n3. Flake detection.');
  });

  it('keeps the items a question asks about when the announced list is too long to quote whole', () => {
    const filler = 'with many words about recording, reports, status checks and comments on every pull request. '.repeat(6);
    const text = `We use three useful features of Cypress Cloud:\n\n1. Recording results ${filler}\n\n2. Parallelizing test runs across CI machines with the \`parallel: true\` option.\n\n3. Grouping ${filler}`;
    const answer = extractiveAnswer('parallel runs on github actions, and how much does it cost', [page('GitHub Actions', text)]);
    expect(answer).toContain('three useful features of Cypress Cloud:\n\n2. Parallelizing test runs across CI machines with the `parallel: true` option.');
    expect(answer).not.toContain('Recording results');
  });

  it('never ends on the announcement where a long list is cut after its first number', () => {
    // As in the docs' launching-browsers page (blind question fresh-036): the "1. " of an item is not a sentence end to cut at.
    const intro = 'When you run tests, Cypress launches and controls a real browser for you. Rather than attaching to a browser you already have open, Cypress starts its own instance so it can guarantee two things that make automated testing trustworthy:';
    const items = '1. **A clean, pristine testing environment.** Every run starts from a known, isolated state, with no leftover cookies or history leaking into your tests.\n2. **Access to privileged browser automation APIs.** Driving the browser directly is how Cypress reads and controls your application reliably.';
    for (const cut of [260, 300, 340, 400]) {
      const passage = bestBlock(terms('which browser does cypress launch'), page('Launching browsers', `${intro}\n\n${items}`), cut, true)!.text;
      expect(passage, `cut ${cut}`).not.toMatch(/:\s*$/);
      expect(passage).toContain('Cypress launches and controls a real browser for you.');
    }
  });

  it('quotes the item asked about in part when it is too long to quote whole', () => {
    // As in the docs' auto-cancellation page (blind question fresh-019): the item that answers has sub-items and is longer than the passage.
    const items = [
      '- **Fail fast (threshold of 1).** Best when you want the earliest possible signal and the lowest possible CI spend. The run stops on the first failure.',
      '- **Surface more failures (higher threshold).** Raising the threshold lets a single run surface more failures before it cancels, so people are not each waiting on a fresh run.',
      '- **Disable Auto Cancellation entirely.** Some branches and workflows benefit from always running the full suite, even after failures. Consider disabling it for:\n  - **Protected branches** like `main` or release branches, where you want a complete picture of every failure before merging.\n  - **Scheduled or nightly runs** whose purpose is full coverage and trend data rather than fast feedback.\n  - **Flaky-test investigation runs**, where you need every test to execute to gather a reliable pass and fail history over time.\n  - **Runs you rely on for complete Accessibility or UI Coverage reports**, since a canceled run only scores the specs that ran before it stopped.\n  - **Compliance or audit workflows** that require evidence that the entire suite ran from the first spec to the last one.',
    ];
    const text = `The right threshold depends on how your team works:\n\n${items.join('\n')}`;
    const answer = extractiveAnswer('can i turn off auto cancellation for the main branch so the full suite always finishes', [page('Auto cancellation', text, 'Tuning the threshold')], 1);
    expect(items[2]!.length).toBeGreaterThan(700);
    expect(answer).toContain('**Disable Auto Cancellation entirely.** Some branches and workflows benefit from always running the full suite');
    expect(answer).not.toMatch(/:\s*\[1\]/);
  });

  it('never quotes an empty list item where a long list is cut', () => {
    for (let pad = 0; pad < 60; pad++) {
      const steps = Array.from({ length: 9 }, (_, step) => `${step + 1}. An attempt${'s'.repeat(pad % 7)} happens${' again'.repeat(Math.floor(pad / 7))} and moves forward.`).join('\n');
      const answer = extractiveAnswer('how do test retries work', [page('Retries', `Here is how test retries work:\n\n${steps}`)]);
      expect(answer, `pad ${pad}`).not.toMatch(/\n\d+\.\s*\[1\]/);
    }
  });
});
