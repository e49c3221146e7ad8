import { Marked, type MarkedExtension, type Tokens } from "marked";
import { markedTerminal } from "marked-terminal";

const renderer = new Marked();
// eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion -- @types/marked-terminal (written for marked 11) calls the extension it returns a Renderer
renderer.use(markedTerminal({ reflowText: false, tab: 2 }) as MarkedExtension);
// A link shows its text and its address, never as an OSC 8 hyperlink (marked-terminal's choice
// on terminals that support them), whose text could hide where a model's link really goes.
renderer.use({
  renderer: {
    link({ href, tokens }: Tokens.Link) {
      const text = this.parser.parseInline(tokens);
      return text && text !== href ? `${text} (${href})` : href;
    },
  },
});

/** Markdown → ANSI text for the terminal (headings, emphasis, highlighted code blocks). */
export function renderMarkdown(text: string): string {
  try {
    return renderer.parse(text, { async: false }).replace(/\n+$/, "");
  } catch {
    return text;
  }
}
