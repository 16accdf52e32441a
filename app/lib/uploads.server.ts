import { randomUUID } from "node:crypto";
import os from "node:os";
import path from "node:path";
import {
  MaxPartSizeExceededError,
  NodeOnDiskFile,
  unstable_composeUploadHandlers,
  unstable_createFileUploadHandler,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";
import { RequestError } from "./errors.server";

const UPLOAD_DIR = path.join(os.tmpdir(), "aisle-uploads");

/**
 * Parses a multipart form whose `fileField` may be large: that part streams
 * to a temporary file (at most `maxFileBytes`; remove() it when done), every
 * other part (fields, small samples) stays in memory up to `maxFieldBytes`.
 * Too large a part is a 413 RequestError whose message `tooLarge` gives.
 */
export async function parseUpload(
  request: Request,
  options: { fileField: string; maxFileBytes: number; maxFieldBytes: number; tooLarge: string },
): Promise<{ form: FormData; file: NodeOnDiskFile | null; fileName: string | null }> {
  let fileName: string | null = null;
  const handler = unstable_composeUploadHandlers(
    unstable_createFileUploadHandler({
      directory: UPLOAD_DIR,
      maxPartSize: options.maxFileBytes,
      filter: ({ name }) => name === options.fileField,
      // The upload's own name stays out of the path; the merchant's name is kept for the report.
      file: ({ filename }) => {
        fileName = filename || null;
        return `${randomUUID()}.upload`;
      },
    }),
    unstable_createMemoryUploadHandler({ maxPartSize: options.maxFieldBytes }),
  );
  try {
    const form = await unstable_parseMultipartFormData(request, handler);
    const file = form.get(options.fileField);
    return { form, file: file instanceof NodeOnDiskFile ? file : null, fileName };
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) {
      throw new RequestError(413, error.field === options.fileField ? options.tooLarge : `The form field "${error.field}" is too large.`);
    }
    throw error;
  }
}
