import { UserError, unreadableReason } from "../util/errors.js";

/**
 * Reads an image file given with `-i/--image` as a data: URL, as upstream attaches it: a PNG,
 * JPEG, GIF or WebP (recognised by its bytes) of at most 50 MiB.
 */
export async function imageDataUrl(file: string): Promise<string> {
  const { dataUrl, ImageError, readPromptImage } = await import("../util/prompt-image.js");
  try {
    return dataUrl(await readPromptImage(file));
  } catch (err) {
    if (err instanceof ImageError) throw new UserError(`--image ${file}: ${err.message}`);
    throw new UserError(`--image ${file}: ${unreadableReason(err)}`);
  }
}

/** `-i a.png,b.png -i c.png`: upstream's flag takes comma-separated lists too. */
export function imageFiles(values: readonly string[] | undefined): string[] {
  return (values ?? []).flatMap((value) => value.split(",")).filter((file) => file !== "");
}
