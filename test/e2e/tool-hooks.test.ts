// Upstream's PreToolUse, PostToolUse and SessionStart hooks through the built CLI: a PreToolUse hook
// that blocks a command keeps it from running and the model reads upstream's message; PostToolUse
// sees the command's output and can replace what the model reads; SessionStart's context reaches
// the model before the first prompt; matchers select by tool name.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ENV, home, modelName, useFakeServer } from "../faults/support.js";
import { runCli } from "../support/cli.js";
import { hookScript, hooksToml } from "../support/hook-script.js";
import { trustAllHooks } from "../support/hook-trust.js";
import { scratchDir } from "../support/scratch.js";

const fake = useFakeServer();

interface InputItem {
  type?: string;
  role?: string;
  output?: unknown;
  content?: { text?: string }[];
}
interface Body {
  input: InputItem[];
}

async function exec(model: string, toml: string) {
  const codexHome = home(fake.server.url, model, toml);
  await trustAllHooks(codexHome);
  const r = await runCli(["exec", "--skip-git-repo-check", "--dangerously-bypass-approvals-and-sandbox", "go"], {
    home: codexHome,
    cwd: codexHome,
    env: ENV,
    timeoutMs: 60_000,
  });
  return { ...r, codexHome };
}

const bodies = (model: string) => fake.server.requests(model).map((q) => q.body as Body);
const toolOutputs = (body: Body | undefined) =>
  (body?.input ?? []).filter((i) => i.type === "function_call_output").map((i) => String(i.output));
const developerTexts = (body: Body | undefined) =>
  (body?.input ?? []).filter((i) => i.role === "developer").flatMap((i) => (i.content ?? []).map((c) => c.text ?? ""));

/** A model that runs `touch <marker>` once, then answers "ok": the marker shows whether the command ran. */
function touchingModel(prefix: string): { model: string; marker: string } {
  const marker = path.join(scratchDir(`${prefix}-`), "ran");
  const model = fake.scriptedModel(prefix, [{ shell: ["bash", "-lc", `touch '${marker}'`] }, { text: "ok" }]);
  return { model, marker };
}

describe("PreToolUse hooks", () => {
  it("a hook that denies a command: the command does not run and the model reads upstream's message", async () => {
    const { model, marker } = touchingModel("pre-deny");
    const hook = hookScript(
      `printf '%s' '{"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"deny","permissionDecisionReason":"no touching"}}'`,
    );
    const r = await exec(model, hooksToml("PreToolUse", hook.command, "Bash"));
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(marker)).toBe(false);
    const input = JSON.parse(readFileSync(hook.stdinFile, "utf8")) as Record<string, unknown>;
    expect(input).toMatchObject({ hook_event_name: "PreToolUse", tool_name: "Bash", model });
    expect(String((input.tool_input as { command: string }).command)).toContain(`touch '${marker}'`);
    expect(typeof input.tool_use_id).toBe("string");
    const outputs = toolOutputs(bodies(model)[1]);
    expect(outputs).toHaveLength(1);
    expect(outputs[0]).toMatch(/^Command blocked by PreToolUse hook: no touching\. Command: .*touch/);
    expect(r.stderr).toContain("PreToolUse hook (blocked): no touching");
  });

  it("exit 2 with a reason on stderr blocks too; a hook whose matcher names another tool does not run", async () => {
    const { model, marker } = touchingModel("pre-exit2");
    const blocker = hookScript("echo 'not today' >&2; exit 2");
    const other = hookScript("exit 0");
    const r = await exec(
      model,
      hooksToml("PreToolUse", blocker.command, "^Ba.h$") + hooksToml("PreToolUse", other.command, "apply_patch|Write"),
    );
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(marker)).toBe(false);
    expect(existsSync(other.stdinFile)).toBe(false);
    expect(toolOutputs(bodies(model)[1])[0]).toMatch(/^Command blocked by PreToolUse hook: not today\./);
  });

  it("a hook that allows (prints nothing) lets the command run", async () => {
    const { model, marker } = touchingModel("pre-allow");
    const hook = hookScript("exit 0");
    const r = await exec(model, hooksToml("PreToolUse", hook.command));
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(marker)).toBe(true);
  });
});

describe("PreToolUse rewrites", () => {
  it("permissionDecision allow with updatedInput runs the rewritten command instead", async () => {
    const model = modelName("pre-rewrite");
    const dir = scratchDir("pre-rewrite-");
    const asked = path.join(dir, "asked");
    const rewritten = path.join(dir, "rewritten");
    fake.server.setScript(model, [{ shell: ["bash", "-lc", `touch '${asked}'`] }, { text: "ok" }]);
    const answer = JSON.stringify({
      hookSpecificOutput: {
        hookEventName: "PreToolUse",
        permissionDecision: "allow",
        updatedInput: { command: `touch '${rewritten}'` },
      },
    });
    const hook = hookScript(`cat <<'EOF'\n${answer}\nEOF`);
    const r = await exec(model, hooksToml("PreToolUse", hook.command, "Bash"));
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(asked)).toBe(false);
    expect(existsSync(rewritten)).toBe(true);
  });
});

describe("PostToolUse hooks", () => {
  it("get the command and its output; decision block replaces what the model reads, additionalContext is added", async () => {
    const model = fake.scriptedModel("post-block", [
      { shell: ["bash", "-lc", "echo secret-looking-output"] },
      { text: "ok" },
    ]);
    const hook = hookScript(
      `printf '%s' '{"decision":"block","reason":"output withheld by policy","hookSpecificOutput":{"hookEventName":"PostToolUse","additionalContext":"audit note"}}'`,
    );
    const r = await exec(model, hooksToml("PostToolUse", hook.command));
    expect(r.code, r.stderr).toBe(0);
    const input = JSON.parse(readFileSync(hook.stdinFile, "utf8")) as Record<string, unknown>;
    expect(input).toMatchObject({ hook_event_name: "PostToolUse", tool_name: "Bash" });
    expect(JSON.stringify(input.tool_response)).toContain("secret-looking-output");
    const second = bodies(model)[1];
    expect(toolOutputs(second)).toEqual(["output withheld by policy"]);
    expect(developerTexts(second)).toContain("audit note");
    expect(r.stderr).toContain("PostToolUse hook (blocked): output withheld by policy");
  });

  it("continue:false ends the turn after the call: no further request", async () => {
    const model = fake.scriptedModel("post-stop", [{ shell: ["bash", "-lc", "echo hi"] }, { text: "never sent" }]);
    const hook = hookScript(`printf '%s' '{"continue":false,"stopReason":"enough for today"}'`);
    const r = await exec(model, hooksToml("PostToolUse", hook.command));
    expect(r.code, r.stderr).toBe(0);
    expect(bodies(model)).toHaveLength(1);
    expect(r.stderr).toContain("PostToolUse hook stopped the turn: enough for today");
  });
});

describe("SessionStart hooks", () => {
  it("run once at the first turn with source startup; their stdout reaches the model before the prompt", async () => {
    const model = fake.scriptedModel("session-start", [{ text: "ok" }]);
    const hook = hookScript("echo 'the build uses pnpm'");
    const skipped = hookScript("echo 'resume only'");
    const r = await exec(
      model,
      hooksToml("SessionStart", hook.command, "startup") + hooksToml("SessionStart", skipped.command, "resume"),
    );
    expect(r.code, r.stderr).toBe(0);
    const input = JSON.parse(readFileSync(hook.stdinFile, "utf8")) as Record<string, unknown>;
    expect(input).toMatchObject({ hook_event_name: "SessionStart", source: "startup", model });
    expect(input).not.toHaveProperty("turn_id");
    expect(existsSync(skipped.stdinFile)).toBe(false);
    const body = bodies(model)[0];
    const texts = (body?.input ?? []).map((i) => (i.content ?? []).map((c) => c.text ?? "").join(""));
    const context = texts.findIndex((t) => t.includes("the build uses pnpm"));
    const prompt = texts.lastIndexOf("go");
    expect(context).toBeGreaterThanOrEqual(0);
    expect(context).toBeLessThan(prompt);
  });
});
