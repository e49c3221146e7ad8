import { Marked } from "marked";
import { markedTerminal } from "marked-terminal";

const renderer = new Marked();
renderer.use(markedTerminal({ reflowText: false, tab: 2 }) as never);

/** Markdown → ANSI text for the terminal (headings, emphasis, highlighted code blocks). */
export function renderMarkdown(text: string): string {
  try {
    return (renderer.parse(text) as string).replace(/\n+$/, "");
  } catch {
    return text;
  }
}
