// Local @huggingface/transformers models: one folder per task under
// AISLE_MODELS_DIR (README "Local models"), loaded with the model hub turned
// off. Nothing is ever downloaded here.

import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { modelsEnv } from "./env.server";

/** A local model folder that cannot be used, and why. */
export class LocalModelError extends Error {
  override name = "LocalModelError";
}

/** The model folder of a task ("sentiment", "captioning"), or null when it holds no model (no config.json). */
export function localModelDir(task: string): string | null {
  const dir = path.resolve(modelsEnv().AISLE_MODELS_DIR, task);
  return existsSync(path.join(dir, "config.json")) ? dir : null;
}

/** Where a task's model folder would be (for messages). */
export function expectedModelDir(task: string): string {
  return path.resolve(modelsEnv().AISLE_MODELS_DIR, task);
}

/** The dtype whose ONNX files are all in the folder: full precision when present, else the 8-bit files. */
export function onnxDtype(dir: string, files: readonly string[]): "fp32" | "q8" {
  const names = existsSync(path.join(dir, "onnx")) ? readdirSync(path.join(dir, "onnx")) : [];
  if (files.every((f) => names.includes(`${f}.onnx`))) return "fp32";
  if (files.every((f) => names.includes(`${f}_quantized.onnx`))) return "q8";
  const full = files.map((f) => `${f}.onnx`).join(" and ");
  const quantized = files.map((f) => `${f}_quantized.onnx`).join(" and ");
  throw new LocalModelError(`${path.join(dir, "onnx")} has neither ${full} nor ${quantized}.`);
}

/** The transformers.js library pointed at the folder's parent, with remote models turned off. */
export async function localTransformers(dir: string) {
  const lib = await import("@huggingface/transformers");
  lib.env.allowRemoteModels = false;
  lib.env.allowLocalModels = true;
  lib.env.localModelPath = path.dirname(dir) + path.sep;
  return lib;
}
