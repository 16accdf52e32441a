// Alt text from a local caption. The caption is a visual description only
// (what the picture shows: colours, setting, arrangement); it never becomes a
// source of facts. A caption that names something the grounding check would
// flag (a material, size, certification, claim or number the product's data
// does not support, or a word the shop avoids) is not used: that image's alt
// text is written from the product's data, with a notice saying why.

import { checkText, productEvidence } from "./grounding";
import { cutAtWord } from "./lengths";
import { LIMITS, type BrandVoice, type Notice, type ProductFacts } from "./types";

/** "<title>: <caption>", under the alt text limit (cut at a word). */
export function captionedAlt(title: string, caption: string): string {
  return cutAtWord(`${title.trim()}: ${caption.trim()}`, LIMITS.altMax);
}

/** The captions the grounding check lets through, by media id, and a notice for each one it does not. */
export function groundedCaptions(
  captions: ReadonlyMap<string, string>,
  facts: ProductFacts,
  voice: Pick<BrandVoice, "avoidWords">,
): { captions: Map<string, string>; notices: Notice[] } {
  const evidence = productEvidence(facts);
  const kept = new Map<string, string>();
  const notices: Notice[] = [];
  facts.images.forEach((image, index) => {
    const caption = captions.get(image.mediaShopifyId);
    if (!caption) return;
    const flags = checkText(caption, evidence, voice);
    if (!flags.length) kept.set(image.mediaShopifyId, caption);
    else
      notices.push({
        code: "caption_unsupported",
        message: `Image ${index + 1}'s caption ("${caption}") mentions ${flags.map((f) => `"${f.text}"`).join(", ")}, which the product's data does not support; its alt text was written from the product's data only.`,
      });
  });
  return { captions: kept, notices };
}
