/**
 * The site's daily LLM caps as one allowance: the token budget (DAILY_LLM_TOKENS) is checked before the
 * triage call and the answer, and the call cap (DAILY_LLM_CALLS) is counted only when an answer is generated.
 */
import type { RateLimiter } from '../ports';
import type { LlmAllowance, TokenBudget } from '../ports/limits';

const SITE = 'site';

export function dailyLlmAllowance(limits: { llmTokens: TokenBudget; llmCalls: RateLimiter }): LlmAllowance {
  const tokensLeft = async () => (await limits.llmTokens.check(SITE)).success;
  return {
    mayTriage: tokensLeft,
    mayGenerate: async () => (await tokensLeft()) && (await limits.llmCalls.limit(SITE)).success,
    spend: (tokens) => limits.llmTokens.consume(SITE, tokens),
  };
}
