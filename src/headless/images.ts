import { readFile } from "node:fs/promises";
import path from "node:path";
import { UserError, unreadableReason } from "../util/errors.js";

const MIME: Record<string, string> = {
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
};

/** Reads an image file (`-i/--image`) as a data: URL, the form the Responses API takes. */
export async function imageDataUrl(file: string): Promise<string> {
  const mime = MIME[path.extname(file).toLowerCase()];
  if (!mime) throw new UserError(`--image ${file}: expected a .png, .jpg, .jpeg, .gif or .webp file`);
  try {
    return `data:${mime};base64,${(await readFile(file)).toString("base64")}`;
  } catch (err) {
    throw new UserError(`--image ${file}: ${unreadableReason(err)}`);
  }
}
