// Resume across tools with the real upstream binaries (see upstream-peer.ts), both ways:
// - the 2025 legacy format, written by upstream 0.29 (the last release that wrote it): we resume
//   it and continue it in that format, and 0.29 resumes the file we continued;
// - sessions with tool calls killed (kill -9) between a call and its output, by upstream 0.171
//   and by us: each side resumes the other's file, and every request pairs each call with an output.
// INTEROP_KEEP=1 keeps the temp folders for inspection.

import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeModelServer, type FakeModelServer } from "../fixtures/fake-model-server.js";
import { startCli, waitFor } from "../faults/support.js";
import { callPairingProblems, responsesRequestProblems } from "../schemas/responses-input.js";
import { runCli } from "../support/cli.js";
import { scratchDir } from "../support/scratch.js";
import { makeRepo } from "../e2e/exec-scenario.js";
import {
  describeRun,
  jsonLines,
  killLeftovers,
  LEGACY_UPSTREAM_VERSION,
  requireOrSkip,
  rolloutFiles,
  runUpstream,
  sharedConfigToml,
  upstreamExecResume,
} from "./upstream-peer.js";

const peer = await requireOrSkip("resume-interop");
const legacyPeer = await requireOrSkip("resume-interop (legacy format)", LEGACY_UPSTREAM_VERSION);

const API_KEY = "sk-interop-resume-formats";
const env = { LITELLM_API_KEY: API_KEY };
let server: FakeModelServer;
const cleanup: string[] = [];

beforeAll(async () => {
  if (peer.available || legacyPeer.available) server = await startFakeModelServer({ apiKey: API_KEY });
});
afterAll(async () => {
  killLeftovers();
  await server?.close();
  if (process.env.INTEROP_KEEP === "1") process.stderr.write(`interop: kept ${cleanup.join(" ")}\n`);
  else for (const dir of cleanup) rmSync(dir, { recursive: true, force: true });
});

type Json = Record<string, unknown>;
type Item = Json & { type: string; role?: string; call_id?: string; output?: unknown; content?: { text?: string }[] };
const textOf = (i: Item) => (i.content ?? []).map((c) => c.text ?? "").join("");
const texts = (input: Item[]) => input.filter((i) => i.type === "message").map(textOf);
const lastInput = (model: string) => (server.requests(model).at(-1)?.body as { input: Item[] }).input;
const fileLines = (file: string) =>
  readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "");
/** The records of a rollout that parse (a kill may cut the last line). */
const parsedLines = (file: string) => jsonLines(readFileSync(file, "utf8"));
const responseItems = (file: string) =>
  parsedLines(file)
    .filter((r) => r.type === "response_item")
    .map((r) => r.payload as Item);

/** In order, each of `wanted` appears in `all`. */
function inOrder(all: string[], wanted: string[]): boolean {
  const at = wanted.map((t) => all.indexOf(t));
  return at.every((i) => i >= 0) && at.every((i, k) => k === 0 || i > (at[k - 1] as number));
}

function setup(name: string) {
  const base = scratchDir(`interop-${name}-`);
  cleanup.push(base);
  const codexHome = path.join(base, "codex-home");
  mkdirSync(codexHome);
  const model = `interop-${name}-${process.pid}`;
  writeFileSync(path.join(codexHome, "config.toml"), sharedConfigToml({ model, baseUrl: server.url }));
  const repo = makeRepo();
  cleanup.push(path.dirname(repo));
  return { codexHome, model, repo };
}

describe.skipIf(!legacyPeer.available)(`the 2025 legacy format, with upstream ${LEGACY_UPSTREAM_VERSION}`, () => {
  it(
    "upstream writes it, we resume and continue it in that format, upstream resumes what we wrote",
    { timeout: 120_000 },
    async () => {
      const { codexHome, model, repo } = setup("legacy");
      server.setScript(model, [
        { shell: ["bash", "-lc", "echo legacy-tool-output"] },
        { text: "legacy answer" },
        { text: "ours continues" },
        { text: "legacy again" },
      ]);

      const up = await runUpstream(
        ["exec", "--skip-git-repo-check", "--dangerously-bypass-approvals-and-sandbox", "legacy first question"],
        { codexHome, cwd: repo, env, version: LEGACY_UPSTREAM_VERSION, timeoutMs: 60_000 },
      );
      expect(up.code, describeRun("upstream 0.29 exec", up)).toBe(0);
      const [file] = rolloutFiles(codexHome);
      const header = JSON.parse(fileLines(file as string)[0] as string) as Json;
      expect(header.type, "upstream 0.29 wrote the legacy format").toBeUndefined();
      const id = header.id as string;

      const ours = await runCli(["exec", "resume", id, "-C", repo, "ours next"], {
        home: codexHome,
        env,
        timeoutMs: 60_000,
      });
      expect(ours.code, describeRun("codex-litellm exec resume", ours)).toBe(0);
      expect(ours.stderr).not.toMatch(/warning|corrupt|session metadata/);
      const body = server.requests(model).at(-1)?.body;
      expect(responsesRequestProblems(body)).toEqual([]);
      const input = (body as { input: Item[] }).input;
      expect(
        inOrder(texts(input), ["legacy first question", "legacy answer", "ours next"]),
        JSON.stringify(texts(input)),
      ).toBe(true);
      const call = input.find((i) => i.type === "function_call");
      expect(
        String(input.find((i) => i.type === "function_call_output" && i.call_id === call?.call_id)?.output),
      ).toContain("legacy-tool-output");
      // Continued in the legacy format: no envelope on any line.
      expect(fileLines(file as string).every((l) => (JSON.parse(l) as Json).payload === undefined)).toBe(true);

      const again = await runUpstream(
        [
          "exec",
          "--skip-git-repo-check",
          "--dangerously-bypass-approvals-and-sandbox",
          "-c",
          `experimental_resume="${file}"`,
          "legacy third",
        ],
        { codexHome, cwd: repo, env, version: LEGACY_UPSTREAM_VERSION, timeoutMs: 60_000 },
      );
      expect(again.code, describeRun("upstream 0.29 experimental_resume", again)).toBe(0);
      expect(
        inOrder(texts(lastInput(model)), [
          "legacy first question",
          "legacy answer",
          "ours next",
          "ours continues",
          "legacy third",
        ]),
        JSON.stringify(texts(lastInput(model))),
      ).toBe(true);
    },
  );
});

describe.skipIf(!peer.available)("killed between a call and its output, with the pinned upstream", () => {
  /** Our `exec resume <id> <prompt>`, which must succeed: its last request's body, a valid Responses request. */
  const resumeOurs = async (run: { codexHome: string; model: string; repo: string }, id: string, prompt: string) => {
    const ours = await runCli(["exec", "resume", id, "-C", run.repo, prompt], {
      home: run.codexHome,
      env,
      timeoutMs: 60_000,
    });
    expect(ours.code, describeRun("codex-litellm exec resume", ours)).toBe(0);
    const body = server.requests(run.model).at(-1)?.body;
    expect(responsesRequestProblems(body)).toEqual([]);
    return body;
  };

  /** A session scripted to run `echo before`, then `sleepCommand` (the run is killed during it). */
  const setupKilledRun = (prefix: string, sleepCommand: string) => {
    const run = setup(prefix);
    server.setScript(run.model, [
      { shell: ["bash", "-lc", "echo before"] },
      { shell: ["bash", "-lc", sleepCommand] },
      { text: "never" },
    ]);
    return run;
  };

  it(
    "upstream's killed session: we resume it with every call answered, upstream resumes it after us",
    { timeout: 120_000 },
    async () => {
      const { codexHome, model, repo } = setupKilledRun("u-killed", `sleep 31${process.pid}`);
      const running = runUpstream(
        ["exec", "--json", "--skip-git-repo-check", "--dangerously-bypass-approvals-and-sandbox", "two commands"],
        { codexHome, cwd: repo, env, timeoutMs: 60_000 },
      );
      const file = await waitFor(
        "upstream to record the second call",
        () => {
          const [f] = rolloutFiles(codexHome);
          return f && responseItems(f).filter((i) => i.type === "function_call").length === 2 ? f : null;
        },
        60_000,
      );
      killLeftovers(); // SIGKILL, whole process group
      await running;
      expect(responseItems(file).at(-1)?.type).toBe("function_call");
      const id = (parsedLines(file)[0]?.payload as Json).id as string;

      server.setScript(model, [{ text: "ours after the kill" }, { text: "upstream after us" }]);
      const body = await resumeOurs({ codexHome, model, repo }, id, "what happened?");
      expect((body as { input: Item[] }).input.filter((i) => i.output === "aborted")).toHaveLength(1);

      const again = await upstreamExecResume(id, "and now?", { codexHome, cwd: repo, env, timeoutMs: 60_000 });
      expect(again.code, describeRun("upstream exec resume", again)).toBe(0);
      expect(jsonLines(again.stdout).find((e) => e.type === "thread.started")?.thread_id).toBe(id);
      const input = lastInput(model);
      expect(callPairingProblems(input)).toEqual([]);
      expect(
        inOrder(texts(input), ["two commands", "what happened?", "ours after the kill", "and now?"]),
        JSON.stringify(texts(input)),
      ).toBe(true);
    },
  );

  it(
    "our killed session: upstream resumes it with every call answered, we resume it after upstream",
    { timeout: 120_000 },
    async () => {
      const { codexHome, model, repo } = setupKilledRun("o-killed", `sleep 32${process.pid}`);
      const run = startCli(["exec", "--dangerously-bypass-approvals-and-sandbox", "-C", repo, "two commands"], {
        home: codexHome,
        env,
        timeoutMs: 60_000,
      });
      const file = await waitFor(
        "our second call to be recorded",
        () => {
          const [f] = rolloutFiles(codexHome);
          return f &&
            responseItems(f).filter((i) => i.type === "function_call").length === 2 &&
            responseItems(f).at(-1)?.type === "function_call"
            ? f
            : null;
        },
        30_000,
      );
      run.child.kill("SIGKILL");
      await run.done;
      const id = (parsedLines(file)[0]?.payload as Json).id as string;

      server.setScript(model, [{ text: "upstream after the kill" }, { text: "ours after upstream" }]);
      const up = await upstreamExecResume(id, "what happened?", { codexHome, cwd: repo, env, timeoutMs: 60_000 });
      expect(up.code, describeRun("upstream exec resume", up)).toBe(0);
      const upInput = lastInput(model);
      expect(callPairingProblems(upInput)).toEqual([]);
      expect(inOrder(texts(upInput), ["two commands", "what happened?"]), JSON.stringify(texts(upInput))).toBe(true);

      const body = await resumeOurs({ codexHome, model, repo }, id, "and now?");
      expect(
        inOrder(texts((body as { input: Item[] }).input), [
          "two commands",
          "what happened?",
          "upstream after the kill",
          "and now?",
        ]),
      ).toBe(true);
    },
  );
});
