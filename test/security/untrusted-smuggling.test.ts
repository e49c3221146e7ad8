// Issue 29, item 2: under `-a untrusted` nothing that can write a file or run a program passes as
// "known safe" by smuggling an option into a safe-looking command (`sed -n 1p '-ew FILE'`, a
// `-e1e CMD` with a file named `1p` in the repo, find/rg/base64 options, wrappers, shell forms).
// Through the built CLI without a sandbox (danger-full-access), so a command that ran would
// leave its file: exec cannot ask, so each must come back declined and leave nothing.
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../support/cli.js";
import { cleanup, ENV, modelName, repo, responseItems, rollout, useFakeServer } from "../faults/support.js";

const fake = useFakeServer();

const declined =
  /^command not run: approval policy is untrusted and this is not a known read-only command; approval was declined$/;

async function untrustedOutputs(dir: string, commands: string[][]): Promise<string[]> {
  const model = modelName("smuggle");
  fake.server.setScript(model, [...commands.map((command) => ({ shell: command })), { text: "done" }]);
  const base = mkdtempSync(path.join(os.tmpdir(), "cl-smuggle-home-"));
  cleanup.push(base);
  writeFileSync(
    path.join(base, "config.toml"),
    `model = "${model}"\n[model_providers.litellm]\nbase_url = "${fake.server.url}"\n`,
  );
  const r = await runCli(["exec", "-a", "untrusted", "-s", "danger-full-access", "-C", dir, "go"], {
    home: base,
    env: ENV,
    timeoutMs: 60_000,
  });
  expect(r.code, r.stderr).toBe(0);
  return responseItems(rollout(base))
    .filter((i) => i.type === "function_call_output")
    .map((i) => String(i.output));
}

describe("item 2: -a untrusted asks before any smuggled write or exec", () => {
  it("sed -e w/e/W scripts, --expression=, find -fprint/-delete, rg --pre, base64 --out=, awk, wrappers and shell forms: declined, nothing written or run", async () => {
    const dir = repo();
    writeFileSync(path.join(dir, "1p"), "a file named like the sed script\n");
    writeFileSync(path.join(dir, "victim.txt"), "keep me\n");
    const pwned = (n: number) => path.join(dir, `pwned-${n}`);
    const attacks: string[][] = [
      ["sed", "-n", "1p", `-ew ${pwned(1)}`],
      ["sed", "-n", "1p", `-e1e touch ${pwned(2)}`],
      ["bash", "-lc", `sed -n 1p '-e1e touch ${pwned(3)}'`],
      ["sed", "-n", "1p", `--expression=w ${pwned(4)}`],
      ["bash", "-lc", `cat x 2>/dev/null; sed -n 1p '-e1W ${pwned(5)}'`],
      ["find", ".", "-maxdepth", "0", "-fprint", pwned(6)],
      ["find", ".", "-name", "victim.txt", "-delete"],
      ["find", ".", "-maxdepth", "0", "-exec", "touch", pwned(7), ";"],
      ["rg", "--pre", "touch", "keep", "."],
      ["base64", `--out=${pwned(8)}`, "victim.txt"],
      ["awk", `BEGIN{system("touch ${pwned(9)}")}`],
      ["env", "touch", pwned(10)],
      ["bash", "-lc", `echo touch ${pwned(11)} | xargs -I{} sh -c {}`],
      ["bash", "-lc", `timeout 5 touch ${pwned(12)}`],
      ["bash", "-lc", `ls\ntouch ${pwned(13)}`],
      ["bash", "-lc", `echo $(touch ${pwned(14)})`],
      ["bash", "-lc", `cat victim.txt > ${pwned(15)}`],
      ["git", "-c", `core.pager=touch ${pwned(16)}`, "-p", "log"],
    ];
    const outputs = await untrustedOutputs(dir, [...attacks, ["sed", "-n", "1p", "victim.txt"]]);
    expect(outputs).toHaveLength(attacks.length + 1);
    attacks.forEach((argv, i) => expect(outputs[i], JSON.stringify(argv)).toMatch(declined));
    const left = readdirSync(dir).filter((n) => n.startsWith("pwned"));
    expect(left, "files a smuggled option wrote").toEqual([]);
    expect(existsSync(path.join(dir, "victim.txt")), "find -delete ran").toBe(true);
    // The read-only form of the same command still runs without asking.
    expect(outputs[attacks.length]).toContain("keep me");
  });
});
