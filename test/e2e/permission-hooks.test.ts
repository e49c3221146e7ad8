// Upstream's PermissionRequest hooks through the built CLI: when a command needs an approval, the
// hook answers before anyone is asked. `allow` runs it (even in exec, where nobody can be asked);
// `deny` (or exit 2) keeps it from running and the model reads the hook's message; a hook that
// decides nothing leaves the usual answer (exec declines). Matchers select by tool name.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ENV, home, useFakeServer } from "../faults/support.js";
import { runCli } from "../support/cli.js";
import { hookScript, hooksToml } from "../support/hook-script.js";
import { trustAllHooks } from "../support/hook-trust.js";
import { scratchDir } from "../support/scratch.js";

const fake = useFakeServer();

interface Body {
  input: { type?: string; output?: unknown }[];
}

/** exec with every command needing an approval (`untrusted`), no sandbox in the way of what is approved. */
async function exec(model: string, toml: string) {
  const codexHome = home(fake.server.url, model, toml);
  await trustAllHooks(codexHome);
  const args = ["exec", "--skip-git-repo-check", "-a", "untrusted", "-s", "danger-full-access", "go"];
  return runCli(args, { home: codexHome, cwd: codexHome, env: ENV, timeoutMs: 60_000 });
}

const toolOutputs = (model: string) =>
  (fake.server.requests(model).map((q) => q.body as Body)[1]?.input ?? [])
    .filter((i) => i.type === "function_call_output")
    .map((i) => String(i.output));

/** A model that runs `touch <marker>` once, then answers "ok": the marker shows whether the command ran. */
function touchingModel(prefix: string): { model: string; marker: string } {
  const marker = path.join(scratchDir(`${prefix}-`), "ran");
  const model = fake.scriptedModel(prefix, [{ shell: ["bash", "-lc", `touch '${marker}'`] }, { text: "ok" }]);
  return { model, marker };
}

const decision = (behavior: string, message?: string) =>
  `printf '%s' '${JSON.stringify({ hookSpecificOutput: { hookEventName: "PermissionRequest", decision: { behavior, ...(message && { message }) } } })}'`;

describe("PermissionRequest hooks", () => {
  it("a hook that allows approves the command (exec would decline it) and gets upstream's fields", async () => {
    const { model, marker } = touchingModel("perm-allow");
    const hook = hookScript(decision("allow"));
    const r = await exec(model, hooksToml("PermissionRequest", hook.command, "Bash"));
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(marker)).toBe(true);
    const input = JSON.parse(readFileSync(hook.stdinFile, "utf8")) as Record<string, unknown>;
    expect(input).toMatchObject({ hook_event_name: "PermissionRequest", tool_name: "Bash", model });
    expect(String((input.tool_input as { command: string }).command)).toContain(`touch '${marker}'`);
    for (const key of ["session_id", "turn_id", "cwd", "permission_mode"]) expect(typeof input[key]).toBe("string");
    expect(input).not.toHaveProperty("tool_use_id");
  });

  it("a hook that denies keeps the command from running and the model reads its message", async () => {
    const { model, marker } = touchingModel("perm-deny");
    const hook = hookScript(decision("deny", "not on this repo"));
    const r = await exec(model, hooksToml("PermissionRequest", hook.command));
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(marker)).toBe(false);
    // Upstream 0.171's refusal: exec_command words the hook's message as its process error.
    expect(toolOutputs(model)).toEqual([
      'exec_command failed: CreateProcess { message: "Rejected(\\"not on this repo\\")" }',
    ]);
    expect(r.stderr).toContain("not on this repo");
  });

  it("a hook that denies a patch keeps it from being written; the model reads the hook's message", async () => {
    const target = path.join(scratchDir("perm-patch-"), "outside.txt");
    const patch = `*** Begin Patch\n*** Add File: ${target}\n+hi\n*** End Patch\n`;
    const model = fake.scriptedModel("perm-patch", [{ shell: ["apply_patch", patch] }, { text: "ok" }]);
    const hook = hookScript(decision("deny", "patches need review"));
    const codexHome = home(fake.server.url, model, hooksToml("PermissionRequest", hook.command));
    await trustAllHooks(codexHome);
    // The one-shot shell tool, whose `["apply_patch", patch]` call is a patch.
    const args = ["exec", "--skip-git-repo-check", "-a", "on-request", "-s", "workspace-write"];
    args.push("-c", "features.unified_exec=false", "go");
    const r = await runCli(args, { home: codexHome, cwd: codexHome, env: ENV, timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(target)).toBe(false);
    expect(toolOutputs(model)).toEqual(["patches need review"]);
    expect(existsSync(hook.stdinFile)).toBe(true);
  });

  it("exit 2 denies with stderr; any deny wins over an allow; a hook matching another tool does not run", async () => {
    const { model, marker } = touchingModel("perm-exit2");
    const allow = hookScript(decision("allow"));
    const deny = hookScript("echo 'ask the owner' >&2; exit 2");
    const other = hookScript(decision("allow"));
    const toml =
      hooksToml("PermissionRequest", allow.command) +
      hooksToml("PermissionRequest", deny.command, "^Ba.h$") +
      hooksToml("PermissionRequest", other.command, "apply_patch");
    const r = await exec(model, toml);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(marker)).toBe(false);
    expect(existsSync(allow.stdinFile)).toBe(true);
    expect(existsSync(other.stdinFile)).toBe(false);
    expect(toolOutputs(model)[0]).toContain("ask the owner");
  });

  it("a hook that decides nothing leaves the usual answer: exec declines what needs asking", async () => {
    const { model, marker } = touchingModel("perm-none");
    const hook = hookScript("exit 0");
    const r = await exec(model, hooksToml("PermissionRequest", hook.command));
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(hook.stdinFile)).toBe(true);
    expect(existsSync(marker)).toBe(false);
  });
});
