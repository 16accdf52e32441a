// One place that turns what a provider wrote into what staff see: lengths
// enforced and repaired, then the grounding check.

import { groundingCheck } from "./grounding";
import { enforceLengths, type LengthProblem } from "./lengths";
import type { BrandVoice, Flag, GeneratedContent, ProductFacts } from "./types";

export interface CheckedContent {
  content: GeneratedContent;
  /** Fields still out of range after repair: never shown as done. */
  problems: LengthProblem[];
  /** Grounding and banned-word flags per field. */
  flags: Record<string, Flag[]>;
}

export function checkContent(raw: GeneratedContent, facts: ProductFacts, voice: BrandVoice): CheckedContent {
  const { content, problems } = enforceLengths(raw, facts, voice.descriptionWords);
  return { content, problems, flags: groundingCheck(content, facts, voice) };
}
