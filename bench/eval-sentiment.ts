// Offline evaluation of the review sentiment backends on labelled reviews.
// `npm run eval:sentiment -- --help` lists the options.

import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { classifyReview } from "../app/services/reviews/sentiment/classify";
import { loadLexicon } from "../app/services/reviews/sentiment/lexicon.server";
import {
  isBinaryLabelSet,
  polarityOfLabel,
  ShopSentimentModel,
  trainSentimentModel,
  type LabelledReview,
} from "../app/services/reviews/sentiment/linear-model";
import { expectedModelDir } from "../app/lib/local-models.server";
import { accuracy, macroF1, POLARITIES, type Polarity } from "../app/services/reviews/sentiment/metrics";
import { loadSentimentModel, sentimentModelDir, type LocalSentimentModel } from "../app/services/reviews/sentiment/transformers.server";
import { DEFAULT_REVIEWS, heldOutSplit, loadLabelledReviews, loadOtherDomains } from "./lib/review-data";

const repo = path.resolve(import.meta.dirname, "..");
const HELP = `Usage: npm run eval:sentiment -- [options]

Scores each sentiment backend on a fixed held-out fifth of a labelled review
file. The classifiers read the text alone (title and review), never the label.
The shop model ("offline") learns from the other four fifths only, as it would
from a shop's own rated reviews. Labels: ratings 1-2 negative, 3 neutral, 4-5
positive; or a 0/1 label (binary metrics only); or positive/neutral/negative.

  --file <path>        CSV, plain or .gz (default: <repo>/../shared/data/womens-clothing-reviews.csv.gz)
  --text-col <name>    text column; repeat or comma-separate to join several (default: Title,Review Text)
  --label-col <name>   label or rating column (default: Rating)
  --out <path>         (default: bench/results/eval-sentiment.json)
  --no-other-domains   skip the electronics / restaurant / film sets
`;

const { values } = parseArgs({
  options: {
    file: { type: "string" },
    "text-col": { type: "string", multiple: true },
    "label-col": { type: "string" },
    out: { type: "string" },
    "no-other-domains": { type: "boolean" },
    help: { type: "boolean" },
  },
});
if (values.help) {
  console.log(HELP);
  process.exit(0);
}

const file = values.file ?? DEFAULT_REVIEWS;
if (!existsSync(file)) {
  console.error(`No review file at ${file}. Pass one with --file (see --help).`);
  process.exit(2);
}
const textCols = (values["text-col"] ?? (values.file ? ["text"] : ["Title", "Review Text"])).flatMap((c) => c.split(",")).map((c) => c.trim());
const labelCol = values["label-col"] ?? (values.file ? "label" : "Rating");

interface Scores {
  binary_macro_f1: number;
  binary_accuracy: number;
  three_class_macro_f1: number | null;
  three_class_accuracy: number | null;
  reviews: number;
  reviews_per_s: number;
}

const r4 = (v: number) => Math.round(v * 10000) / 10000;

type Reading = { label: Polarity; binary: "positive" | "negative" };

function score(test: LabelledReview[], classify: (text: string) => Reading): Scores {
  const start = performance.now();
  const out = test.map((t) => classify(t.text));
  return scoreReadings(test, out, (performance.now() - start) / 1000);
}

function scoreReadings(test: LabelledReview[], out: Reading[], seconds: number): Scores {
  const binary = isBinaryLabelSet(test.map((t) => t.label));
  const truth = test.map((t) => polarityOfLabel(t.label, binary));
  const pairs = truth.map((t, i) => [t, out[i].binary] as const).filter(([t]) => t !== "neutral");
  const hasNeutral = truth.includes("neutral");
  const predicted = out.map((o) => o.label);
  return {
    binary_macro_f1: r4(
      macroF1(
        pairs.map(([t]) => t),
        pairs.map(([, p]) => p),
        ["negative", "positive"],
      ),
    ),
    binary_accuracy: r4(
      accuracy(
        pairs.map(([t]) => t),
        pairs.map(([, p]) => p),
      ),
    ),
    three_class_macro_f1: hasNeutral ? r4(macroF1(truth, predicted, POLARITIES)) : null,
    three_class_accuracy: hasNeutral ? r4(accuracy(truth, predicted)) : null,
    reviews: test.length,
    reviews_per_s: Math.round(test.length / seconds),
  };
}

const lexicon = loadLexicon();

/** Every backend available here, trained (where it learns) on `train`, scored on `test`. */
function evaluateBackends(train: LabelledReview[], test: LabelledReview[]) {
  const started = performance.now();
  const trained = trainSentimentModel(train, lexicon);
  const trainingSeconds = (performance.now() - started) / 1000;
  const backends: Record<string, Scores & Record<string, unknown>> = {};
  if (trained) {
    const model = new ShopSentimentModel(trained.params);
    backends.offline = {
      ...score(test, (text) => classifyReview(text, lexicon, model)),
      description:
        "offline default: the shop's own model (ordinal logistic heads, each a plain plus an NB-scaled logistic regression, over hashed words and word pairs with the VADER lexicon's reading, learned from the training split's ratings, parameters chosen by cross-validation on that split)",
      training_reviews: train.length,
      training_seconds: Math.round(trainingSeconds * 10) / 10,
      chosen_l2: trained.params.l2,
      chosen_cuts: trained.params.cuts,
      chosen_ordinal_reading: trained.params.ordinal ?? "coarse",
      chosen_binary_reading: trained.params.binary,
      confidence_scales: trained.params.temperature,
      // Cross-validated on the training split (4 folds), as the shop's worker does.
      validation: trained.validation,
    };
  }
  backends.lexicon = {
    ...score(test, (text) => classifyReview(text, lexicon, null)),
    description: "offline default before a shop has rated reviews: VADER lexicon with negation, intensifier and contrast rules, no training",
  };
  return { backends, model: trained };
}

// The local transformers.js model (<AISLE_MODELS_DIR>/sentiment), when there is one: it does not train.
const localDir = sentimentModelDir();
let local: LocalSentimentModel | null = null;
let localNote: string;
if (!localDir) {
  localNote = `no local transformers model (no config.json in ${expectedModelDir("sentiment")}; README "Local models"), so it is not scored`;
} else {
  try {
    local = await loadSentimentModel(localDir);
    localNote = `local transformers model at ${localDir} (labels read as ${local.polarities.join(", ")})`;
  } catch (error) {
    localNote = `the local transformers model at ${localDir} cannot be used: ${(error as Error).message}`;
  }
}
console.log(localNote);

async function scoreLocal(test: LabelledReview[]) {
  if (!local) return null;
  const start = performance.now();
  const out = await local.classify(
    test.map((t) => t.text),
    lexicon,
  );
  return {
    ...scoreReadings(test, out, (performance.now() - start) / 1000),
    description: `local transformers.js text-classification model "${local.name}" (${local.dir}), no training on this data`,
  };
}

const { reviews, skipped } = loadLabelledReviews(file, textCols, labelCol);
const { train, test } = heldOutSplit(reviews);
console.log(`${path.relative(process.cwd(), file)}: ${reviews.length} labelled reviews (${skipped} without text or label), held out ${test.length}`);
const main = evaluateBackends(train, test);
const localScores = await scoreLocal(test);
if (localScores) main.backends.transformers = localScores;
for (const [name, s] of Object.entries(main.backends)) {
  console.log(
    `  ${name.padEnd(12)} binary macro-F1 ${s.binary_macro_f1.toFixed(3)}  acc ${s.binary_accuracy.toFixed(3)}  |  3-class macro-F1 ${s.three_class_macro_f1?.toFixed(3) ?? "  -  "}  acc ${s.three_class_accuracy?.toFixed(3) ?? "  -  "}  (${s.reviews_per_s}/s)`,
  );
}

// Other domains: the lexicon alone, the clothing-trained model carried over
// unchanged, and a model trained on the domain's own training split (as a
// shop selling such things would have).
const otherDomains: Record<string, unknown> = {};
const domains = values["no-other-domains"] ? null : loadOtherDomains();
if (domains) {
  console.log("other domains (held-out fifth of each):");
  for (const [name, rows] of Object.entries(domains)) {
    const split = heldOutSplit(rows);
    const own = evaluateBackends(split.train, split.test);
    const carried = main.model ? new ShopSentimentModel(main.model.params) : null;
    const entry = {
      reviews: rows.length,
      lexicon: own.backends.lexicon,
      offline_own_training: own.backends.offline ?? null,
      offline_trained_on_main_file: carried ? score(split.test, (text) => classifyReview(text, lexicon, carried)) : null,
      transformers: await scoreLocal(split.test),
    };
    otherDomains[name] = entry;
    console.log(
      `  ${name.padEnd(12)} binary macro-F1: lexicon ${entry.lexicon.binary_macro_f1.toFixed(3)}, own training ${entry.offline_own_training?.binary_macro_f1.toFixed(3) ?? "-"}, main file's model ${entry.offline_trained_on_main_file?.binary_macro_f1.toFixed(3) ?? "-"}, transformers ${entry.transformers?.binary_macro_f1.toFixed(3) ?? "-"}`,
    );
  }
}

const out = values.out ?? path.join(repo, "bench", "results", "eval-sentiment.json");
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(
  out,
  `${JSON.stringify(
    {
      file: path.basename(file),
      text_columns: textCols,
      label_column: labelCol,
      split: "fixed seeded shuffle, every 5th review held out (20%)",
      reviews: reviews.length,
      held_out: test.length,
      backends: main.backends,
      other_domains: otherDomains,
      transformers: localNote,
      notes: "the transformers backend is scored only where a local model is present",
      at: new Date().toISOString(),
    },
    null,
    2,
  )}\n`,
);
console.log(`wrote ${path.relative(process.cwd(), out)}`);
