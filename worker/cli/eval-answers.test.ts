import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runAnswerEval } from './eval-answers';

let folder: string;
afterEach(() => rm(folder, { recursive: true, force: true }));

describe('runAnswerEval', () => {
  it('scores the extractive answers: gold quoted, false "not sure", announcements, recall and parts', async () => {
    folder = await mkdtemp(join(tmpdir(), 'switchboard-answers-'));
    await writeFile(join(folder, 'record.md'), '# Record runs\n\n## Record to the cloud\n\nTo record your runs, the command should be:\n\n```shell\nnpx cypress run --record --key abc\n```\n');
    await writeFile(join(folder, 'retries.md'), '# Test retries\n\n## Configure retries\n\nSet retries in the configuration file to retry failed tests in run mode.\n');
    // Pages that answer nothing asked: a KB of two pages has no common words to tell rare ones from.
    for (const [name, text] of [['install', 'Install the app with npm install cypress.'], ['browsers', 'Run in Chrome, Firefox or Edge browsers.'], ['screens', 'Screenshots are taken on failure.'], ['env', 'Environment variables hold secrets.']]) {
      await writeFile(join(folder, `${name}.md`), `# ${name}\n\n## About ${name}\n\n${text}\n`);
    }
    const questions = join(folder, 'questions.jsonl');
    await writeFile(
      questions,
      [
        { id: 'q1', question: 'what command records runs', gold: ['record.md'], answer_excerpt: 'npx cypress run --record --key abc' },
        { id: 'q2', question: 'zebra quantum marmalade', gold: ['retries.md'] },
        { id: 'q3', question: 'record runs and configure retries', parts: [{ text: 'record runs', gold: ['record.md'] }, { text: 'configure retries', gold: ['retries.md'] }] },
      ]
        .map((line) => JSON.stringify(line))
        .join('\n'),
    );
    const result = await runAnswerEval({ kb: folder, questions });
    expect(result.n).toBe(3);
    expect(result.quotes_gold).toBe(1);
    expect(result.ends_on_announcement).toBe(0);
    // q2's words are nowhere in the docs, yet its gold page exists: a false "not sure".
    expect(result.false_not_sure).toBeCloseTo(1 / 3, 3);
    expect(result.token_recall).toBeGreaterThan(0.8);
    expect(result.parts_covered).toBeGreaterThan(0);
    expect(result.mean_chars).toBeGreaterThan(50);
    // The confidence figures: q2 is "not sure" with no page matching it, so nothing is linked and nothing right is held back.
    expect(result.wrong_but_shown).toBe(0);
    expect(result.right_withheld).toBe(0);
    expect(result.not_sure_links_gold).toBe(0);
    expect(result.high_n + (await runAnswerEval({ kb: folder, questions, rule: 'scores' })).high_n).toBeGreaterThan(0);
  });

  it('counts the questions naming a term some section holds, and those of them answered "not sure"', async () => {
    folder = await mkdtemp(join(tmpdir(), 'switchboard-answers-'));
    await writeFile(join(folder, 'record.md'), '# Record runs\n\n## Record to the cloud\n\nSet CYPRESS_RECORD_KEY, then run npx cypress run --record.\n');
    for (const [name, text] of [['install', 'Install the app with npm install cypress.'], ['browsers', 'Run in Chrome, Firefox or Edge browsers.'], ['screens', 'Screenshots are taken on failure.'], ['env', 'Environment variables hold secrets.']]) {
      await writeFile(join(folder, `${name}.md`), `# ${name}\n\n## About ${name}\n\n${text}\n`);
    }
    const questions = join(folder, 'questions.jsonl');
    const lines = [
      { id: 't1', question: 'wohin gehört CYPRESS_RECORD_KEY', gold: ['record.md'] },
      // A code-like term no section holds is not a docs term.
      { id: 't2', question: 'was ist experimentalZebraMode', gold: ['record.md'] },
      { id: 't3', question: 'what command records runs', gold: ['record.md'] },
    ];
    await writeFile(questions, lines.map((line) => JSON.stringify(line)).join('\n'));
    expect(await runAnswerEval({ kb: folder, questions })).toMatchObject({ termQuestions: 1, termNotSure: 0, term_cited: 1 });
  });

  it('keeps one half of the ids with --half, and answers by the score rule with --confidence scores', async () => {
    folder = await mkdtemp(join(tmpdir(), 'switchboard-answers-'));
    await writeFile(join(folder, 'retries.md'), '# Test retries\n\n## Configure retries\n\nSet retries in the configuration file to retry failed tests in run mode.\n');
    for (const [name, text] of [['install', 'Install the app with npm install cypress.'], ['browsers', 'Run in Chrome, Firefox or Edge browsers.'], ['screens', 'Screenshots are taken on failure.'], ['env', 'Environment variables hold secrets.'], ['video', 'Videos are recorded in run mode.']]) {
      await writeFile(join(folder, `${name}.md`), `# ${name}\n\n## About ${name}\n\n${text}\n`);
    }
    const questions = join(folder, 'questions.jsonl');
    const lines = ['q-1', 'q-2', 'q-3'].map((id) => JSON.stringify({ id, question: 'how do i configure test retries', gold: ['retries.md'] }));
    await writeFile(questions, lines.join('\n'));
    expect((await runAnswerEval({ kb: folder, questions, half: 'odd' })).n).toBe(2);
    // No question names a code-like term: none is counted.
    expect(await runAnswerEval({ kb: folder, questions })).toMatchObject({ termQuestions: 0, termNotSure: 0 });
    expect((await runAnswerEval({ kb: folder, questions, half: 'even' })).n).toBe(1);
    expect(await runAnswerEval({ kb: folder, questions, rule: 'scores' })).toMatchObject({ n: 3, quotes_gold: 1, wrong_but_shown: 0, false_not_sure: 0, high_right: 1 });
  });
});
