import { describe, expect, it } from "vitest";
import { promptInput } from "./prompt-content.js";

describe("promptInput", () => {
  it("mentions linked files by path, adds embedded files as context blocks, keeps images as data URLs", () => {
    const input = promptInput([
      { type: "text", text: "compare" },
      { type: "resource_link", uri: "file:///repo/a.ts", name: "a.ts" },
      { type: "text", text: "with" },
      { type: "resource", resource: { uri: "file:///repo/b%20c.ts", text: "export const b = 1;\n" } },
      { type: "image", mimeType: "image/png", data: "iVBORw0KGgo=" },
    ]);
    expect(input.text).toBe(
      'compare @/repo/a.ts with @/repo/b c.ts\n\n<context ref="/repo/b c.ts">\nexport const b = 1;\n</context>',
    );
    expect(input.images).toEqual(["data:image/png;base64,iVBORw0KGgo="]);
  });

  it("takes an embedded image blob as an image, and names audio it cannot hear", () => {
    const input = promptInput([
      { type: "resource", resource: { uri: "file:///shot.png", mimeType: "image/png", blob: "AAAA" } },
      { type: "audio", mimeType: "audio/wav", data: "UklGRg==" },
    ]);
    expect(input.images).toEqual(["data:image/png;base64,AAAA"]);
    expect(input.text).toContain("cannot hear audio");
  });
});
