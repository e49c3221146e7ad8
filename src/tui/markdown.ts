import { Marked, type MarkedExtension, type Tokens } from "marked";
import { markedTerminal } from "marked-terminal";
import { editorLink, type FileLinks } from "./file-links.js";
import { fitToWidth, renderTable } from "./markdown-layout.js";
import { finishedMarkdown, type FinishedMarkdown } from "./markdown-stream.js";

const GREEN = (text: string) => `\u001b[32m${text}\u001b[39m`;

/** The width tables are fitted to during the current parse (marked's renderers take no argument for it). */
let tableWidth: number | undefined;

const renderer = new Marked();
// eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion -- @types/marked-terminal (written for marked 11) calls the extension it returns a Renderer
renderer.use(markedTerminal({ reflowText: false, tab: 2 }) as MarkedExtension);
let fileLinks: FileLinks | null = null;
renderer.use({
  renderer: {
    // A link shows its text and its address, never as an OSC 8 hyperlink (marked-terminal's choice
    // on terminals that support them), whose text could hide where a model's link really goes.
    link({ href, tokens }: Tokens.Link) {
      const text = this.parser.parseInline(tokens);
      const shown = text && text !== href ? `${text} (${href})` : href;
      const target = fileLinks && editorLink(href, fileLinks);
      return target ? `\x1b]8;;${target}\x1b\\${shown}\x1b]8;;\x1b\\` : shown;
    },
    // The text of a tight list item has inline tokens (`code`, **bold**) that marked-terminal
    // would print as written, backticks and all.
    text(token: Tokens.Text | Tokens.Escape) {
      return "tokens" in token && token.tokens ? this.parser.parseInline(token.tokens) : false;
    },
    // Upstream's quote: each line behind a "> " marker.
    blockquote({ tokens }: Tokens.Blockquote) {
      const body = this.parser.parse(tokens).replace(/\s+$/, "");
      return `${body
        .split("\n")
        .map((line) => GREEN(">") + (line ? ` ${line}` : ""))
        .join("\n")}\n\n`;
    },
    // Upstream's lists: "- " or "1. " markers, nested lists indented under their item's text
    // (marked-terminal's own put a nested list's items at its parent's depth).
    list({ items, ordered, start, loose }: Tokens.List) {
      const first = typeof start === "number" ? start : 1;
      const rendered = items.map((item, i) => {
        const marker = ordered ? `${first + i}. ` : "- ";
        const check = item.task ? (item.checked ? "[x] " : "[ ] ") : "";
        const body = item.tokens
          .map((t) => this.parser.parse([t], loose).replace(/\s+$/, ""))
          .filter(Boolean)
          .join(loose ? "\n\n" : "\n");
        const [head = "", ...rest] = body.split("\n");
        const indent = " ".repeat(marker.length);
        return [marker + check + head, ...rest.map((line) => (line ? indent + line : line))].join("\n");
      });
      return `${rendered.join(loose ? "\n\n" : "\n")}\n\n`;
    },
    table({ header, rows }: Tokens.Table) {
      const cell = (c: Tokens.TableCell) => this.parser.parseInline(c.tokens);
      return `${renderTable(
        header.map(cell),
        rows.map((r) => r.map(cell)),
        tableWidth,
      )}\n\n`;
    },
  },
});

/**
 * Markdown → ANSI text for the terminal (headings, emphasis, highlighted code blocks, file links);
 * with `width`, its lines fitted to that many columns.
 */
export function renderMarkdown(text: string, width?: number, links: FileLinks | null = null): string {
  fileLinks = links;
  try {
    tableWidth = width;
    const rendered = renderer.parse(text, { async: false }).replace(/\n+$/, "");
    return width ? fitToWidth(rendered, width) : rendered;
  } catch {
    return text;
  } finally {
    tableWidth = undefined;
  }
}

/** The final prefix of a streaming answer (markdown-stream.ts), lexed as `renderMarkdown` parses it. */
export const finishedPart = (text: string): FinishedMarkdown | null => finishedMarkdown(renderer, text);
