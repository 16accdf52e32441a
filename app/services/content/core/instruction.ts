// What the offline writer can do with staff's "regenerate with an
// instruction": it has no model, so it follows only requests it can carry out
// with the product's data and its fixed phrases (a shorter or longer
// description within the shop's range, no feature list, no price) and says
// plainly which parts of the instruction it could not follow. Claude is given
// the whole instruction instead (core/prompt.ts).

import { wordCount } from "./html";
import type { BrandVoice, GeneratedContent, Notice } from "./types";

export interface OfflinePlan {
  /** The description's target length, inside the shop's own range. */
  descriptionWords: { min: number; max: number };
  featureList: boolean;
  mentionPrice: boolean;
  length: "shorter" | "longer" | null;
  /** Parts of the instruction followed (as staff wrote them) and not followed. */
  followed: string[];
  notFollowed: string[];
}

const SHORTER = /\b(shorter|short|brief|briefer|concise|less text|fewer words|trim(med)?|tighter)\b/i;
const LONGER = /\b(longer|long|more detail(ed|s)?|more words|more text|expand(ed)?|fuller|richer)\b/i;
const NEGATION = /\b(no|not|without|drop|remove|skip|leave out|omit|don'?t|do not|never)\b/i;
const TOO_LONG = /\btoo (long|wordy)\b/i;
const TOO_SHORT = /\btoo (short|brief|thin)\b/i;
const LIST = /\b(feature list|features list|list|bullets?|bullet points?|bullet list|features)\b/i;
const PRICE = /\b(prices?|cost)\b/i;

/** The instruction's parts: split at commas, full stops, semicolons, "and" and "but". */
function clauses(instruction: string): string[] {
  return instruction
    .split(/[,;.!?\n]+|\band\b|\bbut\b/i)
    .map((c) => c.trim())
    .filter(Boolean);
}

export function offlinePlan(instruction: string | null | undefined, voice: BrandVoice): OfflinePlan {
  const { min, max } = voice.descriptionWords;
  const quarter = Math.round((max - min) / 4);
  const plan: OfflinePlan = { descriptionWords: { min, max }, featureList: true, mentionPrice: true, length: null, followed: [], notFollowed: [] };
  for (const clause of clauses(instruction ?? "")) {
    const negated = NEGATION.test(clause);
    const shorter = TOO_LONG.test(clause) || (!negated && !TOO_SHORT.test(clause) && SHORTER.test(clause) && !LONGER.test(clause));
    const longer = TOO_SHORT.test(clause) || (!negated && !TOO_LONG.test(clause) && LONGER.test(clause) && !SHORTER.test(clause));
    if (negated && LIST.test(clause)) {
      plan.featureList = false;
      plan.followed.push(clause);
    } else if (negated && PRICE.test(clause)) {
      plan.mentionPrice = false;
      plan.followed.push(clause);
    } else if (shorter && !longer && plan.length !== "longer") {
      plan.length = "shorter";
      plan.descriptionWords = { min, max: min + quarter };
      plan.followed.push(clause);
    } else if (longer && !shorter && plan.length !== "shorter") {
      plan.length = "longer";
      plan.descriptionWords = { min: max - quarter, max };
      plan.followed.push(clause);
    } else {
      plan.notFollowed.push(clause);
    }
  }
  return plan;
}

/** What staff are told about their instruction on an offline draft: what was done, and what could not be. */
export function offlineInstructionNotices(plan: OfflinePlan, content: GeneratedContent, voice: BrandVoice): Notice[] {
  const notices: Notice[] = [];
  if (plan.followed.length) {
    const done: string[] = [];
    const words = wordCount(content.descriptionHtml);
    const { min, max } = voice.descriptionWords;
    if (plan.length === "shorter") done.push(`the description has ${words} words, near the low end of the shop's ${min}-${max}`);
    if (plan.length === "longer")
      done.push(`the description has ${words} words, towards the top of the shop's ${min}-${max} (it only adds what is true of the product)`);
    if (!plan.featureList) done.push("the description has no feature list");
    if (!plan.mentionPrice) done.push("the price is left out of the feature list and the call to action");
    notices.push({ code: "instruction_followed", message: `Followed "${plan.followed.join(", ")}": ${done.join("; ")}.` });
  }
  if (plan.notFollowed.length) {
    notices.push({
      code: "instruction_not_followed",
      message:
        `The offline writer could not follow "${plan.notFollowed.join(", ")}". It writes from the product's data with fixed phrases and can only ` +
        "make the description shorter or longer, leave out the feature list or leave out the price. Claude (with an Anthropic API key) is given the whole instruction.",
    });
  }
  return notices;
}
