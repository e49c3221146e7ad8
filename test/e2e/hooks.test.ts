// Upstream's `[hooks]` through the built CLI: a trusted Stop hook from config.toml or from LiteLLM's
// `lite codex` flag (`-c hooks.Stop=[{hooks=[{type="command",command=…}]}]`) runs when the model
// is done, gets upstream's Stop JSON on stdin, and what it says is shown; one that hangs is stopped.
// As in upstream 0.171 a `-c` hook does not run untrusted: exec says so in one line and goes on.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ENV, home, KEY, modelName, useFakeServer } from "../faults/support.js";
import { runCli } from "../support/cli.js";
import { trustAllHooks, trustFlagHooks } from "../support/hook-trust.js";
import { scratchDir } from "../support/scratch.js";

const fake = useFakeServer();

interface Body {
  input: { role?: string; content?: { text?: string }[] }[];
}

/** A hook script that keeps its stdin (and whether it got the provider's key variable) and answers `answer`. */
function hookScript(answer: string, exitCode = 0): { command: string; stdinFile: string; envFile: string } {
  const dir = scratchDir("hook-");
  const stdinFile = path.join(dir, "stdin.json");
  const envFile = path.join(dir, "env.txt");
  const script = path.join(dir, "hook.sh");
  writeFileSync(
    script,
    `STDIN_FILE='${stdinFile}'\ncat > "$STDIN_FILE"\nprintf '%s' "\${LITELLM_API_KEY:+provider-key}\${KEY_COPY:+leaked}" > '${envFile}'\n${answer}\nexit ${exitCode}\n`,
  );
  return { command: `sh '${script}'`, stdinFile, envFile };
}

async function exec(
  model: string,
  extraToml: string,
  args: string[] = [],
  env: Record<string, string> = {},
  trust = true,
) {
  const codexHome = home(fake.server.url, model, extraToml);
  if (trust) await trustAllHooks(codexHome); // as the UI's review does: config.toml hooks run once trusted
  const r = await runCli(["exec", "--skip-git-repo-check", ...args, "hi"], {
    home: codexHome,
    env: { ...ENV, ...env },
    timeoutMs: 60_000,
  });
  return { ...r, codexHome };
}

/** A `[[hooks.Stop]]` group running `command`; `extra` adds keys to its handler (`, timeout = 1`). */
const stopHookToml = (command: string, extra = "") =>
  `[[hooks.Stop]]\nhooks = [{ type = "command", command = ${JSON.stringify(command)}${extra} }]`;

const SPEND = `printf '%s' '{"systemMessage": "\\nrouted: gpt-x  spend: $0.0123"}'`;

describe("Stop hooks", () => {
  it("a [[hooks.Stop]] in config.toml runs after the turn with upstream's stdin JSON; its systemMessage is shown", async () => {
    const model = fake.scriptedModel("stop-toml", [{ text: "done" }]);
    const hook = hookScript(SPEND);
    const r = await exec(model, stopHookToml(hook.command));
    expect(r.code, r.stderr).toBe(0);
    const input = JSON.parse(readFileSync(hook.stdinFile, "utf8")) as Record<string, unknown>;
    expect(input).toMatchObject({
      hook_event_name: "Stop",
      model,
      stop_hook_active: false,
      last_assistant_message: "done",
      permission_mode: "bypassPermissions", // exec never asks
    });
    expect(input.session_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(typeof input.turn_id).toBe("string");
    expect(input.cwd).toBe(r.codexHome);
    expect(String(input.transcript_path)).toContain(path.join(r.codexHome, "sessions"));
    expect(r.stderr).toContain("Stop hook: routed: gpt-x  spend: $0.0123");
    expect(r.stdout.trim()).toBe("done");
  });

  it("LiteLLM's `lite codex` flag -c hooks.Stop=[…] is skipped untrusted, with one line naming it and how to trust it", async () => {
    const model = fake.scriptedModel("stop-flag-untrusted", [{ text: "done" }, { text: "done" }]);
    const hook = hookScript(SPEND);
    const flag = `hooks.Stop=[{hooks=[{type="command",command=${JSON.stringify(hook.command)}}]}]`;
    const r = await exec(model, "", ["-c", flag]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe("done");
    expect(existsSync(hook.stdinFile)).toBe(false);
    const notices = r.stderr.split("\n").filter((line) => line.includes("hooks.Stop"));
    expect(notices).toEqual([
      `warning: -c hooks.Stop: 1 hook needs review before it can run. Skipped until trusted: ${JSON.stringify(hook.command)}. Trust it when codex-litellm's interactive UI starts (saved in ${path.join(r.codexHome, "config.toml")}), or pass --dangerously-bypass-hook-trust.`,
    ]);
    // The bypass flag runs it for one run, with upstream's warning.
    const bypassed = await exec(model, "", ["-c", flag, "--dangerously-bypass-hook-trust"]);
    expect(bypassed.code, bypassed.stderr).toBe(0);
    expect(existsSync(hook.stdinFile)).toBe(true);
    expect(bypassed.stderr).not.toContain("needs review");
  });

  it("LiteLLM's `lite codex` flag -c hooks.Stop=[…], once trusted, runs with the provider's key variable but no other secret", async () => {
    const model = fake.scriptedModel("stop-flag", [{ text: "done" }]);
    const hook = hookScript(SPEND);
    const flag = `hooks.Stop=[{hooks=[{type="command",command=${JSON.stringify(hook.command)}}]}]`;
    const codexHome = home(fake.server.url, model, "");
    await trustFlagHooks(codexHome, [flag]);
    // The same key under another name is a secret the hook does not get.
    const r = await runCli(["exec", "--skip-git-repo-check", "-c", flag, "--json", "hi"], {
      home: codexHome,
      env: { ...ENV, KEY_COPY: KEY },
      timeoutMs: 60_000,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(hook.stdinFile, "utf8"))).toMatchObject({ hook_event_name: "Stop" });
    expect(readFileSync(hook.envFile, "utf8")).toBe("provider-key");
    expect(r.stderr).toContain("Stop hook: routed: gpt-x  spend: $0.0123");
    // --json stdout stays upstream's JSONL stream.
    for (const line of r.stdout.trim().split("\n")) expect(() => JSON.parse(line) as unknown).not.toThrow();
    expect(r.stdout).not.toContain("spend");
    expect(r.stderr).not.toContain(KEY);
  });

  it("a hook that hangs is stopped at its timeout with one line, and the run ends", async () => {
    const model = fake.scriptedModel("stop-hang", [{ text: "done" }]);
    const hook = hookScript("sleep 120");
    const started = Date.now();
    const r = await exec(model, stopHookToml(hook.command, ", timeout = 1"));
    expect(r.code, r.stderr).toBe(0);
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(r.stderr.split("\n").filter((l) => l.includes("Stop hook"))).toEqual([
      "Stop hook failed: hook timed out after 1s",
    ]);
  });

  it("exit 2 with a reason on stderr makes the model go on with it (stop_hook_active the second time)", async () => {
    const model = fake.scriptedModel("stop-block", [{ text: "first" }, { text: "second" }]);
    const hook = hookScript(
      `if grep -q '"stop_hook_active":true' "$STDIN_FILE"; then exit 0; fi\necho 'run the tests too' >&2\nexit 2`,
    );
    const r = await exec(model, stopHookToml(hook.command));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("Stop hook (blocked): run the tests too");
    const requests = fake.server.requests(model).map((q) => q.body as Body);
    expect(requests).toHaveLength(2);
    const last = requests[1]?.input.at(-1);
    expect(last?.role).toBe("user");
    expect(last?.content?.[0]?.text).toBe("run the tests too");
    expect(r.stdout.trim()).toBe("second");
  });

  it("features.hooks = false turns hooks off", async () => {
    const model = fake.scriptedModel("stop-off", [{ text: "done" }]);
    const hook = hookScript(SPEND);
    const r = await exec(model, `[features]\nhooks = false\n${stopHookToml(hook.command)}`);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain("Stop hook");
  });

  it("a malformed [hooks] entry is refused in one line naming the key", async () => {
    const model = modelName("stop-bad");
    const r = await exec(
      model,
      `[[hooks.Stop]]\nhooks = [{ type = "command", command = "x", timeout = "soon" }]`,
      [],
      {},
      false,
    );
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("hooks.Stop");
  });
});

describe("UserPromptSubmit hooks", () => {
  const config = (command: string) =>
    `[[hooks.UserPromptSubmit]]\nhooks = [{ type = "command", command = ${JSON.stringify(command)} }]`;

  it("gets the prompt on stdin; its plain stdout reaches the model as context after the prompt", async () => {
    const model = fake.scriptedModel("prompt-context", [{ text: "done" }]);
    const hook = hookScript("echo 'The build uses pnpm.'");
    const r = await exec(model, config(hook.command));
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(hook.stdinFile, "utf8"))).toMatchObject({
      hook_event_name: "UserPromptSubmit",
      prompt: "hi",
      model,
    });
    const input = (fake.server.requests(model)[0]?.body as Body).input;
    const prompt = input.findIndex((i) => i.role === "user" && i.content?.[0]?.text === "hi");
    expect(prompt).toBeGreaterThan(-1);
    expect(input[prompt + 1]).toMatchObject({ role: "developer", content: [{ text: "The build uses pnpm." }] });
    expect(r.stderr).toContain("UserPromptSubmit hook (context): The build uses pnpm.");
  });

  it("exit 2 blocks the prompt: nothing is sent, the reason is shown", async () => {
    const model = fake.scriptedModel("prompt-block", [{ text: "done" }]);
    const hook = hookScript("echo 'no secrets in prompts' >&2", 2);
    const r = await exec(model, config(hook.command));
    expect(r.stderr).toContain("UserPromptSubmit hook (blocked): no secrets in prompts");
    expect(fake.server.requests(model)).toHaveLength(0);
  });
});
