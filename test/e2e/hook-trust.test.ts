// Upstream 0.171's hook trust through the built CLI: a config.toml hook runs only once trusted
// (`[hooks.state."<key>"] trusted_hash`, as the UI's review writes it); a changed hook needs trusting
// again; `--dangerously-bypass-hook-trust` runs enabled hooks with upstream's warning; `enabled = false`
// turns one hook off; exec names the hooks it skipped, once, on stderr.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ENV, home, modelName, useFakeServer } from "../faults/support.js";
import { runCli } from "../support/cli.js";
import { trustAllHooks } from "../support/hook-trust.js";
import { scratchDir } from "../support/scratch.js";

const fake = useFakeServer();

function markerHook(): { toml: string; marker: string } {
  const marker = path.join(scratchDir("hook-trust-"), "ran");
  const command = `touch '${marker}'`;
  return { toml: `[[hooks.Stop]]\nhooks = [{ type = "command", command = ${JSON.stringify(command)} }]\n`, marker };
}

async function exec(model: string, codexHome: string, args: string[] = []) {
  fake.server.setScript(model, [{ text: "done" }]);
  return runCli(["exec", "--skip-git-repo-check", ...args, "hi"], { home: codexHome, env: ENV, timeoutMs: 60_000 });
}

const REVIEW = "1 hook needs review before it can run.";

describe("hook trust", () => {
  it("an untrusted config.toml hook does not run; exec names it once on stderr and leaves the file alone", async () => {
    const model = modelName("trust-untrusted");
    const hook = markerHook();
    const codexHome = home(fake.server.url, model, hook.toml);
    const before = readFileSync(path.join(codexHome, "config.toml"), "utf8");
    const r = await exec(model, codexHome);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(hook.marker)).toBe(false);
    expect(r.stderr.split("\n").filter((l) => l.includes(REVIEW))).toHaveLength(1);
    expect(r.stderr).toContain("--dangerously-bypass-hook-trust");
    expect(readFileSync(path.join(codexHome, "config.toml"), "utf8")).toBe(before);
  });

  it("a trusted hook runs; once its command changes it needs trusting again", async () => {
    const model = modelName("trust-trusted");
    const hook = markerHook();
    const codexHome = home(fake.server.url, model, hook.toml);
    await trustAllHooks(codexHome);
    const file = path.join(codexHome, "config.toml");
    const saved = readFileSync(file, "utf8");
    expect(saved).toMatch(/\[hooks\.state\."[^"]+config\.toml:stop:0:0"\]\ntrusted_hash = "sha256:[0-9a-f]{64}"/);
    const r = await exec(model, codexHome);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(hook.marker)).toBe(true);
    expect(r.stderr).not.toContain("need");

    const changed = path.join(path.dirname(hook.marker), "changed");
    writeFileSync(file, saved.replace(`touch '${hook.marker}'`, `touch '${changed}'`));
    const again = await exec(model, codexHome);
    expect(again.code, again.stderr).toBe(0);
    expect(existsSync(changed)).toBe(false);
    expect(again.stderr).toContain(REVIEW);
  });

  it("--dangerously-bypass-hook-trust runs an untrusted hook, with upstream's warning", async () => {
    const model = modelName("trust-bypass");
    const hook = markerHook();
    const codexHome = home(fake.server.url, model, hook.toml);
    const r = await exec(model, codexHome, ["--dangerously-bypass-hook-trust"]);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(hook.marker)).toBe(true);
    expect(r.stderr).toContain(
      "`--dangerously-bypass-hook-trust` is enabled. Enabled hooks may run without review for this invocation.",
    );
  });

  it("enabled = false in [hooks.state] turns a hook off, even with the bypass flag", async () => {
    const model = modelName("trust-disabled");
    const hook = markerHook();
    const codexHome = home(fake.server.url, model, hook.toml);
    const file = path.join(codexHome, "config.toml");
    writeFileSync(
      file,
      `${readFileSync(file, "utf8")}\n[hooks.state.${JSON.stringify(`${file}:stop:0:0`)}]\nenabled = false\n`,
    );
    const r = await exec(model, codexHome, ["--dangerously-bypass-hook-trust"]);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(hook.marker)).toBe(false);
  });
});
