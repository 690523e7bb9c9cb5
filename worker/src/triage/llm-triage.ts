/**
 * The LLM's triage on top of the offline one: one structured call per message
 * that may add an escalation (a person request, a no-AI topic, a soft signal)
 * and never removes one the model or a rule made. It times out, or fails, to
 * the offline result.
 */
import type { LlmTriage, TriageJudge } from '../ports';
import { NO_AI_TOPICS, type NoAiTopic } from '../services/no-ai-topics';
import { HISTORY_TURNS, MAX_TEXT_CHARS } from './features';
import type { ScoredSignal, Triage, TriageInput } from './triage';

export interface LlmTriageOptions {
  judge: TriageJudge;
  timeoutMs: number;
  categories: readonly string[];
  noAiTopics: readonly NoAiTopic[];
  signal: AbortSignal;
  log?: (line: string) => void;
}

const SIGNAL_CODE: Record<string, ScoredSignal['code']> = {
  frustration: 'frustration', 'cancel-intent': 'cancel-intent', complexity: 'complex-issue', loop: 'loop', urgency: 'urgency',
};

/** Add what the LLM found to the offline triage; only additions, never removals. */
export function mergeLlm(offline: Triage, judged: LlmTriage, noAiTopics: readonly NoAiTopic[]): Triage {
  const humanRequest = offline.humanRequest.fired || !judged.humanRequest
    ? offline.humanRequest
    : { code: 'human-request' as const, fired: true, score: 1, detail: 'asks for a person (LLM)' };
  const llmTopic = NO_AI_TOPICS.find((id) => id === judged.topic && noAiTopics.includes(id));
  const topic = offline.topic ?? llmTopic ?? null;
  const topicSignal = offline.topic || !llmTopic ? offline.topicSignal : { code: 'no-ai-topic' as const, fired: true, score: 1, detail: `${llmTopic} (LLM)` };
  const added = new Set(judged.signals.map((name) => SIGNAL_CODE[name]).filter(Boolean));
  const signals = offline.signals.map((found) => (found.fired || !added.has(found.code) ? found : { ...found, fired: true, detail: `${found.code} (LLM)` }));
  return {
    ...offline,
    category: judged.category,
    sentiment: judged.sentiment,
    urgency: offline.urgency === 'high' || judged.urgency === 'high' ? 'high' : 'normal',
    summary: judged.summary.slice(0, 140) || offline.summary,
    humanRequest,
    topic,
    topicSignal,
    signals,
    loop: signals.some((found) => found.code === 'loop' && found.fired),
  };
}

export async function withLlmTriage(offline: Triage, input: TriageInput, options: LlmTriageOptions): Promise<Triage> {
  const signal = AbortSignal.any([options.signal, AbortSignal.timeout(options.timeoutMs)]);
  try {
    const judged = await options.judge.triage({
      message: input.message.slice(0, MAX_TEXT_CHARS),
      history: input.history.slice(-HISTORY_TURNS).map((turn) => ({ role: turn.role, text: turn.text.slice(0, 600) })),
      categories: options.categories,
      topics: options.noAiTopics,
      signal,
    });
    return mergeLlm(offline, judged, options.noAiTopics);
  } catch (error) {
    options.log?.(`LLM triage skipped: ${error instanceof Error ? error.message : 'error'}`);
    return offline;
  }
}
