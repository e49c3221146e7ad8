// Images attached to the next message in the UI, as upstream's composer attaches them: `-i` files,
// and a pasted (or dropped) path to an image file, which becomes an `[Image #N]` label in the
// text. Each is read when its message is sent; one that cannot be read is named, not sent.
import { closeSync, openSync, readSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { imageSize } from "../util/prompt-image.js";

interface Attachment {
  label: string;
  path: string;
  /** The path as the user gave it (upstream's image tag names it so). */
  given: string;
  /** `-i`: sent with the next message whatever its text; a paste only while its label is in the text. */
  always: boolean;
}

export class ImageAttachments {
  #pending: Attachment[] = [];

  /** `-i` files: sent with the next message. */
  attachFiles(files: readonly string[], cwd: string): void {
    for (const file of files) this.#add(path.resolve(cwd, file), file, true);
  }

  /** The label a pasted image path is replaced with, or null when the paste is not one (it stays text). */
  attachPasted(pasted: string, cwd: string): string | null {
    const file = pastedImagePath(pasted, cwd);
    return file ? this.#add(file, file, false) : null;
  }

  /** The images `text` sends (data: URLs), the labels of `-i` ones, and a line for each that could not be read. */
  async take(text: string): Promise<{ images: string[]; paths: string[]; labels: string[]; failures: string[] }> {
    const taken = this.#pending.filter((a) => a.always || text.includes(a.label));
    this.#pending = this.#pending.filter((a) => !taken.includes(a));
    const { dataUrl, readPromptImage } = await import("../util/prompt-image.js");
    const images: string[] = [];
    const paths: string[] = [];
    const labels: string[] = [];
    const failures: string[] = [];
    for (const attachment of taken) {
      try {
        images.push(dataUrl(await readPromptImage(attachment.path)));
        paths.push(attachment.given);
        if (attachment.always) labels.push(attachment.label);
      } catch (err) {
        failures.push(`${attachment.path}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    return { images, paths, labels, failures };
  }

  #add(file: string, given: string, always: boolean): string {
    const label = `[Image #${this.#pending.length + 1}]`;
    this.#pending.push({ label, path: file, given, always });
    return label;
  }
}

/**
 * The image file a paste names (a terminal's drag and drop): a path, quoted, shell-escaped
 * (`\ `), `~/…` or a `file://` URL, to an existing PNG, JPEG, GIF or WebP file.
 */
export function pastedImagePath(pasted: string, cwd: string): string | null {
  let text = pasted.trim();
  if (text === "" || text.includes("\n")) return null;
  if (/^(['"]).*\1$/.test(text)) text = text.slice(1, -1);
  else text = text.replace(/\\(.)/g, "$1");
  if (text.startsWith("file://")) {
    try {
      text = fileURLToPath(text);
    } catch {
      return null;
    }
  }
  if (text === "~" || text.startsWith("~/")) text = path.join(os.homedir(), text.slice(1));
  const file = path.resolve(cwd, text);
  try {
    if (!statSync(file).isFile()) return null;
    const fd = openSync(file, "r");
    try {
      const head = Buffer.alloc(256 * 1024);
      return imageSize(head.subarray(0, readSync(fd, head, 0, head.length, 0))) ? file : null;
    } finally {
      closeSync(fd);
    }
  } catch {
    return null;
  }
}
