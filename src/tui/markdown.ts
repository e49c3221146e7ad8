import { Marked, type MarkedExtension, type Tokens } from "marked";
import { markedTerminal } from "marked-terminal";
import { editorLink, type FileLinks } from "./file-links.js";

const renderer = new Marked();
// eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion -- @types/marked-terminal (written for marked 11) calls the extension it returns a Renderer
renderer.use(markedTerminal({ reflowText: false, tab: 2 }) as MarkedExtension);
let fileLinks: FileLinks | null = null;
// A link shows its text and its address, never as an OSC 8 hyperlink to the model's address
// (marked-terminal's choice on terminals that support them), whose text could hide where it goes.
// A link to a local file (upstream's `file_opener`) is shown the same way, and is also an OSC 8
// hyperlink to the file in the editor (`vscode://file/<absolute path>:<line>`), as upstream's UI makes it.
renderer.use({
  renderer: {
    link({ href, tokens }: Tokens.Link) {
      const text = this.parser.parseInline(tokens);
      const shown = text && text !== href ? `${text} (${href})` : href;
      const target = fileLinks && editorLink(href, fileLinks);
      return target ? `\x1b]8;;${target}\x1b\\${shown}\x1b]8;;\x1b\\` : shown;
    },
  },
});

/** Markdown → ANSI text for the terminal (headings, emphasis, highlighted code blocks, file links). */
export function renderMarkdown(text: string, links: FileLinks | null = null): string {
  fileLinks = links;
  try {
    return renderer.parse(text, { async: false }).replace(/\n+$/, "");
  } catch {
    return text;
  }
}
