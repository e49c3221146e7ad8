// apply_patch against a sandboxed process that races it, run for real: the built CLI under
// bubblewrap, driven by the scripted fake model. A long-lived exec_command keeps swapping a
// workspace symlink between a folder inside the workspace and one outside it while the model
// sends many patches through that symlink. A patch checked while the link points inside must
// not land outside when the link has turned by the time it is written: nothing outside the
// writable roots may be created, overwritten or deleted. And a file hard-linked into the
// workspace from outside is never changed through the link.
import { linkSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { detectSandbox } from "../../src/tools/sandbox/detect.js";
import type { FakeStep } from "../fixtures/fake-model-server.js";
import { runCli } from "../support/cli.js";
import { ENV, home, modelName, repo, responseItems, rollout, useFakeServer } from "../faults/support.js";

const hasBwrap = detectSandbox().kind === "bwrap";
if (!hasBwrap) console.warn("apply_patch race tests skipped: no working bwrap sandbox");

const fake = useFakeServer();

/** A CODEX_HOME whose model is offered exec_command (the catalog's `unified_exec`). */
function unifiedExecHome(model: string): string {
  const codexHome = home(fake.server.url, model, `model_catalog_json = "catalog.json"`);
  const entry = {
    slug: model,
    context_window: 100_000,
    shell_type: "unified_exec",
    apply_patch_tool_type: "freeform",
    base_instructions: "Prompt.",
  };
  writeFileSync(path.join(codexHome, "catalog.json"), JSON.stringify({ models: [entry] }));
  return codexHome;
}

const patch = (input: string) => ({ name: "apply_patch", input });

/** Every file under `dir` with its content (names relative to `dir`). */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    out[path.relative(dir, full)] = readFileSync(full, "utf8");
  }
  return out;
}

const toolOutputs = (codexHome: string) =>
  responseItems(rollout(codexHome))
    .filter((i) => i.type === "function_call_output" || i.type === "custom_tool_call_output")
    .map((i) => String(i.output));

describe.skipIf(!hasBwrap)("apply_patch cannot be raced out of the workspace", () => {
  it.each(["never", "on-request"] as const)(
    "workspace-write, approval %s: a symlink swapped by a sandboxed process during 150 patches lets none of them create, overwrite or delete outside",
    async (approval) => {
      const dir = repo();
      const outside = path.join(path.dirname(dir), "outside");
      const inside = path.join(dir, "inside");
      mkdirSync(outside);
      mkdirSync(inside);
      const ROUNDS = 50;
      for (let i = 0; i < ROUNDS; i++) {
        for (const folder of [inside, outside]) {
          writeFileSync(path.join(folder, `upd-${i}.txt`), "old\n");
          writeFileSync(path.join(folder, `del-${i}.txt`), "keep\n");
        }
      }
      const outsideBefore = snapshot(outside);

      const swapper = `cd ${JSON.stringify(dir)} && echo swapping && while :; do ln -sfn inside .l && mv -T .l link; ln -sfn ${JSON.stringify(outside)} .l && mv -T .l link; done`;
      const calls = Array.from({ length: ROUNDS }, (_, i) => [
        patch(`*** Begin Patch\n*** Add File: link/new-${i}.txt\n+pwn\n*** End Patch`),
        patch(`*** Begin Patch\n*** Update File: link/upd-${i}.txt\n@@\n-old\n+pwn\n*** End Patch`),
        patch(`*** Begin Patch\n*** Delete File: link/del-${i}.txt\n*** End Patch`),
      ]).flat();
      const steps: FakeStep[] = [
        { function_call: { name: "exec_command", arguments: { cmd: swapper, yield_time_ms: 500 } } },
      ];
      for (let i = 0; i < calls.length; i += 25) steps.push({ custom_tool_call: calls.slice(i, i + 25) });
      const model = modelName("patch-race");
      fake.server.setScript(model, [...steps, { text: "done" }]);
      const codexHome = unifiedExecHome(model);
      const r = await runCli(["exec", "-s", "workspace-write", "-a", approval, "-C", dir, "go"], {
        home: codexHome,
        env: ENV,
        timeoutMs: 240_000,
      });
      expect(r.code, r.stderr).toBe(0);
      const outputs = toolOutputs(codexHome);
      expect(outputs[0]).toContain("swapping");
      expect(outputs, "one output per call").toHaveLength(calls.length + 1);

      // Nothing outside was created, overwritten or deleted.
      expect(snapshot(outside)).toEqual(outsideBefore);
      // The race was real: some patches did land inside, through the same link.
      const insideNow = snapshot(inside);
      const landed = Object.entries(insideNow).filter(([name, text]) => name.startsWith("new-") || text === "pwn\n");
      expect(landed.length, "patches applied inside the workspace").toBeGreaterThan(0);
    },
    300_000,
  );

  it("workspace-write: a file hard-linked into the workspace from outside is never changed through the link", async () => {
    const dir = repo();
    const outside = path.join(path.dirname(dir), "outside");
    mkdirSync(outside);
    writeFileSync(path.join(outside, "shared.txt"), "original\n");
    writeFileSync(path.join(outside, "gone.txt"), "stays\n");
    linkSync(path.join(outside, "shared.txt"), path.join(dir, "shared.txt"));
    linkSync(path.join(outside, "gone.txt"), path.join(dir, "gone.txt"));
    const model = modelName("patch-hardlink");
    fake.server.setScript(model, [
      {
        custom_tool_call: [
          patch("*** Begin Patch\n*** Update File: shared.txt\n@@\n-original\n+changed\n*** End Patch"),
          patch("*** Begin Patch\n*** Delete File: gone.txt\n*** End Patch"),
        ],
      },
      { text: "done" },
    ]);
    const codexHome = unifiedExecHome(model);
    const r = await runCli(["exec", "-s", "workspace-write", "-C", dir, "go"], {
      home: codexHome,
      env: ENV,
      timeoutMs: 60_000,
    });
    expect(r.code, r.stderr).toBe(0);
    const [updated, deleted] = toolOutputs(codexHome);
    expect(updated).toContain("Success. Updated the following files:\nM shared.txt");
    expect(deleted).toContain("Success. Updated the following files:\nD gone.txt");
    // The workspace's name now holds the new text; the outside name keeps the old file.
    expect(readFileSync(path.join(dir, "shared.txt"), "utf8")).toBe("changed\n");
    expect(readFileSync(path.join(outside, "shared.txt"), "utf8")).toBe("original\n");
    expect(readFileSync(path.join(outside, "gone.txt"), "utf8")).toBe("stays\n");
  });
});
