// Security checks, through the CLI with scripted model calls:
// - a known fake key never lands in any file under CODEX_HOME, the logs, stdout or stderr,
//   whatever the model or the proxy does with it (also test/e2e/secrets-and-faults.test.ts);
// - workspace-write cannot write outside the workspace, follow a symlink out of it, touch
//   `.git` (hooks!), or reach the network — with shell commands or with apply_patch;
// - commands get no secret-looking environment variables by default.
import { existsSync, lstatSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { FakeStep } from "../fixtures/fake-model-server.js";
import { runCli } from "../support/cli.js";
import {
  ENV,
  filesUnder,
  KEY,
  modelName,
  repo,
  responseItems,
  rollout,
  shellToolsHome,
  useFakeServer,
} from "./support.js";

const fake = useFakeServer();

const sh = (script: string): FakeStep => ({ shell: ["bash", "-lc", script] });
const patch = (body: string): FakeStep => ({
  custom_tool_call: { name: "apply_patch", input: `*** Begin Patch\n${body}\n*** End Patch` },
});

/** Runs the steps in one exec turn (the model's last word is "done"); returns the tool outputs in order. */
async function turn(steps: FakeStep[], flags: string[], dir: string, env: Record<string, string> = ENV) {
  const model = modelName("sec");
  fake.server.setScript(model, [...steps, { text: "done" }]);
  const codexHome = shellToolsHome(fake.server.url, model);
  const r = await runCli(["exec", ...flags, "-C", dir, "go"], { home: codexHome, env, timeoutMs: 30_000 });
  expect(r.code, r.stderr).toBe(0);
  const outputs = responseItems(rollout(codexHome))
    .filter((i) => i.type === "function_call_output" || i.type === "custom_tool_call_output")
    .map((i) => String(i.output));
  return { r, codexHome, outputs };
}

describe("security: the key never leaks", () => {
  it("success, tool output, model text, proxy errors, retries and resume: the key is in no file, stdout or stderr", async () => {
    const dir = repo();
    writeFileSync(path.join(dir, ".env.local"), `LITELLM_API_KEY=${KEY}\n`);
    const model = modelName("leak");
    fake.server.setScript(model, [
      sh("cat .env.local; printenv LITELLM_API_KEY; echo done-reading"),
      { fault: { status: 500, error: { message: `upstream said: your key ${KEY} is fine but I am not` } } },
      {
        reasoning: `the key is ${KEY}`,
        text: `I found the key: ${KEY}`,
        function_call: {
          name: "update_plan",
          arguments: { explanation: KEY, plan: [{ step: `use ${KEY}`, status: "completed" }] },
        },
      },
      { text: `final answer mentioning ${KEY}` },
      { fault: { status: 401, error: { message: `Invalid key ${KEY}` } } },
    ]);
    const codexHome = shellToolsHome(fake.server.url, model, "[tools.update_plan]\nenabled = true\n");
    const outs: string[] = [];
    for (const args of [
      ["exec", "--json", "--full-auto", "-C", dir, `prompt with ${KEY}`],
      ["exec", "resume", "--last", "-C", dir, "again"],
    ]) {
      const r = await runCli(args, { home: codexHome, env: ENV });
      outs.push(r.stdout, r.stderr);
    }
    for (const out of outs) expect(out).not.toContain(KEY);
    expect(outs.join("\n")).toContain("[REDACTED]");
    const files = filesUnder(codexHome).filter((f) => path.basename(f) !== "config.toml");
    expect(files.some((f) => f.endsWith(".jsonl") && f.includes("sessions"))).toBe(true);
    expect(files.some((f) => f.endsWith(".log"))).toBe(true);
    for (const file of files) expect(readFileSync(file, "utf8"), file).not.toContain(KEY);
  });
});

describe.each(["shell", "apply_patch"] as const)("security: workspace-write sandbox (%s)", (via) => {
  const write = (target: string, text: string, dir: string): FakeStep =>
    via === "shell"
      ? sh(`echo ${text} > ${JSON.stringify(target)}; echo status=$?`)
      : patch(`*** Add File: ${path.isAbsolute(target) ? target : path.join(dir, target)}\n+${text}`);

  it("cannot write outside the workspace, through a symlink out of it, or into .git (hooks)", async () => {
    const dir = repo();
    const outside = path.join(path.dirname(dir), "outside"); // next to the repo, not under /tmp
    mkdirSync(outside);
    symlinkSync(outside, path.join(dir, "escape")); // a folder link out of the workspace
    writeFileSync(path.join(outside, "victim.txt"), "original\n");
    symlinkSync(path.join(outside, "victim.txt"), path.join(dir, "victim-link")); // a file link
    const hook = path.join(dir, ".git", "hooks", "pre-commit");
    const steps = [
      write(path.join(outside, "direct.txt"), "pwned", dir),
      write("escape/via-link.txt", "pwned", dir),
      via === "shell"
        ? sh("echo pwned >> victim-link; echo status=$?")
        : patch(`*** Update File: ${path.join(dir, "victim-link")}\n@@\n-original\n+pwned`),
      write(".git/hooks/pre-commit", "pwned", dir),
      via === "shell"
        ? sh("git config core.hooksPath /tmp/evil; echo status=$?")
        : patch(`*** Update File: ${path.join(dir, ".git", "config")}\n@@\n [core]\n+\thooksPath = /tmp/evil`),
      write("inside.txt", "fine", dir),
    ];
    const { outputs } = await turn(steps, ["--full-auto"], dir);
    expect(outputs).toHaveLength(steps.length);
    expect(existsSync(path.join(outside, "direct.txt"))).toBe(false);
    expect(existsSync(path.join(outside, "via-link.txt"))).toBe(false);
    expect(readFileSync(path.join(outside, "victim.txt"), "utf8")).toBe("original\n");
    expect(existsSync(hook)).toBe(false);
    expect(readFileSync(path.join(dir, ".git", "config"), "utf8")).not.toContain("hooksPath");
    expect(lstatSync(path.join(dir, "victim-link")).isSymbolicLink()).toBe(true);
    // Each refusal reached the model as a failure it can read…
    for (const o of outputs.slice(0, 5))
      expect(o).toMatch(
        via === "shell"
          ? /status=[1-9]|Read-only file system|Permission denied/
          : /patch rejected: writes outside the writable roots/,
      );
    // …while writing inside the workspace works.
    expect(readFileSync(path.join(dir, "inside.txt"), "utf8")).toBe("fine\n");
  });
});

describe("security: network and environment", () => {
  it("workspace-write commands cannot reach the network (not even the proxy on localhost); full access can", async () => {
    const port = new URL(fake.server.url).port;
    const probe = sh(
      `(exec 3<>/dev/tcp/127.0.0.1/${port} && echo CONNECTED) 2>&1; (getent hosts example.com || echo NO-DNS) 2>&1`,
    );
    const sandboxed = await turn([probe], ["--full-auto"], repo());
    expect(sandboxed.outputs[0]).not.toContain("CONNECTED");
    expect(sandboxed.outputs[0]).toContain("NO-DNS");
    const open = await turn([probe], ["--dangerously-bypass-approvals-and-sandbox"], repo());
    expect(open.outputs[0]).toContain("CONNECTED"); // the probe itself works
  });

  it("commands get no secret-looking variables (names with KEY/SECRET/TOKEN, or holding the API key) by default", async () => {
    const env = {
      ...ENV,
      GITHUB_TOKEN: "ghp_fake_token_value",
      AWS_SECRET_ACCESS_KEY: "aws-fake-secret",
      my_api_key: "lowercase-fake",
      SAME_AS_KEY_DIFFERENT_NAME: KEY,
      HARMLESS_SETTING: "visible-value",
    };
    const { outputs } = await turn([sh("env | sort")], ["--full-auto"], repo(), env);
    const printed = outputs[0] as string;
    expect(printed).toContain("HARMLESS_SETTING=visible-value");
    for (const name of [
      "LITELLM_API_KEY",
      "GITHUB_TOKEN",
      "AWS_SECRET_ACCESS_KEY",
      "my_api_key",
      "SAME_AS_KEY_DIFFERENT_NAME",
    ])
      expect(printed).not.toContain(`${name}=`);
    for (const value of ["ghp_fake_token_value", "aws-fake-secret", "lowercase-fake", KEY])
      expect(printed).not.toContain(value);
  });
});
