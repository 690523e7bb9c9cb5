/**
 * What the turn service needs from config and the request's dependencies: the
 * answering settings, the access rules, the outcome windows, the store's replay
 * and the site's daily LLM caps.
 */
import type { Context } from 'hono';
import type { Config } from '../config';
import type { Dependencies } from '../dependencies';
import type { AppEnv } from '../env';
import type { AnswerDependencies } from '../services/answering';
import { dailyLlmAllowance } from '../services/llm-allowance';
import { outcomeOptions } from '../services/measurement';
import type { TurnDependencies } from '../services/turn';
import { replayOptions } from './replay-options';

export function turnDependencies(c: Context<AppEnv>): TurnDependencies {
  const config = c.get('config');
  const dependencies = c.get('dependencies');
  return {
    store: dependencies.store,
    answering: answerDependencies(config, dependencies),
    access: config,
    outcomes: outcomeOptions(config),
    replay: replayOptions(c),
    log: dependencies.log,
  };
}

function answerDependencies(config: Config, dependencies: Dependencies): AnswerDependencies {
  return {
    retriever: dependencies.retriever,
    model: dependencies.model,
    log: dependencies.log,
    minConfidence: config.minConfidence,
    maxAnswerTokens: config.maxAnswerTokens,
    promptTokenBudget: config.promptTokenBudget,
    retrievalTimeoutMs: config.retrievalTimeoutMs,
    escalation: {
      threshold: config.escalationThreshold,
      noAiTopics: config.noAiTopics,
      maxTurns: config.maxTurnsBeforeEscalation,
      maxMinutes: config.maxMinutesBeforeEscalation,
    },
    categories: config.triageCategories,
    ...(dependencies.triageJudge ? { triageJudge: dependencies.triageJudge, triageTimeoutMs: Math.min(config.openaiTimeoutMs, 2000) } : {}),
    supportEmail: config.supportEmail || undefined,
    allowance: dailyLlmAllowance(dependencies.limits),
    cases: dependencies.store,
  };
}
