// The interactive UI loads its code as exec does (src/cli/launcher.ts): the CommonJS form of the
// bundle's chunks with V8's code cache, written under CODEX_HOME once the first start's session is
// ready and used unchanged by the next (exec's side: test/e2e/exec-code-cache.test.ts).
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { hasTmux } from "../support/tmux.js";
import { useTuiHarness } from "../support/tui-harness.js";
import { waitFor } from "../faults/support.js";

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
  it("is written once the session is ready, even for a terminal closed on it, and used unchanged by the next start", async () => {
    const where = tui.setup(MODEL);
    const env = { CODEX_LITELLM_CODE_CACHE: "" }; // CODEX_HOME's, not the suite's shared folder
    const first = tui.launch(where, { env });
    await first.waitFor(/context left/);
    const written = () => {
      try {
        return [...cacheFiles(where.home).keys()];
      } catch {
        return [];
      }
    };
    const has = (chunk: string) => written().some((n) => new RegExp(`^${chunk}-\\w+\\.v8$`).test(n));
    // The UI's own chunks, and what loads once the session is ready (the markdown renderer).
    await waitFor("the UI's code cache", () => ["interactive", "run-tui", "markdown"].every(has));
    first.kill(); // the terminal closed: no exit of ours runs
    const stored = cacheFiles(where.home);
    expect(stored.size).toBeGreaterThan(10);

    const second = tui.launch(where, { env });
    await second.waitFor(/context left/);
    await second.send("/quit", /\[exit 0\]/);
    const after = cacheFiles(where.home);
    for (const [name, mtime] of stored) expect(after.get(name), name).toBe(mtime);
  });
});
