// The interactive UI loads its code as exec does (src/cli/launcher.ts): the CommonJS form of the
// bundle's chunks with V8's code cache, written under CODEX_HOME after the first start and used
// unchanged by the next (exec's side: test/e2e/exec-code-cache.test.ts).
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { hasTmux } from "../support/tmux.js";
import { useTuiHarness } from "../support/tui-harness.js";

const MODEL = "code-cache-model";
const tui = useTuiHarness({ apiKey: "sk-code-cache-123456", models: [MODEL] });

/** The cache files of the one build folder under CODEX_HOME/cache/code-cache, with their modification times. */
function cacheFiles(home: string): Map<string, number> {
  const base = path.join(home, "cache", "code-cache");
  const builds = readdirSync(base);
  expect(builds).toHaveLength(1);
  const dir = path.join(base, builds[0] ?? "");
  return new Map(readdirSync(dir).map((f) => [f, statSync(path.join(dir, f)).mtimeMs]));
}

describe.skipIf(!hasTmux)("the interactive UI's code cache", () => {
  it("is written after the first start, with the UI's chunks, and used unchanged by the next", async () => {
    const where = tui.setup(MODEL);
    const env = { CODEX_LITELLM_CODE_CACHE: "" }; // CODEX_HOME's, not the suite's shared folder
    const start = async () => {
      const term = tui.launch(where, { env });
      await term.waitFor(/context left/);
      await term.send("/quit", /\[exit 0\]/);
      term.kill();
    };
    await start();
    const first = cacheFiles(where.home);
    const names = [...first.keys()];
    for (const chunk of ["interactive", "run-tui"])
      expect(
        names.filter((n) => new RegExp(`^${chunk}-\\w+\\.v8$`).test(n)),
        chunk,
      ).toHaveLength(1);
    // Ink's chunk: the first frame's code, cached with the functions the start ran.
    expect(names.length).toBeGreaterThan(10);
    await start();
    const second = cacheFiles(where.home);
    for (const [name, mtime] of first) expect(second.get(name), name).toBe(mtime);
  });
});
