// LiteLLM launches Codex itself: `lite codex` (its CLI) and `litellm.agent(Harness.CODEX, …)` (its
// agent harness) run whatever `codex` is on PATH. Here that `codex` is codex-litellm, through the
// real pinned LiteLLM, with no `-m`: the model comes from the catalog `lite codex` syncs.
//
// The proxy of this file serves one model of its own (a proxy's first model is the catalog's
// default, and the shared proxy's first model is scripted by other files), in front of a fake
// upstream started here.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeModelServer, type FakeModelServer } from "../fixtures/fake-model-server.js";
import { CLI, runProcess } from "../support/cli.js";
import { LITELLM_VENV, startLiteLLMProxy, UPSTREAM_API_KEY, type LiteLLMProxy } from "../support/litellm-proxy.js";
import { useLiteLLM } from "../support/litellm.js";
import { hasTmux, TmuxTerminal } from "../support/tmux.js";
import { makeRepo } from "./exec-scenario.js";

const ll = useLiteLLM();
const MODEL = "fake-launch";
const LITE = path.join(LITELLM_VENV, "bin/lite");
const PYTHON = path.join(LITELLM_VENV, "bin/python");

let fake: FakeModelServer;
let proxy: LiteLLMProxy;
const cleanup: string[] = [];
const terminals: TmuxTerminal[] = [];

beforeAll(async () => {
  if (!ll.available) return;
  fake = await startFakeModelServer({ models: [MODEL] });
  proxy = await startLiteLLMProxy({
    upstreamUrl: fake.url,
    modelList: [
      {
        model_name: MODEL,
        litellm_params: { model: `openai/${MODEL}`, api_base: fake.url, api_key: UPSTREAM_API_KEY },
        model_info: {
          max_input_tokens: 100000,
          max_output_tokens: 4096,
          mode: "chat",
          supports_function_calling: true,
        },
      },
    ],
  });
}, 180_000);

afterAll(async () => {
  for (const t of terminals) t.kill();
  await proxy?.stop();
  await fake?.close();
  for (const dir of cleanup) rmSync(dir, { recursive: true, force: true });
});

/** A HOME (also CODEX_HOME) outside /tmp, and a bin folder whose `codex` is the built codex-litellm. */
function launchEnv(): { home: string; env: Record<string, string> } {
  const home = mkdtempSync(path.join(os.tmpdir(), "cl-lite-"));
  cleanup.push(home);
  const bin = path.join(home, "bin");
  mkdirSync(bin);
  const codex = path.join(bin, "codex");
  writeFileSync(codex, `#!/bin/sh\nexec '${process.execPath}' '${CLI}' "$@"\n`);
  chmodSync(codex, 0o755);
  const codexHome = path.join(home, ".codex");
  mkdirSync(codexHome);
  return {
    home,
    env: {
      PATH: `${bin}:${path.dirname(process.execPath)}:/usr/bin:/bin`,
      HOME: home,
      CODEX_HOME: codexHome,
      LANG: "C.UTF-8",
      LITELLM_PROXY_URL: proxy.baseUrl,
      LITELLM_PROXY_API_KEY: proxy.masterKey,
      NO_PROXY: "127.0.0.1,localhost",
    },
  };
}

/** `<dir>/<name>/SKILL.md` with that name and description; returns the skill's folder. */
function writeSkill(dir: string, name: string, description: string): string {
  const folder = path.join(dir, name);
  mkdirSync(folder, { recursive: true });
  writeFileSync(
    path.join(folder, "SKILL.md"),
    `---\nname: ${name}\ndescription: ${description}\n---\n\nInstructions.\n`,
  );
  return folder;
}

/** Runs a command to completion without blocking this process: the fake upstream answers from here. */
const run = (command: string, args: string[], env: Record<string, string>, cwd: string) =>
  runProcess([command, ...args], { env, cwd, timeoutMs: 150_000 });

/** The text of the developer and user messages of a recorded Responses request, in order. */
function messages(body: unknown): { role: string; text: string }[] {
  const input = (body as { input?: { type?: string; role?: string; content?: { text?: string }[] }[] }).input ?? [];
  return input
    .filter((item) => item.type === "message" || item.role !== undefined)
    .map((item) => ({ role: item.role ?? "", text: (item.content ?? []).map((c) => c.text ?? "").join("") }));
}

describe.skipIf(!ll.available)("LiteLLM launches codex-litellm as `codex`", () => {
  it("`lite codex exec` without -m: the catalog sync works, the catalog's model answers, and skills are listed", async () => {
    const { home, env } = launchEnv();
    const repo = makeRepo();
    cleanup.push(path.dirname(repo));
    const skillDir = writeSkill(
      path.join(env.CODEX_HOME ?? "", "skills"),
      "release-notes",
      "Write release notes from the git log.",
    );
    fake.setScript(MODEL, [{ text: "launched by lite" }]);
    const r = await run(LITE, ["codex", "exec", "Say hi"], env, repo);
    expect(r.stderr).not.toContain("not syncing");
    expect(r.code, r.stderr).toBe(0);
    // LiteLLM adds its Stop hook with -c: as in upstream 0.171 it does not run until trusted, and exec says so once.
    expect(r.stderr.split("\n").filter((line) => line.includes("-c hooks.Stop: 1 hook needs review"))).toHaveLength(1);
    expect(r.stdout).toContain("launched by lite");
    // The catalog LiteLLM synced, read back through `codex debug models`, names the proxy's model.
    const catalogFile = path.join(env.CODEX_HOME ?? "", "litellm-models.json");
    expect(existsSync(catalogFile)).toBe(true);
    const synced = JSON.parse(readFileSync(catalogFile, "utf8")) as { models: { slug: string }[] };
    expect(synced.models.map((m) => m.slug)).toEqual([MODEL]);
    const sent = fake.requests(MODEL).filter((q) => q.wire === "responses");
    expect(sent).toHaveLength(1);
    const texts = messages(sent[0]?.body);
    const skills = texts.findIndex((m) => m.role === "developer" && m.text.startsWith("<skills_instructions>"));
    expect(skills).toBeGreaterThanOrEqual(0);
    expect(texts[skills]?.text).toContain(
      `- release-notes: Write release notes from the git log. (file: ${path.join(skillDir, "SKILL.md")})`,
    );
    // Listed before the environment context and the prompt, as upstream does.
    expect(texts.findIndex((m) => m.text.includes("<environment_context>"))).toBeGreaterThan(skills);
    expect(texts.at(-1)).toEqual({ role: "user", text: "Say hi" });
    // No onboarding ran: nothing was written to config.toml.
    expect(existsSync(path.join(env.CODEX_HOME ?? "", "config.toml"))).toBe(false);
    expect(home).toBeTruthy();
  }, 180_000);

  it.skipIf(!hasTmux)(
    "`lite codex` asks about the folder, then opens the UI on the catalog's model, without onboarding",
    async () => {
      const { env } = launchEnv();
      const repo = makeRepo();
      cleanup.push(path.dirname(repo));
      fake.setScript(MODEL, [{ text: "hello from the proxy" }]);
      writeSkill(path.join(env.CODEX_HOME ?? "", "skills"), "deploy", "Ship the release.");
      // The pane's shell may set its own PATH: the launcher gets the one with our `codex` explicitly.
      const term = new TmuxTerminal(["/usr/bin/env", `PATH=${env.PATH}`, LITE, "codex"], env, {
        cwd: repo,
        command: true,
      });
      terminals.push(term);
      await term.waitFor("Trust this folder?", 50_000); // asked first, as upstream does
      term.press("Enter");
      // Then LiteLLM's -c Stop hook is reviewed, as upstream reviews it; started without it here.
      await term.waitFor("Hooks need review", 50_000);
      term.press("Down", "Enter");
      const screen = await term.waitFor(`model: ${MODEL}`, 50_000);
      expect(screen).not.toContain("Welcome to codex-litellm");
      term.type("/skills");
      term.press("Enter");
      await term.waitFor("deploy — Ship the release.");
      term.type("Say hello");
      term.press("Enter");
      await term.waitFor("hello from the proxy", 60_000);
      expect(
        fake
          .requests(MODEL)
          .filter((q) => q.wire === "responses")
          .at(-1)?.model,
      ).toBe(MODEL);
      // The folder's trust is all config.toml gets.
      expect(readFileSync(path.join(env.CODEX_HOME ?? "", "config.toml"), "utf8").trim()).toBe(
        `[projects.${JSON.stringify(repo)}]\ntrust_level = "trusted"`,
      );
    },
    180_000,
  );

  // The instructions travel as `-c developer_instructions=…`: a developer message, as upstream sends it.
  it("litellm.agent(Harness.CODEX, …) with instructions, skills and an output schema: instructions and skills sent, the schema's answer back", async () => {
    const { env } = launchEnv();
    const work = makeRepo();
    cleanup.push(path.dirname(work));
    const skills = writeSkill(path.join(env.HOME ?? "", "harness-skills"), "haiku", "Answer in a haiku.");
    fake.setScript(MODEL, [{ text: '{"answer":"forty-two"}' }]);
    const script = `
import json, sys
import litellm
from pydantic import BaseModel
from litellm.harness.types import Harness
from litellm.harness.sandbox.local import local

class Answer(BaseModel):
    answer: str

result = litellm.agent(
    Harness.CODEX,
    "What is the answer?",
    sandbox=local(sys.argv[1]),
    model="litellm_proxy/${MODEL}",
    api_base=sys.argv[2],
    api_key=sys.argv[3],
    instructions="Answer with one word.",
    skills=[sys.argv[4]],
    output=Answer,
    timeout=120,
)
print(json.dumps({"output": result.output.model_dump() if result.output else None, "text": result.text}))
`;
    const r = await run(PYTHON, ["-c", script, work, proxy.baseUrl, proxy.masterKey, skills], env, work);
    expect(r.code, r.stderr).toBe(0);
    const printed = JSON.parse(r.stdout.trim().split("\n").at(-1) ?? "{}") as { output: unknown };
    expect(printed.output).toEqual({ answer: "forty-two" });
    const sent = fake.requests(MODEL).filter((q) => q.wire === "responses" || q.wire === "chat");
    const body = JSON.stringify(sent.at(-1)?.body);
    expect(body).toContain("- haiku: Answer in a haiku.");
    expect(body).toContain("Answer with one word.");
    expect(body).toContain('"answer"');
  }, 240_000);
});
