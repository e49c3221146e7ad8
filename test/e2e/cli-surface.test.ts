import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, tempHome } from "../support/cli.js";

const pkg = JSON.parse(readFileSync(path.resolve(import.meta.dirname, "../../package.json"), "utf8")) as {
  version: string;
};

describe("CLI surface", () => {
  it("--version prints our version and the Codex version we follow", async () => {
    const home = tempHome();
    for (const flag of ["--version", "-V"]) {
      const r = await runCli([flag], { home });
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`codex-litellm ${pkg.version} compatible with codex-cli 0.171.0\n`);
    }
    // Also when the fast path does not apply (another flag before it).
    const r = await runCli(["-c", "model=x", "--version"], { home });
    expect(r.stdout).toBe(`codex-litellm ${pkg.version} compatible with codex-cli 0.171.0\n`);
  });

  it("--help lists every command and global option", async () => {
    const r = await runCli(["--help"], { home: tempHome() });
    expect(r.code).toBe(0);
    for (const cmd of ["exec", "resume", "login", "logout", "telemetry", "doctor", "completion", "config", "mcp"]) {
      expect(r.stdout).toMatch(new RegExp(`^  ${cmd}\\b`, "m"));
    }
    for (const opt of [
      "-m, --model",
      "-p, --profile",
      "-c, --config",
      "-C, --cd",
      "-s, --sandbox",
      "-a, --ask-for-approval",
      "--full-auto",
      "--dangerously-bypass-approvals-and-sandbox",
      "--telemetry",
      "--no-telemetry",
      "--version",
    ]) {
      expect(r.stdout).toContain(opt);
    }
    const exec = await runCli(["exec", "--help"], { home: tempHome() });
    for (const opt of [
      "--json",
      "--output-last-message",
      "--output-schema",
      "--color",
      "--image",
      "--skip-git-repo-check",
      "--telemetry",
      "--no-telemetry",
      "resume",
    ]) {
      expect(exec.stdout).toContain(opt);
    }
  });

  it("bad flags exit 2 with one line naming the flag", async () => {
    const bad = await runCli(["-s", "everything"], { home: tempHome() });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--sandbox.*everything.*read-only, workspace-write, danger-full-access/);
    const unknown = await runCli(["--frobnicate"], { home: tempHome() });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("--frobnicate");
    const both = await runCli(["--full-auto", "--dangerously-bypass-approvals-and-sandbox", "config", "get", "model"], {
      home: tempHome(),
    });
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("cannot be used together");
  });

  it("completion scripts cover the real commands and parse in their shell", async () => {
    const home = tempHome();
    const bash = await runCli(["completion", "bash"], { home });
    expect(bash.code).toBe(0);
    expect(bash.stdout).toContain("complete -o default -F _codex_litellm codex-litellm");
    expect(bash.stdout).toContain('"exec resume"');
    expect(bash.stdout).toMatch(/"exec"\) words="[^"]*--skip-git-repo-check/);
    const file = path.join(home, "c.bash");
    writeFileSync(file, bash.stdout);
    expect(spawnSync("bash", ["-n", file]).status).toBe(0);
    // The generated function completes subcommands of `exec`.
    const probe = spawnSync(
      "bash",
      [
        "-c",
        `source ${file}; COMP_WORDS=(codex-litellm exec re); COMP_CWORD=2; _codex_litellm; echo "\${COMPREPLY[@]}"`,
      ],
      { encoding: "utf8" },
    );
    expect(probe.stdout.trim()).toBe("resume review");
    const fish = await runCli(["completion", "fish"], { home });
    expect(fish.stdout).toContain("complete -c codex-litellm -n '__fish_use_subcommand' -a 'exec'");
    const zsh = await runCli(["completion", "zsh"], { home });
    expect(zsh.stdout.startsWith("#compdef codex-litellm")).toBe(true);
    const bad = await runCli(["completion", "tcsh"], { home });
    expect(bad.code).toBe(2);
  });
});
