// Product images fetched for the model (alt text is written from what the
// image shows). An image that cannot be fetched (404, not an image, too big,
// too slow) is left out with a notice; its alt text is then written from the
// product's data.

import type { Notice, ProductImage } from "./core/types";

const MAX_BYTES = 5 * 1024 * 1024; // Anthropic's limit per image
const TIMEOUT_MS = 10_000;
type ImageType = "image/jpeg" | "image/png" | "image/gif" | "image/webp";

export interface LoadedImage {
  mediaShopifyId: string;
  mediaType: ImageType;
  data: string;
}

/** The image type of the bytes, from their signature, or null when they are none of the four. */
export function sniffImage(bytes: Uint8Array): ImageType | null {
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return "image/jpeg";
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return "image/png";
  if (bytes[0] === 0x47 && bytes[1] === 0x49 && bytes[2] === 0x46) return "image/gif";
  if (bytes[8] === 0x57 && bytes[9] === 0x45 && bytes[10] === 0x42 && bytes[11] === 0x50) return "image/webp";
  return null;
}

export async function loadImages(images: ProductImage[], max = 10): Promise<{ loaded: LoadedImage[]; notices: Notice[] }> {
  const loaded: LoadedImage[] = [];
  const notices: Notice[] = [];
  const results = await Promise.all(
    images.slice(0, max).map(async (image, index): Promise<LoadedImage | Notice> => {
      const which = `Image ${index + 1}`;
      if (image.base64) return { mediaShopifyId: image.mediaShopifyId, mediaType: image.base64.mediaType, data: image.base64.data };
      if (!image.url) return { code: "image_unavailable", message: `${which} has no URL; its alt text was written from the product's data only.` };
      try {
        const response = await fetch(image.url, { signal: AbortSignal.timeout(TIMEOUT_MS), redirect: "follow" });
        if (!response.ok) {
          return {
            code: "image_unavailable",
            message: `${which} could not be loaded (HTTP ${response.status}); its alt text was written from the product's data only.`,
          };
        }
        const bytes = new Uint8Array(await response.arrayBuffer());
        if (bytes.byteLength > MAX_BYTES)
          return { code: "image_unavailable", message: `${which} is larger than 5 MB; its alt text was written from the product's data only.` };
        const type = sniffImage(bytes);
        if (!type)
          return {
            code: "image_unavailable",
            message: `${which} is not a JPEG, PNG, GIF or WebP image; its alt text was written from the product's data only.`,
          };
        return { mediaShopifyId: image.mediaShopifyId, mediaType: type, data: Buffer.from(bytes).toString("base64") };
      } catch {
        return { code: "image_unavailable", message: `${which} did not answer in time; its alt text was written from the product's data only.` };
      }
    }),
  );
  for (const r of results) {
    if ("data" in r) loaded.push(r);
    else notices.push(r);
  }
  if (images.length > max)
    notices.push({
      code: "many_images",
      message: `Only the first ${max} images were shown to the model; the others' alt text was written from the product's data.`,
    });
  return { loaded, notices };
}
