import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { renderKeyReference } from "./key-reference.js";

const DOC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../docs/config.md");

describe("docs/config.md", () => {
  it("is the reference generated from the known-keys table", async () => {
    await expect(renderKeyReference()).toMatchFileSnapshot(DOC);
    expect(readFileSync(DOC, "utf8")).toContain("| `developer_instructions` | upstream | honoured |");
  });
});
