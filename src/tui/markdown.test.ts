import ansiRegex from "ansi-regex";
import { describe, expect, it, vi } from "vitest";

// marked-terminal decides once, as it loads, whether the terminal supports hyperlinks.
vi.hoisted(() => {
  process.env.FORCE_HYPERLINK = "1";
});

const { renderMarkdown } = await import("./markdown.js");

describe("renderMarkdown", () => {
  it("shows a link's text and address, never an OSC 8 hyperlink whose text could hide where it goes", () => {
    const out = renderMarkdown("see [the docs](https://evil.example/x) or <https://a.example>");
    expect(out).not.toContain("\u001b]");
    expect(out).toContain("the docs (https://evil.example/x)");
    expect(out).toContain("https://a.example");
  });
});

const plain = (text: string) => text.replace(ansiRegex(), "");
const lines = (md: string, width = 80) => plain(renderMarkdown(md, width)).split("\n");

describe("renderMarkdown at a terminal's width", () => {
  it("renders inline code in list items without its backticks, nested lists under their item", () => {
    const out = lines("- run `npm test` first\n- then **ship**\n  - nested `x`\n    - deeper\n1. one\n2. two");
    expect(out.slice(0, 4)).toEqual(["- run npm test first", "- then ship", "  - nested x", "    - deeper"]);
    expect(out.join("\n")).not.toContain("`");
    expect(out).toContain("1. one");
  });

  it("marks every line of a blockquote with '> ', wrapped lines included", () => {
    const out = lines(`> ${"quoted words ".repeat(12).trim()}\n> second line`, 40);
    expect(out.length).toBeGreaterThan(3);
    for (const line of out) expect(line).toMatch(/^> \S/);
  });

  it("never starts a wrapped line with a space; list items wrap under their text", () => {
    const para = lines(`${"word ".repeat(40)}`, 30);
    for (const line of para) expect(line).toMatch(/^\S/);
    const item = lines(`- ${"item text ".repeat(20)}`, 30);
    expect(item[0]).toMatch(/^- item/);
    for (const line of item.slice(1)) expect(line).toMatch(/^ {2}\S/);
    for (const line of [...para, ...item]) expect(line.length).toBeLessThanOrEqual(30);
  });

  it("fits tables and code blocks with long lines into 80 columns, borders whole", () => {
    const table = lines(
      `| name | description |\n|---|---|\n| \`alpha\` | ${"a long description of the first row ".repeat(4)}|\n| beta | short |`,
    );
    for (const line of table) expect(line.length).toBeLessThanOrEqual(80);
    expect(table[0]).toMatch(/^┌─+┬─+┐$/);
    expect(table.at(-1)).toMatch(/^└─+┴─+┘$/);
    expect(table.join("\n")).toContain("│ alpha");
    const code = lines(`\`\`\`js\nconst x = "${"y".repeat(150)}";\n\`\`\``);
    for (const line of code) expect(line.length).toBeLessThanOrEqual(80);
    expect(code.join("").replace(/\s/g, "")).toContain("y".repeat(150));
  });
});
