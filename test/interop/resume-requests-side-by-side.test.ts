// What a resumed session sends, side by side with real upstream Codex 0.171 on the same file: real
// upstream records a session of each kind — tool calls, a compaction, an interrupted turn, an
// image, a web search, remote compaction items —, then upstream and codex-litellm each resume a
// copy of that file with the same prompt, and the conversation each sends the model is compared
// item by item. Only what each tool adds of its own is left out: developer messages (base
// instructions and permissions, see base-instructions.test.ts) and the contextual user messages
// (environment context, AGENTS.md).
// The interrupted kind also checks that both exit with the same status on SIGINT.
// INTEROP_KEEP=1 keeps the temp folders (and the requests) for inspection.
import { appendFileSync, copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { FakeStep } from "../fixtures/fake-model-server.js";
import { processesRunning, startCli, waitFor } from "../faults/support.js";
import { runCli } from "../support/cli.js";
import { useInteropServer } from "./interop-server.js";
import { textOf, type Item } from "./rollout-items.js";
import {
  describeRun,
  jsonLines,
  requireOrSkip,
  rolloutFiles,
  runUpstream,
  startUpstream,
  upstreamExecResume,
} from "./upstream-peer.js";

const peer = await requireOrSkip("resume-requests-side-by-side");
const interop = useInteropServer(peer, "sk-interop-resume-requests");
const { env } = interop;

/** No compaction while resuming: both tools send the recorded history as it is. */
const NO_COMPACTION = ["-c", "model_auto_compact_token_limit=100000000"];
const PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

type Json = Record<string, unknown>;
const CONTEXTUAL = /^(<environment_context>|<user_instructions>|# AGENTS\.md instructions|<permissions)/;

/** An id a tool made for an item of its own: `msg_`, `fco_` or `ctco_` and a UUID v7. */
const MADE_ID = /^(msg|fco|ctco)_[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/**
 * The conversation a request carries, without what each tool adds of its own, items compared
 * whole: ids and status included. Only the id of an item made for the new prompt (in neither
 * file) differs from tool to tool: it must have upstream's form, and is compared as that form.
 */
function conversation(input: Item[], recorded: ReadonlySet<string>): Json[] {
  return input
    .filter((i) => !(i.type === "message" && (i.role === "developer" || CONTEXTUAL.test(textOf(i)))))
    .map((i) => {
      const item = i as Json;
      const id = item.id;
      if (typeof id !== "string" || recorded.has(id) || !MADE_ID.test(id)) return item;
      return { ...item, id: `${id.slice(0, id.indexOf("_"))}_<made for this request>` };
    });
}

const lastInput = (model: string) => (interop.server.requests(model).at(-1)?.body as { input: Item[] }).input;

/** Upstream records a session (`exec --json … <args>`) in a fresh CODEX_HOME; its id and file. */
async function recordedByUpstream(model: string, steps: FakeStep[], args: string[], extra: string[] = []) {
  const { codexHome, repo } = interop.home(model, "interop-rr-");
  writeFileSync(path.join(repo, "shot.png"), Buffer.from(PNG, "base64"));
  interop.server.setScript(model, steps);
  const up = await runUpstream(
    ["exec", "--json", "--skip-git-repo-check", "--dangerously-bypass-approvals-and-sandbox", ...extra, ...args],
    { codexHome, cwd: repo, env, timeoutMs: 90_000 },
  );
  expect(up.code, describeRun("upstream exec", up)).toBe(0);
  return { codexHome, repo, ...recorded(codexHome, up.stdout) };
}

function recorded(codexHome: string, stdout: string) {
  const id = jsonLines(stdout).find((e) => e.type === "thread.started")?.thread_id as string;
  const [file] = rolloutFiles(codexHome);
  expect(file).toContain(id);
  return { id, file: file as string };
}

/**
 * Upstream and ours each resume a copy of `file` (from `repo`) with the same prompt; the
 * conversation each sent, and the records of the file.
 */
async function resumeBoth(model: string, session: { codexHome: string; repo: string; id: string; file: string }) {
  const ours = interop.home(model, "interop-rr-ours-");
  const copy = path.join(ours.codexHome, path.relative(session.codexHome, session.file));
  mkdirSync(path.dirname(copy), { recursive: true });
  copyFileSync(session.file, copy);
  const records = readFileSync(session.file, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as { type: string; payload: Json });
  interop.server.setScript(model, [{ text: "upstream resumed" }, { text: "ours resumed" }]);
  const up = await upstreamExecResume(session.id, "and now?", {
    codexHome: session.codexHome,
    cwd: session.repo,
    env: { ...env },
    timeoutMs: 90_000,
  });
  expect(up.code, describeRun("upstream exec resume", up)).toBe(0);
  const upstream = lastInput(model);
  const o = await runCli(["exec", "resume", session.id, ...NO_COMPACTION, "-C", session.repo, "and now?"], {
    home: ours.codexHome,
    env,
    timeoutMs: 90_000,
  });
  expect(o.code, describeRun("codex-litellm exec resume", o)).toBe(0);
  expect(o.stdout).toContain("ours resumed");
  // The ids the file holds before either resumes it.
  const recorded = new Set(
    JSON.stringify(records)
      .match(/"id":"[^"]+"/g)
      ?.map((m) => m.slice(6, -1)),
  );
  return { upstream: conversation(upstream, recorded), ours: conversation(lastInput(model), recorded), records };
}

describe.skipIf(!peer.available)("resuming upstream 0.171's sessions: ours sends what upstream sends", () => {
  it("tool calls", { timeout: 240_000 }, async () => {
    const model = `interop-rr-tools-${process.pid}`;
    const session = await recordedByUpstream(
      model,
      [
        { shell: ["bash", "-lc", "echo first-tool-output"] },
        { shell: ["bash", "-lc", "echo second-tool-output; exit 3"] },
        { text: "both ran" },
      ],
      ["run two commands"],
    );
    const { upstream, ours } = await resumeBoth(model, session);
    expect(upstream.filter((i) => i.type === "function_call")).toHaveLength(2);
    expect(ours).toEqual(upstream);
  });

  it("a compaction", { timeout: 240_000 }, async () => {
    const model = `interop-rr-compact-${process.pid}`;
    // Over the limit after the first answer, with a call to follow up: upstream compacts mid-turn.
    const session = await recordedByUpstream(
      model,
      [
        { shell: ["bash", "-lc", "echo before-compaction"], usage: { input_tokens: 9000, output_tokens: 200 } },
        { text: "SUMMARY: the user asked a first question." },
        { text: "answered after the compaction" },
      ],
      ["first question"],
      ["-c", "model_auto_compact_token_limit=5000", "-c", "model_context_window=100000"],
    );
    const { upstream, ours, records } = await resumeBoth(model, session);
    expect(records.filter((r) => r.type === "compacted")).toHaveLength(1);
    expect(upstream.some((i) => textOf(i as Item).includes("SUMMARY: the user asked a first question."))).toBe(true);
    expect(ours).toEqual(upstream);
  });

  it("an interrupted turn (and both exit alike on SIGINT)", { timeout: 240_000 }, async () => {
    const model = `interop-rr-int-${process.pid}`;
    const tag = `${Date.now() % 1000}${process.pid}`;
    const steps: FakeStep[] = [{ shell: ["bash", "-lc", `echo started; sleep 33${tag}`] }, { text: "never" }];
    const { codexHome, repo } = interop.home(model, "interop-rr-");
    interop.server.setScript(model, steps);
    const up = await startUpstream(
      ["exec", "--json", "--skip-git-repo-check", "--dangerously-bypass-approvals-and-sandbox", "start it"],
      { codexHome, cwd: repo, env, timeoutMs: 90_000 },
    );
    await waitFor("upstream's command to run", () => processesRunning(`sleep 33${tag}`).length > 0, 30_000);
    up.child.kill("SIGINT");
    const upDone = await up.done;
    const session = { codexHome, repo, ...recorded(codexHome, upDone.stdout) };
    const aborted = readFileSync(session.file, "utf8");
    expect(aborted).toContain('"turn_aborted"');

    // Ours, interrupted the same way, exits with upstream's status.
    const oursHome = interop.home(model, "interop-rr-int-ours-");
    interop.server.setScript(model, steps);
    const run = startCli(
      ["exec", "--json", "--skip-git-repo-check", "--dangerously-bypass-approvals-and-sandbox", "-C", repo, "start it"],
      { home: oursHome.codexHome, env },
    );
    await waitFor("our command to run", () => processesRunning(`sleep 33${tag}`).length > 0, 30_000);
    run.child.kill("SIGINT");
    const oursDone = await run.done;
    expect([oursDone.code, upDone.code]).toEqual([1, 1]);

    const { upstream, ours } = await resumeBoth(model, session);
    expect(upstream.some((i) => textOf(i as Item).startsWith("<turn_aborted>"))).toBe(true);
    expect(ours).toEqual(upstream);
  });

  it("an image", { timeout: 240_000 }, async () => {
    const model = `interop-rr-image-${process.pid}`;
    const session = await recordedByUpstream(
      model,
      [{ text: "a single pixel" }],
      ["--image", "shot.png", "--", "what is this?"],
    );
    const { upstream, ours } = await resumeBoth(model, session);
    expect(JSON.stringify(upstream)).toContain("input_image");
    expect(ours).toEqual(upstream);
  });

  it("reasoning", { timeout: 240_000 }, async () => {
    const model = `interop-rr-reasoning-${process.pid}`;
    const session = await recordedByUpstream(
      model,
      [
        { reasoning: "first I look at the files", shell: ["bash", "-lc", "echo thought-then-ran"] },
        { reasoning: "now I answer", text: "done thinking" },
      ],
      ["think, then run a command"],
      ["-c", 'model_reasoning_effort="high"', "-c", 'model_reasoning_summary="auto"'],
    );
    const { upstream, ours } = await resumeBoth(model, session);
    expect(upstream.filter((i) => i.type === "reasoning")).toHaveLength(2);
    expect(ours).toEqual(upstream);
  });

  it("a web search", { timeout: 240_000 }, async () => {
    const model = `interop-rr-search-${process.pid}`;
    const session = await recordedByUpstream(
      model,
      [{ output: [{ type: "web_search", query: "litellm proxy docs" }], text: "found the docs" }],
      ["look it up"],
    );
    const { upstream, ours } = await resumeBoth(model, session);
    expect(upstream.some((i) => i.type === "web_search_call")).toBe(true);
    expect(ours).toEqual(upstream);
  });

  it("remote compaction items, with their ids", { timeout: 240_000 }, async () => {
    const model = `interop-rr-remote-${process.pid}`;
    const session = await recordedByUpstream(model, [{ text: "noted" }], ["remember this"]);
    // What a remote compaction leaves in upstream's file (numbered on, as upstream numbers its lines).
    const lines = readFileSync(session.file, "utf8").trim().split("\n");
    let ordinal = Math.max(...lines.map((l) => Number((JSON.parse(l) as { ordinal?: number }).ordinal ?? 0)));
    const timestamp = new Date().toISOString();
    for (const payload of [
      { type: "compaction", id: "cmp_interop01", encrypted_content: "gAAAA-interop-compaction" },
      { type: "context_compaction", id: "ctxc_interop02", encrypted_content: "gAAAA-interop-context" },
    ])
      appendFileSync(
        session.file,
        `${JSON.stringify({ timestamp, ordinal: ++ordinal, type: "response_item", payload })}\n`,
      );
    const { upstream, ours } = await resumeBoth(model, session);
    expect(upstream.filter((i) => String(i.type).endsWith("compaction")).map((i) => i.id)).toEqual([
      "cmp_interop01",
      "ctxc_interop02",
    ]);
    expect(ours).toEqual(upstream);
  });
});
