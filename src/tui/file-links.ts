// Upstream's `file_opener`: a model's link to a local file opens in the editor. The address is
// built here from the file's absolute path (never the model's own URL): `<scheme>://file<path>`,
// with `:<line>` (and `:<column>`) when the link names them (`src/app.ts:12`, `#L12`).
import path from "node:path";
import type { FileOpener } from "../config/schema.js";

export interface FileLinks {
  /** The editor's URI scheme (`vscode`, `cursor`, …). */
  scheme: Exclude<FileOpener, "none">;
  /** Relative links are resolved against the session's folder. */
  cwd: string;
}

/** The editor link for a markdown link's address, or null when it does not name a local file. */
export function editorLink(href: string, links: FileLinks): string | null {
  let target = href.trim();
  if (target.startsWith("file://")) target = decodeURIComponent(target.slice("file://".length));
  else if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith("#") || target.startsWith("//")) return null;
  const anchor = /#L(\d+)(?:C(\d+))?(?:-L?\d+)?$/.exec(target);
  let position = "";
  if (anchor) {
    position = `:${anchor[1]}${anchor[2] ? `:${anchor[2]}` : ""}`;
    target = target.slice(0, anchor.index);
  } else {
    const suffix = /:(\d+)(?::(\d+))?$/.exec(target);
    if (suffix) {
      position = `:${suffix[1]}${suffix[2] ? `:${suffix[2]}` : ""}`;
      target = target.slice(0, suffix.index);
    }
  }
  if (!target || /\s/.test(target)) return null;
  const absolute = path.resolve(links.cwd, target);
  return `${links.scheme}://file${encodeURI(absolute)}${position}`;
}

export function fileLinksFor(opener: FileOpener, cwd: string): FileLinks | null {
  return opener === "none" ? null : { scheme: opener, cwd };
}
