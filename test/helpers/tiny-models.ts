// Tiny models written at test time, in the layout @huggingface/transformers
// loads from a local model folder (config.json, tokenizer files or
// preprocessor_config.json, onnx/*.onnx), so tests run the real pipelines on
// them. The ONNX files are encoded here by hand (ONNX's protobuf schema,
// onnx.proto, fields by number); no model is downloaded.
//
// - A text classifier ("bert" sequence classification): each word of a
//   word-level vocabulary adds a fixed vector to the label logits; logits are
//   the masked sum over the words.
// - An image captioner ("vision-encoder-decoder"): the encoder averages each
//   colour channel of the image; the decoder scores the next word from the
//   current word (a transition table) plus the image's average colour, so the
//   caption changes with the picture. Like exported captioning decoders it
//   takes and returns a key/value cache (past_key_values.0.* -> present.0.*,
//   plus use_cache_branch); here the cache holds the words said so far, one-hot,
//   and a word already said is not said again (the caption ends instead), so a
//   caption only stops at a loop in the transitions if the generator feeds the
//   cache back correctly.
// - Solid-colour PNG images to caption.

import { mkdirSync, writeFileSync } from "node:fs";
import { crc32, deflateSync } from "node:zlib";
import path from "node:path";

// ---- protobuf wire format ---------------------------------------------------

type Field = Uint8Array;

function varint(value: number | bigint): number[] {
  let v = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return out;
}

const concat = (parts: readonly Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

const tag = (field: number, wire: number) => varint((field << 3) | wire);
const int = (field: number, value: number | bigint): Field => Uint8Array.from([...tag(field, 0), ...varint(value)]);
const bytes = (field: number, value: Uint8Array): Field => concat([Uint8Array.from([...tag(field, 2), ...varint(value.length)]), value]);
const str = (field: number, value: string): Field => bytes(field, new TextEncoder().encode(value));
const msg = (field: number, parts: readonly Field[]): Field => bytes(field, concat(parts));
const f32 = (field: number, value: number): Field => {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setFloat32(0, value, true);
  return concat([Uint8Array.from(tag(field, 5)), b]);
};

// ---- ONNX messages ----------------------------------------------------------

const FLOAT = 1;
const INT64 = 7;
const BOOL = 9;

type Dim = number | string;
interface ValueInfo {
  name: string;
  type: typeof FLOAT | typeof INT64 | typeof BOOL;
  dims: Dim[];
}
interface Initializer {
  name: string;
  dims: number[];
  values: Float32Array | BigInt64Array;
}
type Attr = { name: string; int: number } | { name: string; ints: number[] } | { name: string; float: number };
interface Node {
  op: string;
  inputs: string[];
  outputs: string[];
  attrs?: Attr[];
}

function tensorProto(field: number, t: Initializer): Field {
  const raw = new Uint8Array(t.values.buffer, t.values.byteOffset, t.values.byteLength);
  return msg(field, [...t.dims.map((d) => int(1, d)), int(2, t.values instanceof Float32Array ? FLOAT : INT64), str(8, t.name), bytes(9, raw)]);
}

function valueInfo(field: number, v: ValueInfo): Field {
  const dims = v.dims.map((d) => msg(1, [typeof d === "number" ? int(1, d) : str(2, d)]));
  return msg(field, [str(1, v.name), msg(2, [msg(1, [int(1, v.type), msg(2, dims)])])]);
}

function attribute(a: Attr): Field {
  if ("int" in a) return msg(5, [str(1, a.name), int(3, a.int), int(20, 2)]);
  if ("float" in a) return msg(5, [str(1, a.name), f32(2, a.float), int(20, 1)]);
  return msg(5, [str(1, a.name), ...a.ints.map((i) => int(8, i)), int(20, 7)]);
}

function nodeProto(n: Node, index: number): Field {
  return msg(1, [
    ...n.inputs.map((i) => str(1, i)),
    ...n.outputs.map((o) => str(2, o)),
    str(3, `${n.op}_${index}`),
    str(4, n.op),
    ...(n.attrs ?? []).map(attribute),
  ]);
}

/** A serialised ONNX model (IR 8, default opset 13). */
export function onnxModel(graph: { nodes: Node[]; initializers: Initializer[]; inputs: ValueInfo[]; outputs: ValueInfo[] }): Uint8Array {
  const g = [
    ...graph.nodes.map(nodeProto),
    str(2, "graph"),
    ...graph.initializers.map((t) => tensorProto(5, t)),
    ...graph.inputs.map((v) => valueInfo(11, v)),
    ...graph.outputs.map((v) => valueInfo(12, v)),
  ];
  return concat([int(1, 8), str(2, "aisle-tests"), msg(7, g), msg(8, [str(1, ""), int(2, 13)])]);
}

const axes = (name: string, values: number[]): Initializer => ({ name, dims: [values.length], values: BigInt64Array.from(values.map(BigInt)) });

// ---- tokenizer files --------------------------------------------------------

function wordLevelTokenizer(vocab: string[], special: string[], unk: string) {
  return {
    version: "1.0",
    truncation: null,
    padding: null,
    added_tokens: special.map((content) => ({
      id: vocab.indexOf(content),
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: { type: "Lowercase" },
    pre_tokenizer: { type: "Whitespace" },
    post_processor: null,
    decoder: null,
    model: { type: "WordLevel", vocab: Object.fromEntries(vocab.map((w, i) => [w, i])), unk_token: unk },
  };
}

function writeJson(file: string, value: unknown) {
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

// ---- the text classifier ----------------------------------------------------

export interface TextClassifierSpec {
  /** Label names in logit order (config.id2label). */
  labels: string[];
  /** What each known word adds to the logits (one number per label); other words add nothing. */
  words: Record<string, number[]>;
  /** Optional bias added by every word (e.g. towards a neutral label). */
  perWord?: number[];
  /** Declare a fixed number of tokens per text: the runtime then refuses texts of any other length. */
  sequenceLength?: number;
}

/**
 * Writes a text-classification model folder at `dir` (config.json,
 * tokenizer.json, tokenizer_config.json, onnx/model.onnx) and returns `dir`.
 */
export function writeTextClassifier(dir: string, spec: TextClassifierSpec): string {
  const L = spec.labels.length;
  const special = ["[UNK]", "[PAD]"];
  const vocab = [...special, ...Object.keys(spec.words).map((w) => w.toLowerCase())];
  const weights = new Float32Array(vocab.length * L);
  vocab.forEach((word, v) => {
    const row = spec.words[word] ?? Object.entries(spec.words).find(([w]) => w.toLowerCase() === word)?.[1];
    for (let l = 0; l < L; l++) weights[v * L + l] = (special.includes(word) ? 0 : (row?.[l] ?? 0)) + (word === "[PAD]" ? 0 : (spec.perWord?.[l] ?? 0));
  });
  const model = onnxModel({
    inputs: [
      { name: "input_ids", type: INT64, dims: ["batch", spec.sequenceLength ?? "sequence"] },
      { name: "attention_mask", type: INT64, dims: ["batch", spec.sequenceLength ?? "sequence"] },
    ],
    outputs: [{ name: "logits", type: FLOAT, dims: ["batch", L] }],
    initializers: [{ name: "word_logits", dims: [vocab.length, L], values: weights }, axes("axis_2", [2]), axes("axis_1", [1])],
    nodes: [
      { op: "Gather", inputs: ["word_logits", "input_ids"], outputs: ["per_word"], attrs: [{ name: "axis", int: 0 }] },
      { op: "Cast", inputs: ["attention_mask"], outputs: ["mask_f"], attrs: [{ name: "to", int: FLOAT }] },
      { op: "Unsqueeze", inputs: ["mask_f", "axis_2"], outputs: ["mask_3d"] },
      { op: "Mul", inputs: ["per_word", "mask_3d"], outputs: ["masked"] },
      { op: "ReduceSum", inputs: ["masked", "axis_1"], outputs: ["logits"], attrs: [{ name: "keepdims", int: 0 }] },
    ],
  });
  mkdirSync(path.join(dir, "onnx"), { recursive: true });
  writeFileSync(path.join(dir, "onnx", "model.onnx"), model);
  writeJson(path.join(dir, "config.json"), {
    model_type: "bert",
    architectures: ["BertForSequenceClassification"],
    vocab_size: vocab.length,
    num_labels: L,
    id2label: Object.fromEntries(spec.labels.map((l, i) => [String(i), l])),
    label2id: Object.fromEntries(spec.labels.map((l, i) => [l, i])),
    problem_type: "single_label_classification",
  });
  writeJson(path.join(dir, "tokenizer.json"), wordLevelTokenizer(vocab, special, "[UNK]"));
  writeJson(path.join(dir, "tokenizer_config.json"), {
    tokenizer_class: "BertTokenizer",
    unk_token: "[UNK]",
    pad_token: "[PAD]",
    model_max_length: 512,
    do_lower_case: true,
  });
  return dir;
}

// ---- the image captioner ----------------------------------------------------

export interface CaptionerSpec {
  /** The first word after the start token. */
  first: string;
  /** word -> the word that follows it; a word with no entry, or whose follower was said already, ends the caption. */
  next: Record<string, string>;
  /** After this word, the next word is chosen by the image's average colour. */
  colourAfter: string;
  /** Words for a mostly red, green and blue image; each must have a `next` entry. */
  colours: [red: string, green: string, blue: string];
  /** Pixels the image is resized to (square). Default 8. */
  size?: number;
}

/**
 * Writes an image-to-text model folder at `dir` (config.json,
 * generation_config.json, preprocessor_config.json, tokenizer files,
 * onnx/encoder_model.onnx, onnx/decoder_model_merged.onnx) and returns `dir`.
 */
export function writeCaptioner(dir: string, spec: CaptionerSpec): string {
  const special = ["<s>", "</s>", "<pad>", "<unk>"];
  const [BOS, EOS, PAD] = [0, 1, 2];
  const words = [...new Set([spec.first, spec.colourAfter, ...spec.colours, ...Object.keys(spec.next), ...Object.values(spec.next)])];
  const vocab = [...special, ...words];
  const V = vocab.length;
  const id = (w: string) => vocab.indexOf(w);
  const D = 3;
  // Transition logits: a strong vote for the following word, a weak one for the end.
  const transitions = new Float32Array(V * V).fill(-20);
  for (let w = 0; w < V; w++) transitions[w * V + EOS] = 0;
  const vote = (from: number, to: number, value = 20) => (transitions[from * V + to] = value);
  vote(BOS, id(spec.first));
  for (const w of words) {
    if (w === spec.colourAfter) for (const c of spec.colours) vote(id(w), id(c), 10);
    else vote(id(w), spec.next[w] !== undefined ? id(spec.next[w]) : EOS);
  }
  for (const s of [EOS, PAD, id("<unk>")]) vote(s, EOS);
  // Image logits: each colour word gains 4x its channel's normalised mean (-1..1).
  const image = new Float32Array(D * V);
  spec.colours.forEach((c, channel) => (image[channel * V + id(c)] = 4));
  const identity = Float32Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1]);
  const oneHot = new Float32Array(V * V);
  for (let w = 0; w < V; w++) oneHot[w * V + w] = 1;

  const encoder = onnxModel({
    inputs: [{ name: "pixel_values", type: FLOAT, dims: ["batch", 3, "height", "width"] }],
    outputs: [{ name: "last_hidden_state", type: FLOAT, dims: ["batch", 1, D] }],
    initializers: [{ name: "projection", dims: [3, D], values: identity }, axes("axis_1", [1])],
    nodes: [
      {
        op: "ReduceMean",
        inputs: ["pixel_values"],
        outputs: ["channel_means"],
        attrs: [
          { name: "axes", ints: [2, 3] },
          { name: "keepdims", int: 0 },
        ],
      },
      { op: "Unsqueeze", inputs: ["channel_means", "axis_1"], outputs: ["tokens"] },
      { op: "MatMul", inputs: ["tokens", "projection"], outputs: ["last_hidden_state"] },
    ],
  });
  const cacheDims: Dim[] = ["batch", 1, "past_sequence", V];
  const decoder = onnxModel({
    inputs: [
      { name: "input_ids", type: INT64, dims: ["batch", "decoder_sequence"] },
      { name: "encoder_hidden_states", type: FLOAT, dims: ["batch", "encoder_sequence", D] },
      { name: "past_key_values.0.key", type: FLOAT, dims: cacheDims },
      { name: "past_key_values.0.value", type: FLOAT, dims: cacheDims },
      { name: "use_cache_branch", type: BOOL, dims: [1] },
    ],
    outputs: [
      { name: "logits", type: FLOAT, dims: ["batch", "decoder_sequence", V] },
      { name: "present.0.key", type: FLOAT, dims: ["batch", 1, "present_sequence", V] },
      { name: "present.0.value", type: FLOAT, dims: ["batch", 1, "present_sequence", V] },
    ],
    initializers: [
      { name: "transitions", dims: [V, V], values: transitions },
      { name: "image_logits", dims: [D, V], values: image },
      { name: "one_hot", dims: [V, V], values: oneHot },
      { name: "repeat_penalty", dims: [], values: Float32Array.from([-40]) },
      axes("axis_1", [1]),
      axes("axes_1_2", [1, 2]),
    ],
    nodes: [
      // The cache: every word fed so far, one-hot, [batch, 1, words, V].
      { op: "Gather", inputs: ["one_hot", "input_ids"], outputs: ["new_words"], attrs: [{ name: "axis", int: 0 }] },
      { op: "Unsqueeze", inputs: ["new_words", "axis_1"], outputs: ["new_words_4d"] },
      { op: "Concat", inputs: ["past_key_values.0.key", "new_words_4d"], outputs: ["present.0.key"], attrs: [{ name: "axis", int: 2 }] },
      { op: "Concat", inputs: ["past_key_values.0.value", "new_words_4d"], outputs: ["present.0.value"], attrs: [{ name: "axis", int: 2 }] },
      { op: "ReduceSum", inputs: ["present.0.key", "axes_1_2"], outputs: ["said"], attrs: [{ name: "keepdims", int: 0 }] },
      { op: "Unsqueeze", inputs: ["said", "axis_1"], outputs: ["said_3d"] },
      { op: "Mul", inputs: ["said_3d", "repeat_penalty"], outputs: ["repeat_votes"] },
      { op: "Gather", inputs: ["transitions", "input_ids"], outputs: ["word_votes"], attrs: [{ name: "axis", int: 0 }] },
      {
        op: "ReduceMean",
        inputs: ["encoder_hidden_states"],
        outputs: ["image_state"],
        attrs: [
          { name: "axes", ints: [1] },
          { name: "keepdims", int: 1 },
        ],
      },
      { op: "MatMul", inputs: ["image_state", "image_logits"], outputs: ["image_votes"] },
      { op: "Add", inputs: ["word_votes", "image_votes"], outputs: ["votes"] },
      { op: "Add", inputs: ["votes", "repeat_votes"], outputs: ["logits"] },
    ],
  });
  const size = spec.size ?? 8;
  mkdirSync(path.join(dir, "onnx"), { recursive: true });
  writeFileSync(path.join(dir, "onnx", "encoder_model.onnx"), encoder);
  writeFileSync(path.join(dir, "onnx", "decoder_model_merged.onnx"), decoder);
  const tokens = { decoder_start_token_id: BOS, bos_token_id: BOS, eos_token_id: EOS, pad_token_id: PAD };
  writeJson(path.join(dir, "config.json"), {
    model_type: "vision-encoder-decoder",
    architectures: ["VisionEncoderDecoderModel"],
    is_encoder_decoder: true,
    encoder: { model_type: "vit", hidden_size: D, image_size: size, num_channels: 3 },
    // The cache's shape comes from here: [batch, n_head, 0, n_embd / n_head] when empty.
    decoder: { model_type: "gpt2", vocab_size: V, n_embd: V, n_head: 1, n_layer: 1, add_cross_attention: true, is_decoder: true, ...tokens },
    ...tokens,
  });
  writeJson(path.join(dir, "generation_config.json"), { ...tokens, max_length: 20 });
  writeJson(path.join(dir, "preprocessor_config.json"), {
    image_processor_type: "ViTImageProcessor",
    do_resize: true,
    size: { height: size, width: size },
    resample: 2,
    do_rescale: true,
    rescale_factor: 1 / 255,
    do_normalize: true,
    image_mean: [0.5, 0.5, 0.5],
    image_std: [0.5, 0.5, 0.5],
  });
  writeJson(path.join(dir, "tokenizer.json"), wordLevelTokenizer(vocab, special, "<unk>"));
  writeJson(path.join(dir, "tokenizer_config.json"), {
    tokenizer_class: "GPT2Tokenizer",
    bos_token: "<s>",
    eos_token: "</s>",
    pad_token: "<pad>",
    unk_token: "<unk>",
    model_max_length: 64,
  });
  return dir;
}

// ---- test images ------------------------------------------------------------

function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const head = new Uint8Array(8);
  new DataView(head.buffer).setUint32(0, data.length);
  head.set(new TextEncoder().encode(type), 4);
  const crc = new Uint8Array(4);
  new DataView(crc.buffer).setUint32(0, crc32(concat([head.subarray(4), data])));
  return concat([head, data, crc]);
}

/** A PNG of one colour (8-bit RGB), `size` x `size` pixels. */
export function solidPng(rgb: [number, number, number], size = 16): Buffer {
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, size);
  view.setUint32(4, size);
  header.set([8, 2, 0, 0, 0], 8);
  const row = [0, ...Array.from({ length: size }, () => rgb).flat()];
  const pixels = Uint8Array.from(Array.from({ length: size }, () => row).flat());
  return Buffer.from(
    concat([
      Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      pngChunk("IHDR", header),
      pngChunk("IDAT", deflateSync(pixels)),
      pngChunk("IEND", new Uint8Array()),
    ]),
  );
}
