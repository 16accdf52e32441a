// Local image captioning for alt text: an image-to-text model run through
// @huggingface/transformers when a captioning model folder is present
// (<AISLE_MODELS_DIR>/captioning, see README "Local models"). Nothing is
// downloaded. Without the folder there are no captions and the offline
// provider writes alt text from the product's data, as before.
//
// An image comes as an http(s) URL (fetched with a timeout and a size limit),
// a file path (or file: URL), a data: URL or bare base64. An image that cannot
// be read gets a clear reason, never an exception out of captionImages.

import { existsSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { LocalModelError, localModelDir, localTransformers, onnxDtype } from "../../lib/local-models.server";
import type { Notice, ProductImage } from "./core/types";
import { sniffImage } from "./images.server";

export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
const FETCH_TIMEOUT_MS = 10_000;

/** An image that cannot be captioned, and why (said so that staff can act on it). */
export class ImageInputError extends Error {
  override name = "ImageInputError";
}

export interface ReadOptions {
  timeoutMs?: number;
  maxBytes?: number;
}

const tooLarge = (maxBytes: number) =>
  new ImageInputError(`is larger than ${maxBytes >= 1024 * 1024 ? `${Math.round(maxBytes / 1024 / 1024)} MB` : `${Math.ceil(maxBytes / 1024)} KB`}`);

/** Bytes of a response body, stopping (and failing) past `maxBytes`. */
async function limitedBody(response: Response, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(response.headers.get("content-length"));
  if (declared > maxBytes) throw tooLarge(maxBytes);
  if (!response.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > maxBytes) throw tooLarge(maxBytes);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

async function fetchImage(url: string, options: ReadOptions, maxBytes: number): Promise<Uint8Array> {
  const timeoutMs = options.timeoutMs ?? FETCH_TIMEOUT_MS;
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: "follow" });
  } catch (error) {
    const name = (error as Error).name;
    if (name === "TimeoutError" || name === "AbortError") throw new ImageInputError(`did not answer within ${timeoutMs / 1000} s`);
    throw new ImageInputError(`could not be fetched (${(error as Error).message})`);
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => {});
    throw new ImageInputError(response.status === 404 ? "was not found (HTTP 404)" : `could not be loaded (HTTP ${response.status})`);
  }
  try {
    return await limitedBody(response, maxBytes);
  } catch (error) {
    if (error instanceof ImageInputError) throw error;
    throw new ImageInputError(`stopped loading (${(error as Error).message})`);
  }
}

function decodeBase64(text: string): Uint8Array {
  const compact = text.replace(/\s+/g, "");
  if (!compact || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(compact)) throw new ImageInputError("is not valid base64");
  return Buffer.from(compact, compact.includes("-") || compact.includes("_") ? "base64url" : "base64");
}

async function readPath(file: string, maxBytes: number): Promise<Uint8Array> {
  let size: number;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new ImageInputError(`is not a file (${file})`);
    size = info.size;
  } catch (error) {
    if (error instanceof ImageInputError) throw error;
    throw new ImageInputError(`was not found (${file})`);
  }
  if (size > maxBytes) throw tooLarge(maxBytes);
  return readFile(file);
}

/** The bytes of an image given as a URL, a path, a data: URL or base64. Throws ImageInputError. */
export async function readImageBytes(source: string, options: ReadOptions = {}): Promise<Uint8Array> {
  const maxBytes = options.maxBytes ?? MAX_IMAGE_BYTES;
  const input = source.trim();
  if (!input) throw new ImageInputError("is empty");
  let bytes: Uint8Array;
  if (/^https?:\/\//i.test(input)) bytes = await fetchImage(input, options, maxBytes);
  else if (/^data:/i.test(input)) {
    const match = /^data:([^;,]*)(;base64)?,(.*)$/is.exec(input);
    if (!match) throw new ImageInputError("is not a valid data: URL");
    bytes = match[2] ? decodeBase64(match[3]) : Buffer.from(decodeURIComponent(match[3]), "latin1");
  } else if (/^file:/i.test(input)) bytes = await readPath(fileURLToPath(input), maxBytes);
  else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(input)) throw new ImageInputError(`uses an unsupported address (${input.split(":")[0]}:)`);
  else if (input.length > 64 && /^[A-Za-z0-9+/=\s_-]+$/.test(input) && !existsSync(input)) bytes = decodeBase64(input);
  else bytes = await readPath(path.resolve(input), maxBytes);
  if (bytes.byteLength > maxBytes) throw tooLarge(maxBytes);
  if (!sniffImage(bytes)) throw new ImageInputError("is not a JPEG, PNG, GIF or WebP image");
  return bytes;
}

// ---- the model --------------------------------------------------------------

/** The captioning model folder in use, or null when there is none. */
export function captioningModelDir(): string | null {
  return localModelDir("captioning");
}

type RawImageClass = (typeof import("@huggingface/transformers"))["RawImage"];
interface Captioner {
  name: string;
  RawImage: RawImageClass;
  run: (image: InstanceType<RawImageClass>, options: { max_new_tokens: number }) => Promise<unknown>;
}

const loaded = new Map<string, Promise<Captioner>>();

/** Loads (once per folder) the image-to-text model in `dir`. Throws LocalModelError with the reason when it cannot. */
export function loadCaptioner(dir: string): Promise<Captioner> {
  const key = path.resolve(dir);
  let captioner = loaded.get(key);
  if (!captioner) {
    captioner = (async () => {
      const dtype = onnxDtype(key, ["encoder_model", "decoder_model_merged"]);
      const { pipeline, RawImage } = await localTransformers(key);
      try {
        const run = (await pipeline("image-to-text", path.basename(key), { dtype })) as unknown as Captioner["run"];
        return { name: path.basename(key), RawImage, run };
      } catch (error) {
        throw new LocalModelError(`The captioning model in ${key} failed to load: ${(error as Error).message}`);
      }
    })();
    loaded.set(key, captioner);
    captioner.catch(() => loaded.delete(key));
  }
  return captioner;
}

/** A caption as one plain phrase: whitespace collapsed, no "a picture of" lead-in, no trailing full stop. */
export function cleanCaption(text: string): string {
  return text
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^(there is|this is)\s+/i, "")
    .replace(/^(an?\s+)?(close-up\s+)?(picture|photo|photograph|image)\s+of\s+/i, "")
    .replace(/\s+([.,!?;:])/g, "$1")
    .replace(/[.\s]+$/, "");
}

/** One image's caption, or why there is none. Never throws. */
export async function captionImage(
  dir: string,
  source: string,
  options: ReadOptions & { maxNewTokens?: number } = {},
): Promise<{ ok: true; caption: string } | { ok: false; reason: string }> {
  let captioner: Captioner;
  try {
    captioner = await loadCaptioner(dir);
  } catch (error) {
    return { ok: false, reason: `the captioning model cannot be used: ${(error as Error).message}` };
  }
  let image: InstanceType<RawImageClass>;
  try {
    const bytes = await readImageBytes(source, options);
    try {
      image = await captioner.RawImage.fromBlob(new Blob([bytes as Uint8Array<ArrayBuffer>]));
    } catch {
      throw new ImageInputError("could not be decoded (a damaged or unsupported image)");
    }
  } catch (error) {
    if (error instanceof ImageInputError) return { ok: false, reason: `the image ${error.message}` };
    return { ok: false, reason: `the image could not be read (${(error as Error).message})` };
  }
  try {
    const out = (await captioner.run(image, { max_new_tokens: options.maxNewTokens ?? 30 })) as { generated_text: string }[];
    const caption = cleanCaption(out[0]?.generated_text ?? "");
    return caption ? { ok: true, caption } : { ok: false, reason: "the captioning model said nothing about the image" };
  } catch (error) {
    return { ok: false, reason: `the captioning model failed on the image (${(error as Error).message})` };
  }
}

/**
 * The source of a product image: its base64 bytes as a data: URL, else its
 * http(s) URL. A product's image URL never names a file on this machine.
 */
function sourceOf(image: ProductImage): { source: string } | { reason: string } {
  if (image.base64) return { source: `data:${image.base64.mediaType};base64,${image.base64.data}` };
  if (!image.url) return { reason: "the image has no URL" };
  if (!/^https?:\/\//i.test(image.url.trim())) return { reason: "the image's URL is not an http(s) address" };
  return { source: image.url };
}

/**
 * Captions of a product's images (by media id) when a captioning model is
 * present; an empty map and no notices when there is none. Images that cannot
 * be captioned get a notice each.
 */
export async function captionProductImages(images: ProductImage[], max = 10): Promise<{ captions: Map<string, string>; notices: Notice[] }> {
  const captions = new Map<string, string>();
  const notices: Notice[] = [];
  const dir = captioningModelDir();
  if (!dir || !images.length) return { captions, notices };
  for (const [index, image] of images.slice(0, max).entries()) {
    const from = sourceOf(image);
    const result = "source" in from ? await captionImage(dir, from.source) : { ok: false as const, reason: from.reason };
    if (result.ok) captions.set(image.mediaShopifyId, result.caption);
    else
      notices.push({
        code: "caption_unavailable",
        message: `Image ${index + 1} was not captioned: ${result.reason}. Its alt text was written from the product's data only.`,
      });
    if (!result.ok && result.reason.startsWith("the captioning model cannot be used")) break;
  }
  return { captions, notices };
}
