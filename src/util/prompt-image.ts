// Local images for the model (view_image, `-i`), as upstream prepares them: at most 50 MiB, a
// PNG, JPEG, GIF or WebP recognised by its bytes (not its name), sent as a base64 data: URL.
import { open } from "node:fs/promises";
import { constants } from "node:fs";

/** Upstream's limit on an image file added to a prompt. */
export const MAX_PROMPT_IMAGE_BYTES = 50 * 1024 * 1024;
/** Upstream resizes larger images to fit this many pixels on each side. */
export const MAX_IMAGE_DIMENSION = 2048;

export type ImageMime = "image/png" | "image/jpeg" | "image/gif" | "image/webp";

export interface PromptImage {
  mime: ImageMime;
  width: number;
  height: number;
  bytes: Buffer;
}

export class ImageError extends Error {}

/**
 * Reads a regular file (opened without blocking, so a FIFO cannot hang us) of at most
 * MAX_PROMPT_IMAGE_BYTES and recognises it as an image. A PNG larger than
 * MAX_IMAGE_DIMENSION on a side is scaled down to fit unless `original` (view_image's
 * `detail = "original"`), as upstream does; other formats are sent as they are.
 */
export async function readPromptImage(file: string, options: { original?: boolean } = {}): Promise<PromptImage> {
  const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new ImageError("not a regular file");
    if (stat.size > MAX_PROMPT_IMAGE_BYTES)
      throw new ImageError(`image exceeds the ${MAX_PROMPT_IMAGE_BYTES}-byte limit`);
    const bytes = await handle.readFile();
    if (bytes.length > MAX_PROMPT_IMAGE_BYTES)
      throw new ImageError(`image exceeds the ${MAX_PROMPT_IMAGE_BYTES}-byte limit`);
    const image = promptImage(bytes);
    if (options.original || image.mime !== "image/png") return image;
    if (image.width <= MAX_IMAGE_DIMENSION && image.height <= MAX_IMAGE_DIMENSION) return image;
    const { shrinkPng } = await import("./png-resize.js");
    const shrunk = shrinkPng(image.bytes, MAX_IMAGE_DIMENSION);
    return shrunk ? { mime: "image/png", ...shrunk } : image;
  } finally {
    await handle.close();
  }
}

/** The image in `bytes`, or an ImageError naming what it is not. */
export function promptImage(bytes: Buffer): PromptImage {
  const size = imageSize(bytes);
  if (!size) throw new ImageError("not a PNG, JPEG, GIF or WebP image");
  return { ...size, bytes };
}

export function dataUrl(image: Pick<PromptImage, "mime" | "bytes">): string {
  return `data:${image.mime};base64,${image.bytes.toString("base64")}`;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The format and pixel size read from an image's header; null for anything else (or a truncated header). */
export function imageSize(b: Buffer): { mime: ImageMime; width: number; height: number } | null {
  if (b.length >= 24 && b.subarray(0, 8).equals(PNG_SIGNATURE) && b.toString("latin1", 12, 16) === "IHDR")
    return { mime: "image/png", width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
  if (b.length >= 10 && (b.toString("latin1", 0, 6) === "GIF87a" || b.toString("latin1", 0, 6) === "GIF89a"))
    return { mime: "image/gif", width: b.readUInt16LE(6), height: b.readUInt16LE(8) };
  if (b.length >= 30 && b.toString("latin1", 0, 4) === "RIFF" && b.toString("latin1", 8, 12) === "WEBP")
    return webpSize(b);
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8) return jpegSize(b);
  return null;
}

function webpSize(b: Buffer): { mime: ImageMime; width: number; height: number } | null {
  const chunk = b.toString("latin1", 12, 16);
  const mime = "image/webp" as const;
  if (chunk === "VP8 ") return { mime, width: b.readUInt16LE(26) & 0x3fff, height: b.readUInt16LE(28) & 0x3fff };
  if (chunk === "VP8L") {
    const bits = b.readUInt32LE(21);
    return { mime, width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (chunk === "VP8X") return { mime, width: b.readUIntLE(24, 3) + 1, height: b.readUIntLE(27, 3) + 1 };
  return null;
}

/** A JPEG's size from its first start-of-frame marker (SOF0–SOF15, less DHT, JPG and DAC). */
function jpegSize(b: Buffer): { mime: ImageMime; width: number; height: number } | null {
  let at = 2;
  while (at + 9 <= b.length) {
    if (b[at] !== 0xff) return null;
    const marker = b[at + 1] ?? 0;
    if (marker === 0xff) {
      at += 1;
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2;
      continue;
    }
    const length = b.readUInt16BE(at + 2);
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc)
      return { mime: "image/jpeg", width: b.readUInt16BE(at + 7), height: b.readUInt16BE(at + 5) };
    at += 2 + length;
  }
  return null;
}
