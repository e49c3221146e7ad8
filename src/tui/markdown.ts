import { Marked, type Tokens } from "marked";
import { markedTerminal } from "marked-terminal";

const renderer = new Marked();
renderer.use(markedTerminal({ reflowText: false, tab: 2 }) as never);
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
    return (renderer.parse(text) as string).replace(/\n+$/, "");
  } catch {
    return text;
  }
}
