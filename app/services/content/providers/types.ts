import type { BrandVoice, ProductFacts } from "../core/types";

export interface ModelUsage {
  model: string;
  task: "generate" | "repair" | "batch";
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  costUsd: number;
}

export interface GenerationRequest {
  shopId: string;
  facts: ProductFacts;
  voice: BrandVoice;
  instruction?: string | null;
  handle: boolean;
  model: string;
  /** Images loaded for the model, in the order of facts.images (those that could not be loaded are left out). */
  images: { mediaShopifyId: string; mediaType: "image/jpeg" | "image/png" | "image/gif" | "image/webp"; data: string }[];
}

/** A reply or failure staff should read as it is (bad key, reply without the fields); retrying the same request will not help. */
export class ContentGenerationError extends Error {
  constructor(
    message: string,
    readonly retryable = false,
  ) {
    super(message);
    this.name = "ContentGenerationError";
  }
}
