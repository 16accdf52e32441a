import { checkContent } from "./check";
import { productFacts } from "./fixtures";
import { checkText, groundingCheck, numbersIn, productEvidence } from "./grounding";
import { htmlToText, sanitizeDescriptionHtml, wordCount } from "./html";
import { guessLanguage, prepareFacts } from "./input";
import { cutAtSentence, cutAtWord, enforceLengths, lengthProblems, repairSeoTitle, shortenDescription, toHandle } from "./lengths";
import { offlineInstructionNotices, offlinePlan } from "./instruction";
import { offlineContent, offlineLanguageNotice } from "./offline";
import { DEFAULT_BRAND_VOICE, LIMITS, type GeneratedContent } from "./types";

describe("sanitizeDescriptionHtml", () => {
  it("keeps paragraphs, lists and emphasis, and drops scripts, handlers and attributes", () => {
    const html = `<p class="x" onclick="steal()">Hello <b>bold</b> <script>alert(1)</script>world</p><ul><li>One</li><li><a href="javascript:x">Two</a></li></ul><iframe src="//evil"></iframe><img src=x onerror=alert(1)>`;
    expect(sanitizeDescriptionHtml(html)).toBe("<p>Hello <strong>bold</strong> world</p><ul><li>One</li><li>Two</li></ul>");
  });
  it("balances tags, escapes stray markup characters and removes empty blocks", () => {
    expect(sanitizeDescriptionHtml("<p>a < b &amp; c<p></p><ul><li>x")).toBe("<p>a &lt; b &amp; c</p><ul><li>x</li></ul>");
    expect(sanitizeDescriptionHtml("<div>Block</div><h1>Head</h1>")).toBe("<p>Block</p><h2>Head</h2>");
  });
  it("is idempotent", () => {
    const once = sanitizeDescriptionHtml("<p>One <em>two</em></p><ol><li>3</li></ol><br/>");
    expect(sanitizeDescriptionHtml(once)).toBe(once);
  });
  it("counts words of the text only", () => {
    expect(wordCount("<p>one two</p><ul><li>three</li></ul><script>four five</script>")).toBe(3);
    expect(htmlToText("<p>a&nbsp;b</p><p>c</p>")).toBe("a b c");
  });
});

describe("lengths", () => {
  const facts = productFacts();
  it("cuts at word and sentence boundaries", () => {
    expect(cutAtWord("one two three four", 10)).toBe("one two");
    expect(cutAtSentence("First sentence here. Second one is longer than allowed", 30)).toBe("First sentence here.");
  });
  it("lengthens a short SEO title from the data only", () => {
    const title = repairSeoTitle("Heart Mug", facts);
    expect(title.length).toBeGreaterThanOrEqual(50);
    expect(title.length).toBeLessThanOrEqual(60);
    expect(title).toContain("Aisle Pottery");
  });
  it("shortens a long description, keeping the call to action last", () => {
    const long = `<p>${"word ".repeat(300)}end.</p><ul>${"<li>item here</li>".repeat(10)}</ul><p>Buy it today.</p>`;
    const short = shortenDescription(long, 250);
    expect(wordCount(short)).toBeLessThanOrEqual(250);
    expect(short.endsWith("<p>Buy it today.</p>")).toBe(true);
  });
  it("repairs what it can and reports what it cannot", () => {
    const raw: GeneratedContent = {
      descriptionHtml: "<p>Too short.</p>",
      seoTitle: "x".repeat(80),
      seoDescription: "A mug.",
      keywords: ["mug", "Mug", "heart mug"],
      tags: [],
      productType: "Mugs",
      audience: "Tea drinkers",
      useCases: [],
      altTexts: [],
    };
    const { content, problems } = enforceLengths(raw, facts);
    expect(content.seoTitle.length).toBeLessThanOrEqual(60);
    expect(content.seoDescription.length).toBeGreaterThanOrEqual(150);
    expect(content.keywords.length).toBeGreaterThanOrEqual(10);
    expect(new Set(content.keywords.map((k) => k.toLowerCase())).size).toBe(content.keywords.length);
    const fields = problems.map((p) => p.field);
    expect(fields).toContain("description");
    expect(fields).toContain(`alt:${facts.images[0].mediaShopifyId}`);
    expect(problems.find((p) => p.field === "description")!.message).toMatch(/2 words; it must have 150-250/);
  });
  it("makes handles Shopify accepts", () => {
    expect(toHandle("Crème Brûlée Set — 4 pcs!")).toBe("creme-brulee-set-4-pcs");
  });
});

describe("grounding check", () => {
  const facts = productFacts();
  it("accepts what the data says", () => {
    const evidence = productEvidence(facts);
    expect(checkText("A stoneware mug for 350 ml of tea, dishwasher safe, 12.50 GBP, in red or blue.", evidence, DEFAULT_BRAND_VOICE)).toEqual([]);
  });
  it("flags unsupported numbers, materials, sizes, certifications and claims", () => {
    const evidence = productEvidence(facts);
    const flags = checkText("Made of organic cotton and bamboo, size XL, holds 500 ml, award-winning with a lifetime warranty.", evidence, DEFAULT_BRAND_VOICE);
    const byKind = (k: string) => flags.filter((f) => f.kind === k).map((f) => f.text);
    expect(byKind("number")).toEqual(["500"]);
    expect(byKind("material")).toEqual(expect.arrayContaining(["cotton", "bamboo"]));
    expect(byKind("size")).toEqual(["xl"]);
    expect(byKind("certification")).toEqual(["organic"]);
    expect(byKind("claim")).toEqual(expect.arrayContaining(["award-winning", "warranty", "lifetime"]));
  });
  it("flags the merchant's words to avoid and the house list", () => {
    const flags = checkText("Elevate your mornings with this cheap mug.", productEvidence(facts), { avoidWords: ["cheap"] });
    expect(flags.map((f) => f.text).sort()).toEqual(["cheap", "elevate"]);
  });
  it("matches whole words only", () => {
    expect(checkText("A setting for tea.", productEvidence(facts), DEFAULT_BRAND_VOICE)).toEqual([]);
    expect(numbersIn("1,200 units, 2.50 each, v2")).toEqual(["1200", "2.5"]);
  });
  it("flags per field", () => {
    const content = offlineContent(facts, DEFAULT_BRAND_VOICE);
    content.seoDescription = "Silk mug.";
    expect(Object.keys(groundingCheck(content, facts, DEFAULT_BRAND_VOICE))).toEqual(["seoDescription"]);
  });
});

describe("input", () => {
  it("gives notices for missing descriptions and images, markup, scripts and huge descriptions", () => {
    const { facts, notices } = prepareFacts(
      productFacts({
        title: "<b>Mug</b><script>x</script>",
        descriptionHtml: `<script>alert(1)</script><p>${"long ".repeat(5000)}</p>`,
        images: [],
      }),
    );
    expect(facts.title).toBe("Mug");
    expect(notices.map((n) => n.code).sort()).toEqual(["huge_description", "markup_in_fields", "no_images", "script_in_description"]);
    expect(wordCount(facts.descriptionHtml)).toBe(1500);
    expect(prepareFacts(productFacts({ descriptionHtml: "" })).notices.map((n) => n.code)).toEqual(["no_description"]);
  });
  it("notices a title in another language", () => {
    expect(guessLanguage("Tasse à café avec cœur")).toBe("French");
    expect(guessLanguage("ハートのマグカップ")).toBe("Japanese");
    expect(guessLanguage("Heart mug with the handle")).toBe("English");
    expect(prepareFacts(productFacts({ title: "Becher mit Herz für Tee" })).notices.map((n) => n.code)).toEqual(["other_language"]);
  });
});

describe("offline provider", () => {
  const cases = [
    productFacts(),
    productFacts({ descriptionHtml: "", tags: [], vendor: "", productType: "", optionValues: [], variantTitles: [], images: [] }),
    productFacts({ title: "A very long product title that goes on and on about the product and then some more words" }),
    productFacts({ descriptionHtml: `<p>${"This lamp is bright. ".repeat(200)}</p>` }),
    productFacts({ images: Array.from({ length: 5 }, (_, i) => ({ mediaShopifyId: `91000002${i}`, url: `https://cdn.example/${i}.jpg`, altText: null })) }),
  ];
  it.each(cases.map((c, i) => [i, c] as const))("writes in-range, grounded copy (case %i)", (_, raw) => {
    const { facts } = prepareFacts(raw);
    const checked = checkContent(offlineContent(facts, DEFAULT_BRAND_VOICE, { handle: true }), facts, DEFAULT_BRAND_VOICE);
    expect(checked.problems).toEqual([]);
    expect(checked.flags).toEqual({});
    expect(lengthProblems(checked.content, facts)).toEqual([]);
    expect(checked.content.altTexts).toHaveLength(facts.images.length);
    for (const a of checked.content.altTexts) expect(a.alt.length).toBeLessThan(125);
    expect(checked.content.descriptionHtml).toMatch(/^<p>.*<\/p>$/);
    expect(checked.content.descriptionHtml).toContain("<ul>");
  });
  it("writes 1,000 products in under five seconds of CPU", () => {
    // CPU time, not wall time: the machines that run the suite are shared.
    const started = process.cpuUsage();
    for (let i = 0; i < 1000; i++) {
      const { facts } = prepareFacts(productFacts({ shopifyId: String(9100000000 + i), title: `Product ${i} lamp` }));
      checkContent(offlineContent(facts, DEFAULT_BRAND_VOICE), facts, DEFAULT_BRAND_VOICE);
    }
    const used = process.cpuUsage(started);
    expect((used.user + used.system) / 1e6).toBeLessThan(5);
  });
  it("keeps descriptions in the shop's preferred range", () => {
    const voice = { ...DEFAULT_BRAND_VOICE, descriptionWords: { min: 180, max: 200 } };
    const { facts } = prepareFacts(productFacts());
    const words = wordCount(checkContent(offlineContent(facts, voice), facts, voice).content.descriptionHtml);
    expect(words).toBeGreaterThanOrEqual(180);
    expect(words).toBeLessThanOrEqual(LIMITS.descriptionWords.max);
  });
});

describe("an instruction to the offline writer", () => {
  const facts = productFacts({
    descriptionHtml: `<p>${Array.from({ length: 8 }, (_, i) => `The mug's glaze is hand dipped in batch number ${i + 1} at the pottery.`).join(" ")}</p>`,
  });
  const voice = DEFAULT_BRAND_VOICE;

  it("follows what it can, in the shop's range, and names what it cannot follow", () => {
    const plan = offlinePlan("Shorter, no feature list and make it sound playful", voice);
    expect(plan.followed).toEqual(["Shorter", "no feature list"]);
    expect(plan.notFollowed).toEqual(["make it sound playful"]);
    const plain = offlineContent(facts, voice);
    const asked = offlineContent(facts, voice, { plan });
    expect(plain.descriptionHtml).toContain("<ul>");
    expect(asked.descriptionHtml).not.toContain("<ul>");
    expect(wordCount(asked.descriptionHtml)).toBeGreaterThanOrEqual(150);
    expect(wordCount(asked.descriptionHtml)).toBeLessThanOrEqual(plan.descriptionWords.max);
    expect(wordCount(asked.descriptionHtml)).toBeLessThan(wordCount(plain.descriptionHtml));
    const checked = checkContent(asked, facts, voice);
    expect(checked.problems).toEqual([]);
    const notices = offlineInstructionNotices(plan, checked.content, voice);
    expect(notices.map((n) => n.code)).toEqual(["instruction_followed", "instruction_not_followed"]);
    expect(notices[0].message).toMatch(
      /^Followed "Shorter, no feature list": the description has \d+ words, near the low end of the shop's 150-250; the description has no feature list\.$/,
    );
    expect(notices[1].message).toContain(`could not follow "make it sound playful"`);
    expect(notices[1].message).toContain("Claude");
  });

  it("writes longer when asked, and leaves out the price", () => {
    const plan = offlinePlan("more detail; don't mention the price", voice);
    expect(plan).toMatchObject({ length: "longer", mentionPrice: false, notFollowed: [] });
    const plain = offlineContent(productFacts(), voice);
    const asked = offlineContent(productFacts(), voice, { plan });
    expect(wordCount(asked.descriptionHtml)).toBeGreaterThan(wordCount(plain.descriptionHtml));
    expect(wordCount(asked.descriptionHtml)).toBeLessThanOrEqual(250);
    expect(plain.descriptionHtml).toContain("12.50");
    expect(asked.descriptionHtml).not.toContain("12.50");
  });

  it("reads 'too long' as shorter, 'not longer' as nothing it can do, and contradictions as not followed", () => {
    expect(offlinePlan("it is too long", voice).length).toBe("shorter");
    expect(offlinePlan("not longer", voice)).toMatchObject({ length: null, notFollowed: ["not longer"] });
    expect(offlinePlan("shorter, longer", voice)).toMatchObject({ length: "shorter", followed: ["shorter"], notFollowed: ["longer"] });
    expect(offlinePlan(null, voice)).toMatchObject({ followed: [], notFollowed: [], featureList: true, mentionPrice: true });
  });

  it("says on offline drafts that it writes in English only, when the shop asks for another language", () => {
    expect(offlineLanguageNotice(voice)).toBeNull();
    expect(offlineLanguageNotice({ ...voice, language: "French" })?.message).toBe(
      "The offline writer writes in English only, so this draft is in English, not French. With Claude (an Anthropic API key) drafts are written in French.",
    );
  });
});
