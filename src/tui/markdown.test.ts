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
