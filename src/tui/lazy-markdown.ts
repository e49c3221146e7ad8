// Markdown rendering (marked, marked-terminal and highlight.js: about half of the UI's code) is
// not needed for the first frame nor for a ready session. The host loads it once the session is
// ready (TuiHost.open; a resume before replaying its answers), before anything is sent, so no
// model message reaches the screen before it.
import type { FileLinks } from "./file-links.js";
import type { FinishedMarkdown } from "./markdown-stream.js";

type Render = (text: string, width?: number, links?: FileLinks | null) => string;

let loaded: Render | null = null;
let finished: ((text: string) => FinishedMarkdown | null) | null = null;
let fileLinks: FileLinks | null = null;

/** Where links to local files open (`file_opener`); null: they stay plain. */
export function setFileLinks(links: FileLinks | null): void {
  fileLinks = links;
}

export function markdownLoaded(): boolean {
  return loaded !== null;
}

export async function loadMarkdown(): Promise<void> {
  const markdown = await import("./markdown.js");
  loaded ??= markdown.renderMarkdown;
  finished ??= markdown.finishedPart;
}

/** The final prefix of a streaming answer (markdown-stream.ts); null before markdown has loaded. */
export function finishedMarkdownPart(text: string): FinishedMarkdown | null {
  return finished ? finished(text) : null;
}

/** Markdown → ANSI text once loaded; before that (never in the running UI) the text as it is. */
export function renderMarkdown(text: string, width?: number): string {
  return loaded ? loaded(text, width, fileLinks) : text;
}
