// A scripted coding session shared by the exec e2e tests: list files, plan, fix a bug with
// apply_patch (through the shell, as a model without an apply_patch tool does), run the tests,
// finish the plan, answer. The plan needs update_plan, which only `SCENARIO_TOML` offers.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { scratchDir } from "../support/scratch.js";
import type { FakeStep } from "../fixtures/fake-model-server.js";

/** The model's update_plan call for the two steps of the scenario. */
const plan = (fix: string, tests: string) => ({
  function_call: {
    name: "update_plan",
    arguments: {
      plan: [
        { step: "Fix add()", status: fix },
        { step: "Run tests", status: tests },
      ],
    },
  },
});

export const FIX_PATCH = `*** Begin Patch
*** Update File: math.js
@@
 export function add(a, b) {
-  return a - b;
+  return a + b;
 }
*** End Patch`;

/** The config the scenario needs besides the provider: update_plan offered (upstream 0.171 offers it only so). */
export const SCENARIO_TOML = "[tools.update_plan]\nenabled = true\n";

export function fixScript(): FakeStep[] {
  const usage = (input: number) => ({
    input_tokens: input,
    cached_tokens: 100,
    output_tokens: 40,
    reasoning_tokens: 10,
  });
  return [
    { reasoning: "Look at the files first.", shell: ["bash", "-lc", "ls"], usage: usage(1000) },
    { ...plan("in_progress", "pending"), usage: usage(1100) },
    { shell: ["bash", "-lc", `apply_patch <<'EOF'\n${FIX_PATCH}\nEOF\n`], usage: usage(1200) },
    { shell: ["bash", "-lc", "node test.js"], usage: usage(1300) },
    { ...plan("completed", "completed"), usage: usage(1400) },
    { text: "Fixed add() in math.js; node test.js passes.", usage: usage(1500) },
  ];
}

/** A git repository with a failing test, outside /tmp (workspace-write makes /tmp writable). */
export function makeRepo(): string {
  const base = scratchDir("e2e-");
  const repo = path.join(base, "repo");
  mkdirSync(repo);
  writeFileSync(path.join(repo, "math.js"), "export function add(a, b) {\n  return a - b;\n}\n");
  writeFileSync(
    path.join(repo, "test.js"),
    'import { add } from "./math.js";\nif (add(2, 3) !== 5) { console.error("FAIL add(2, 3) =", add(2, 3)); process.exit(1); }\nconsole.log("ok");\n',
  );
  writeFileSync(path.join(repo, "package.json"), '{"type":"module"}\n');
  execFileSync("git", ["init", "-q"], { cwd: repo });
  return repo;
}
