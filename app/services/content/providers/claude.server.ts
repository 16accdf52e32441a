// Claude through @anthropic-ai/sdk: structured output by forcing the one
// content tool, the shop's voice in a cached system prompt, the product's
// images for alt text, and the SDK's own retries (429, 529 and 5xx, waiting
// as long as `retry-after` says). Bulk runs use the Message Batches API.
// https://docs.anthropic.com/en/docs/build-with-claude/tool-use
// https://docs.anthropic.com/en/docs/build-with-claude/prompt-caching
// https://docs.anthropic.com/en/docs/build-with-claude/batch-processing

import Anthropic from "@anthropic-ai/sdk";
import { contentEnv } from "../../../lib/env.server";
import { CONTENT_TOOL, CONTENT_TOOL_NAME, parseToolInput, productPrompt, repairPrompt, systemPrompt } from "../core/prompt";
import type { GeneratedContent } from "../core/types";
import { costUsd } from "./pricing";
import { ContentGenerationError, type GenerationRequest, type ModelUsage } from "./types";

type MessageParams = Anthropic.MessageCreateParamsNonStreaming;

const MAX_TOKENS = 2_048;

let client: Anthropic | undefined;
let clientKey = "";

/** The SDK client for the configured key (and base URL, for a local fake). */
export function anthropicClient(): Anthropic {
  const env = contentEnv();
  const key = `${env.ANTHROPIC_API_KEY}|${env.ANTHROPIC_BASE_URL ?? ""}`;
  if (!client || clientKey !== key) {
    client = new Anthropic({ apiKey: env.ANTHROPIC_API_KEY, baseURL: env.ANTHROPIC_BASE_URL, maxRetries: 6, timeout: 120_000 });
    clientKey = key;
  }
  return client;
}

export function claudeConfigured(): boolean {
  return Boolean(contentEnv().ANTHROPIC_API_KEY);
}

/** The request for one product: cached system prompt, images, the product's data, and the content tool forced. */
export function contentRequest(req: GenerationRequest, extraTurns: Anthropic.MessageParam[] = []): MessageParams {
  return {
    model: req.model,
    max_tokens: MAX_TOKENS,
    system: [{ type: "text", text: systemPrompt(req.voice), cache_control: { type: "ephemeral" } }],
    tools: [CONTENT_TOOL],
    tool_choice: { type: "tool", name: CONTENT_TOOL_NAME },
    messages: [
      {
        role: "user",
        content: [
          ...req.images.map((image) => ({ type: "image" as const, source: { type: "base64" as const, media_type: image.mediaType, data: image.data } })),
          {
            type: "text",
            text: productPrompt(req.facts, { instruction: req.instruction, handle: req.handle, imageIds: req.images.map((i) => i.mediaShopifyId) }),
          },
        ],
      },
      ...extraTurns,
    ],
  };
}

export function usageOf(message: Anthropic.Message, task: ModelUsage["task"], batch = false): ModelUsage {
  const u = message.usage;
  const tokens = {
    inputTokens: u?.input_tokens ?? 0,
    outputTokens: u?.output_tokens ?? 0,
    cacheReadTokens: u?.cache_read_input_tokens ?? 0,
    cacheWriteTokens: u?.cache_creation_input_tokens ?? 0,
  };
  return { model: message.model, task, ...tokens, costUsd: costUsd(message.model, tokens, { batch }) };
}

/** The content a reply recorded, or why it cannot be used. Any tool but the content tool is refused. */
export function contentOfReply(message: Anthropic.Message): { ok: true; content: GeneratedContent; toolUseId: string } | { ok: false; problems: string[] } {
  const blocks = Array.isArray(message.content) ? message.content : [];
  const other = blocks.find((b) => b.type === "tool_use" && b.name !== CONTENT_TOOL_NAME);
  if (other && other.type === "tool_use") return { ok: false, problems: [`the reply asked for a tool that does not exist: ${other.name}`] };
  const use = blocks.find((b): b is Anthropic.ToolUseBlock => b.type === "tool_use" && b.name === CONTENT_TOOL_NAME);
  if (!use) return { ok: false, problems: ["the reply did not record any content"] };
  const parsed = parseToolInput(use.input);
  return parsed.ok ? { ...parsed, toolUseId: use.id } : parsed;
}

/** What staff read when the API refused or failed; `retryable` failures go back to the queue. */
export function explainApiError(error: unknown): ContentGenerationError {
  if (error instanceof Anthropic.AuthenticationError) {
    return new ContentGenerationError("Anthropic refused the API key (401). Check ANTHROPIC_API_KEY; nothing was generated.");
  }
  if (error instanceof Anthropic.PermissionDeniedError)
    return new ContentGenerationError("The API key may not use this model (403). Choose another model in the content settings.");
  if (error instanceof Anthropic.NotFoundError) return new ContentGenerationError("Anthropic does not know the model set in the content settings (404).");
  if (error instanceof Anthropic.BadRequestError) return new ContentGenerationError(`Anthropic refused the request (400): ${error.message}`);
  if (error instanceof Anthropic.RateLimitError)
    return new ContentGenerationError("Anthropic's rate limit held after several waits; the draft will be tried again.", true);
  if (error instanceof Anthropic.APIConnectionError) return new ContentGenerationError("Anthropic could not be reached; the draft will be tried again.", true);
  if (error instanceof Anthropic.APIError)
    return new ContentGenerationError(`Anthropic failed (${error.status ?? "no status"}); the draft will be tried again.`, true);
  return new ContentGenerationError(error instanceof Error ? error.message : String(error), true);
}

async function create(params: MessageParams): Promise<Anthropic.Message> {
  try {
    return await anthropicClient().messages.create(params);
  } catch (error) {
    throw explainApiError(error);
  }
}

/**
 * One product with Claude: a reply that is not usable (not the tool, invalid
 * or missing fields) is asked for again once, saying what was wrong.
 */
export async function generateWithClaude(req: GenerationRequest): Promise<{ content: GeneratedContent; usage: ModelUsage[]; turns: Anthropic.MessageParam[] }> {
  const usage: ModelUsage[] = [];
  const params = contentRequest(req);
  let message = await create(params);
  usage.push(usageOf(message, "generate"));
  let reply = contentOfReply(message);
  if (!reply.ok) {
    const retry = contentRequest(req, [
      { role: "assistant", content: message.content },
      ...toolResultTurn(message, `That reply could not be used: ${reply.problems.join("; ")}. Record the complete content with ${CONTENT_TOOL_NAME}.`),
    ]);
    message = await create(retry);
    usage.push(usageOf(message, "generate"));
    reply = contentOfReply(message);
    if (!reply.ok)
      throw new ContentGenerationError(`The model's reply was not usable twice (${reply.problems.slice(0, 3).join("; ")}). Regenerate, or try another model.`);
  }
  return {
    content: reply.content,
    usage,
    turns: [{ role: "assistant", content: message.content }],
  };
}

/** The user turn after an assistant turn: a tool_result for each tool call it made (the API requires one), then the text. */
function toolResultTurn(message: Anthropic.Message, text: string): Anthropic.MessageParam[] {
  const uses = (Array.isArray(message.content) ? message.content : []).filter((b): b is Anthropic.ToolUseBlock => b.type === "tool_use");
  return [
    {
      role: "user",
      content: [
        ...uses.map((u) => ({ type: "tool_result" as const, tool_use_id: u.id, content: "Not accepted.", is_error: true })),
        { type: "text" as const, text },
      ],
    },
  ];
}

/** The second pass: the draft and what is wrong with it (unsupported statements, lengths); the result is checked again by the caller. */
export async function repairWithClaude(
  req: GenerationRequest,
  previous: { turns: Anthropic.MessageParam[]; content: GeneratedContent },
  problems: string[],
): Promise<{ content: GeneratedContent; usage: ModelUsage[] } | null> {
  const assistant = previous.turns.at(-1)!;
  const fakeMessage = { content: assistant.content } as Anthropic.Message;
  const params = contentRequest(req, [assistant, ...toolResultTurn(fakeMessage, repairPrompt(previous.content, problems))]);
  const message = await create(params);
  const usage = [usageOf(message, "repair")];
  const reply = contentOfReply(message);
  return reply.ok ? { content: reply.content, usage } : null;
}

// ---- Message Batches -------------------------------------------------------

export async function submitBatch(requests: { customId: string; params: MessageParams }[]): Promise<string> {
  try {
    const batch = await anthropicClient().messages.batches.create({ requests: requests.map((r) => ({ custom_id: r.customId, params: r.params })) });
    return batch.id;
  } catch (error) {
    throw explainApiError(error);
  }
}

export async function batchStatus(batchId: string): Promise<{ ended: boolean; counts: Anthropic.Messages.MessageBatchRequestCounts }> {
  try {
    const batch = await anthropicClient().messages.batches.retrieve(batchId);
    return { ended: batch.processing_status === "ended", counts: batch.request_counts };
  } catch (error) {
    throw explainApiError(error);
  }
}

export async function* batchResults(batchId: string): AsyncGenerator<Anthropic.Messages.MessageBatchIndividualResponse> {
  let stream;
  try {
    stream = await anthropicClient().messages.batches.results(batchId);
  } catch (error) {
    throw explainApiError(error);
  }
  for await (const line of stream) yield line;
}

export async function cancelBatch(batchId: string): Promise<void> {
  try {
    await anthropicClient().messages.batches.cancel(batchId);
  } catch (error) {
    throw explainApiError(error);
  }
}
