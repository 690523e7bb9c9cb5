/**
 * An AI-drafted first reply for the agent to edit, grounded like the
 * assistant's answers: numbered docs and similar resolved tickets, cited.
 * With no model (or a failing one) the draft is built from quoted excerpts.
 * The agent always reviews it; nothing here reaches the visitor by itself.
 */
import type { Source } from '../../../shared/protocol';
import type { InboxCase } from '../ports/support-store';
import type { ChatModel, Retriever, SearchHit, StoredMessage } from '../ports';
import { numberSources } from './citations';
import { extractiveAnswer, EXTRACTIVE_INTRO } from './extractive-answer';
import { createStreamGuard } from './guardrails';
import { buildPrompt } from './prompt';
import { errorName } from '../log/log-line';

export interface DraftDependencies {
  retriever: Retriever;
  model?: ChatModel;
  promptTokenBudget: number;
  maxAnswerTokens: number;
  timeoutMs: number;
  log?: (line: string) => void;
}

export interface Draft {
  text: string;
  sources: Source[];
  mode: 'generated' | 'extractive';
}

const DRAFT_RULES = [
  'You are drafting a reply that a human support agent will review, edit and send to the customer in the same chat.',
  'Write as the support team ("we"), address the customer directly, and keep it short: a greeting line, the answer, one next step.',
  'Resolved tickets in <sources> are earlier cases of other customers: use what fixed them, never their personal details.',
].join('\n');

function greeting(current: InboxCase): string {
  const name = /^([^<@]+?)\s*(<|$)/.exec(current.customer)?.[1]?.trim();
  return name && name !== 'Anonymous visitor' ? `Hi ${name.split(' ')[0]},` : 'Hi,';
}

async function evidence(question: string, current: InboxCase, dependencies: DraftDependencies): Promise<{ sources: Source[]; hits: SearchHit[] }> {
  const signal = AbortSignal.timeout(dependencies.timeoutMs);
  const query = { text: question, product: current.product, signal };
  const [docs, tickets] = await Promise.all([
    dependencies.retriever.search({ ...query, collection: 'docs', topK: 4 }).catch((): SearchHit[] => []),
    dependencies.retriever.search({ ...query, collection: 'tickets', topK: 2, minScore: 0.2 }).catch((): SearchHit[] => []),
  ]);
  return numberSources([...tickets.slice(0, 1), ...docs, ...tickets.slice(1)], 5);
}

function excerptDraft(current: InboxCase, question: string, hits: SearchHit[]): string {
  const body = hits.length ? extractiveAnswer(question, hits).replace(EXTRACTIVE_INTRO, 'Here is what should help:') : 'Thanks for your patience. Could you tell us a little more about what you see?';
  return `${greeting(current)}\n\n${body}\n\nBest regards`;
}

/**
 * @example
 * const draft = await draftReply(inboxCase, messages, { retriever, model, promptTokenBudget: 3000, maxAnswerTokens: 600, timeoutMs: 8000 });
 */
export async function draftReply(current: InboxCase, messages: StoredMessage[], dependencies: DraftDependencies): Promise<Draft> {
  const question = current.lastQuestion || messages.filter((message) => message.role === 'visitor').at(-1)?.text || '';
  const { sources, hits } = await evidence(question, current, dependencies);
  if (!dependencies.model || hits.length === 0) return { text: excerptDraft(current, question, hits), sources, mode: 'extractive' };
  const prompt = buildPrompt({
    question,
    history: messages.map((message) => ({ role: message.role, text: message.text })),
    sources: hits.map((hit, index) => ({ n: index + 1, title: hit.title, url: hit.url, section: hit.section, text: hit.text, kind: hit.collection === 'tickets' ? 'ticket' : 'doc' })),
    tokenBudget: dependencies.promptTokenBudget,
  });
  prompt[0] = { role: 'system', content: `${DRAFT_RULES}\n\n${prompt[0]!.content}` };
  const guard = createStreamGuard(sources, {});
  let text = '';
  try {
    for await (const delta of dependencies.model.stream({ messages: prompt, maxTokens: dependencies.maxAnswerTokens, signal: AbortSignal.timeout(dependencies.timeoutMs) })) {
      text += guard.push(delta);
    }
    text += guard.end();
  } catch (error) {
    dependencies.log?.(`draft generation failed: ${errorName(error)}; drafting from excerpts`);
    return { text: excerptDraft(current, question, hits), sources, mode: 'extractive' };
  }
  return { text: text.trim() || excerptDraft(current, question, hits), sources, mode: 'generated' };
}
