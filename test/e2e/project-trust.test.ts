// `[projects."<path>"].trust_level` through the built CLI, as upstream 0.171's exec reads it (exec
// never asks): with no sandbox_mode set, a trusted or untrusted folder is workspace-write and an
// undecided one read-only; a decision for the git repository's root covers its subfolders; a parent
// folder's does not; an explicit sandbox_mode wins. The turn_context recorded on disk says which.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cleanup, ENV, home, modelName, rollout, useFakeServer } from "../faults/support.js";
import { runCli } from "../support/cli.js";
import { makeRepo } from "./exec-scenario.js";

const fake = useFakeServer();

async function sandboxOf(projectsToml: (repo: string) => string, options: { cwd?: (repo: string) => string } = {}) {
  const model = modelName("trust");
  fake.server.setScript(model, [{ text: "ok" }]);
  const repo = makeRepo();
  cleanup.push(path.dirname(repo));
  const cwd = options.cwd?.(repo) ?? repo;
  mkdirSync(cwd, { recursive: true });
  const codexHome = home(fake.server.url, model, projectsToml(repo));
  const r = await runCli(["exec", "go"], { home: codexHome, cwd, env: ENV, timeoutMs: 60_000 });
  expect(r.code, r.stderr).toBe(0);
  const context = rollout(codexHome).find((record) => record.type === "turn_context")?.payload as {
    sandbox_policy: { type: string };
    approval_policy: string;
  };
  return { sandbox: context.sandbox_policy.type, approval: context.approval_policy, stderr: r.stderr };
}

const trusted = (folder: string, level = "trusted") =>
  `[projects.${JSON.stringify(folder)}]\ntrust_level = "${level}"\n`;

describe("project trust in exec", () => {
  it("an undecided folder is read-only; exec does not ask", async () => {
    const r = await sandboxOf(() => "");
    expect(r).toMatchObject({ sandbox: "read-only", approval: "never" });
    expect(r.stderr).not.toContain("Trust this folder");
  });

  it("a trusted folder is workspace-write", async () => {
    expect((await sandboxOf((repo) => trusted(repo))).sandbox).toBe("workspace-write");
  });

  it("an untrusted folder is workspace-write too, as upstream (its approvals differ in the UI)", async () => {
    expect((await sandboxOf((repo) => trusted(repo, "untrusted"))).sandbox).toBe("workspace-write");
  });

  it("the repository root's decision covers a subfolder; a parent folder's does not", async () => {
    const sub = (repo: string) => path.join(repo, "pkg", "lib");
    expect((await sandboxOf((repo) => trusted(repo), { cwd: sub })).sandbox).toBe("workspace-write");
    expect((await sandboxOf((repo) => trusted(path.dirname(repo)))).sandbox).toBe("read-only");
  });

  it("sandbox_mode in config.toml wins over the folder's trust", async () => {
    expect((await sandboxOf((repo) => `sandbox_mode = "read-only"\n${trusted(repo)}`)).sandbox).toBe("read-only");
  });

  it("a trust_level upstream does not know is refused in one line naming the key", async () => {
    const model = modelName("trust-bad");
    const repo = makeRepo();
    cleanup.push(path.dirname(repo));
    const codexHome = home(fake.server.url, model, trusted(repo, "maybe"));
    const r = await runCli(["exec", "go"], { home: codexHome, cwd: repo, env: ENV, timeoutMs: 60_000 });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain("trust_level");
  });
});
