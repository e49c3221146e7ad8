// What the built dist/ carries (vitest's global setup rebuilds it when stale). A dependency
// bundled whole, when the code uses a corner of it, costs every command its load time.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO } from "./helpers.js";

const chunks = path.join(REPO, "dist", "chunks");

describe("dist/ bundle", () => {
  it("carries zod's English messages only, not its ~60 other locales", () => {
    const locales = new Set<string>();
    for (const name of readdirSync(chunks).filter((n) => n.endsWith(".js")))
      for (const m of readFileSync(path.join(chunks, name), "utf8").matchAll(/^\/\/ \S*zod\/v4\/locales\/(\S+)$/gm))
        locales.add(m[1] ?? "");
    expect([...locales]).toEqual(["en.js"]);
  });
});
