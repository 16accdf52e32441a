import { contrastWords, extractFeatures, FEATURE_BITS, hashedFeatures, hashWord, mixHash } from "./features";
import { loadLexicon } from "./lexicon.server";
import { tokenize } from "./tokens";

const ids = (text: string) => [...hashedFeatures(tokenize(text))];

describe("hashed features", () => {
  it("are distinct, ascending and inside the bucket range", () => {
    const f = ids("Great fit, great colour. Great price! Great great great.");
    expect(f.length).toBeGreaterThan(0);
    for (let i = 1; i < f.length; i++) expect(f[i]).toBeGreaterThan(f[i - 1]);
    for (const id of f) expect(id >= 0 && id < 1 << FEATURE_BITS).toBe(true);
  });

  it("read a word under negation as another feature than the plain word", () => {
    const plain = new Set(ids("fit"));
    const negated = ids("not fit");
    // "not fit" shares nothing with "fit": "fit" is negated there.
    expect(negated.filter((id) => plain.has(id))).toEqual([]);
    // A negation ends at the clause: "not cheap. fit" reads "fit" plainly again.
    expect(ids("not cheap. fit").filter((id) => plain.has(id)).length).toBeGreaterThan(0);
  });

  it("tell word order apart through word pairs, and mark the words after a contrast", () => {
    expect(ids("fits small")).not.toEqual(ids("small fits"));
    const mixed = new Set(ids("lovely colour but runs small"));
    const plain = new Set(ids("lovely colour and runs small"));
    expect([...mixed].filter((id) => !plain.has(id)).length).toBeGreaterThan(0);
  });

  it("read the contrast words the tokenizer drops, and how many there are", () => {
    expect(contrastWords("Nice, BUT the seams... Unfortunately it shrank; butter")).toEqual(["but", "unfortunately"]);
    const lexicon = loadLexicon();
    const sadly = new Set(extractFeatures("Sadly it shrank", lexicon).ids);
    const but = new Set(extractFeatures("But it shrank", lexicon).ids);
    // Same tokens ("it shrank" after a contrast), but a feature for which contrast word it was.
    expect([...sadly].filter((id) => !but.has(id)).length).toBeGreaterThan(0);
    // How many times the review turns is a feature too: the same tokens read apart.
    const soft = tokenize("Soft but thin");
    expect([...hashedFeatures(soft, FEATURE_BITS, ["but", "but"])]).not.toEqual([...hashedFeatures(soft, FEATURE_BITS, ["but"])]);
    // Without the contrast words, the features of the tokens alone.
    const tokens = tokenize("Sadly it shrank");
    expect([...hashedFeatures(tokens, FEATURE_BITS, ["sadly"])]).toEqual([...sadly]);
    expect(hashedFeatures(tokens).length).toBeLessThan(sadly.size);
  });

  it("hash deterministically and mix in order", () => {
    expect(hashWord("dress", 0)).toBe(hashWord("dress", 0));
    expect(hashWord("dress", 0)).not.toBe(hashWord("dress", 1));
    expect(mixHash(1, 2)).not.toBe(mixHash(2, 1));
  });

  it("give empty text no sparse features and the lexicon's 'nothing read' flag", () => {
    const f = extractFeatures("", loadLexicon());
    expect(f.ids.length).toBe(0);
    expect(f.dense[f.dense.length - 1]).toBe(1);
  });
});
