// Prices per million tokens in US dollars, as Anthropic lists them
// (https://www.anthropic.com/pricing). Cache writes cost 1.25x the input
// price, cache reads 0.1x; the Message Batches API halves everything.
const PRICES: Record<string, { input: number; output: number }> = {
  "claude-haiku-4-5": { input: 1, output: 5 },
  "claude-sonnet-4-5": { input: 3, output: 15 },
  "claude-sonnet-4": { input: 3, output: 15 },
  "claude-opus-4-1": { input: 15, output: 75 },
  "claude-opus-4-5": { input: 5, output: 25 },
  "claude-3-5-haiku": { input: 0.8, output: 4 },
};

function priceOf(model: string) {
  const key = Object.keys(PRICES)
    .sort((a, b) => b.length - a.length)
    .find((k) => model.startsWith(k));
  // An unknown model is priced as Sonnet, so the shown cost errs high rather than low.
  return key ? PRICES[key] : PRICES["claude-sonnet-4-5"];
}

export function costUsd(
  model: string,
  usage: { inputTokens: number; outputTokens: number; cacheReadTokens: number; cacheWriteTokens: number },
  { batch = false } = {},
): number {
  const p = priceOf(model);
  const dollars =
    (usage.inputTokens * p.input + usage.cacheWriteTokens * p.input * 1.25 + usage.cacheReadTokens * p.input * 0.1 + usage.outputTokens * p.output) / 1_000_000;
  return Math.round((batch ? dollars / 2 : dollars) * 1e6) / 1e6;
}
