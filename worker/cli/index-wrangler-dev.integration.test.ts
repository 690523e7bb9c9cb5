/**
 * The split local index through a real `wrangler dev`: the entry file and its parts folder are
 * static assets, the worker reads them through its ASSETS binding, and a chat cites what the same
 * index read from disk ranks first.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWranglerDev, type WranglerDev } from '../../bench/wrangler-dev';
import { startOpenAITestServer, type OpenAITestServer } from '../../test/openai-test-server';
import { LocalRetriever } from '../src/adapters/local-retriever';
import { readIndexFile } from './index-on-disk';

const FOLDER = `dist/index/wrangler-test-${process.pid}`;
const QUESTION = 'How do I export my notes to Markdown?';
let worker: WranglerDev | undefined;
let llm: OpenAITestServer | undefined;

beforeAll(async () => {
  const ingest = spawnSync('npx', ['tsx', 'worker/cli/ingest.ts', 'examples/docs', '--base-url', 'https://docs.example.com/', '--out', `${FOLDER}/docs.json`], { encoding: 'utf8' });
  expect(ingest.status, ingest.stderr).toBe(0);
  llm = await startOpenAITestServer({ scenario: { reply: 'Use the export menu. [1]' } });
  worker = await startWranglerDev({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: llm.url, OPENAI_MODEL: 'test-model', LOCAL_INDEX_PATH: `/${FOLDER.replace(/^dist\//, '')}/docs.json` });
}, 180_000);

afterAll(async () => {
  await worker?.stop();
  await llm?.close();
  await rm(FOLDER, { recursive: true, force: true });
});

describe('the local index as several files under wrangler dev', () => {
  it('loads from the entry file and its parts, and cites the page the index ranks first', async () => {
    expect(readdirSync(`${FOLDER}/docs.parts`).filter((name) => name.startsWith('texts-')).length).toBeGreaterThan(1);
    const response = await fetch(`${worker!.origin}/v1/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message: QUESTION }) });
    expect(response.status).toBe(200);
    const events = (await response.text())
      .split('\n')
      .filter((line) => line.startsWith('data:'))
      .map((line) => JSON.parse(line.slice(5)) as { type: string; sources?: { url: string }[] });
    const sources = events.find((event) => event.type === 'sources')?.sources ?? [];
    const fromDisk = await new LocalRetriever({ docs: (await readIndexFile(`${FOLDER}/docs.json`))! }).search({ text: QUESTION, collection: 'docs', topK: 5 });
    expect(fromDisk[0]?.url).toMatch(/^https:\/\/docs\.example\.com\//);
    expect(sources.map((source) => source.url)).toContain(fromDisk[0]!.url);
    expect(events.at(-1)?.type).toBe('finish');
  }, 60_000);
});
