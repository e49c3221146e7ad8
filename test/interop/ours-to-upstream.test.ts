// Interop, direction 1: a session recorded by codex-litellm resumes in real upstream Codex.
//
// Proves: our `exec` writes a rollout (and reads a config.toml) that upstream Codex 0.171.0
// accepts as-is (the pinned UPSTREAM_VERSION) — `codex exec resume <our id>` exits 0, continues the SAME thread (same id in
// `thread.started`, same rollout file, appended to) and sends the model our whole earlier
// conversation: the user prompt, our shell tool call and its output, and our answer.
//
// Both tools run against one fake model server on 127.0.0.1 and share one CODEX_HOME outside
// /tmp (upstream refuses to put helper binaries under /tmp) that holds ONE config.toml.
// Finally we resume the file upstream appended to, closing the round trip.
// INTEROP_KEEP=1 keeps the temp folders (CODEX_HOME, repo, requests.json) for inspection.

import { describe, expect, it } from "vitest";
import { runCli } from "../support/cli.js";
import { describeRun, jsonLines, requireOrSkip, rolloutFiles, runUpstream, UPSTREAM_VERSION } from "./upstream-peer.js";
import { useInteropServer } from "./interop-server.js";
import { lines, outputText, textOf, type Item } from "./rollout-items.js";

const peer = await requireOrSkip("ours-to-upstream");

const interop = useInteropServer(peer, "sk-interop-ours-to-upstream");
const { env } = interop;

describe.skipIf(!peer.available)("ours → upstream", () => {
  it(
    "upstream `codex exec resume <our id>` continues our session with our history, in our rollout file",
    { timeout: 120_000 },
    async () => {
      const { model, codexHome, repo } = interop.modelHome("interop-o2u");

      interop.server.setScript(model, [
        { shell: ["bash", "-lc", "echo ours-tool-output"] },
        { text: "ours final answer" },
        { text: "upstream continues" },
        { text: "ours again" },
      ]);

      // 1. codex-litellm records a session: prompt → shell call → output → answer.
      const ours = await runCli(["exec", "--json", "--full-auto", "-C", repo, "ours first question"], {
        home: codexHome,
        env,
        timeoutMs: 60_000,
      });
      expect(ours.code, describeRun("codex-litellm exec", ours)).toBe(0);
      const threadId = jsonLines(ours.stdout).find((e) => e.type === "thread.started")?.thread_id as string;
      expect(threadId).toMatch(/^[0-9a-f-]{36}$/);
      const files = rolloutFiles(codexHome);
      expect(files).toHaveLength(1);
      const rollout = files[0] as string;
      expect(rollout).toContain(threadId);
      const linesBefore = lines(rollout).length;
      expect(interop.server.requests(model)).toHaveLength(2);

      // 2. Upstream resumes it by id (against the same config.toml and fake server).
      const up = await runUpstream(["exec", "resume", threadId, "--skip-git-repo-check", "--json", "next"], {
        codexHome,
        cwd: repo,
        env,
        timeoutMs: 90_000,
      });
      expect(up.timedOut, describeRun("upstream exec resume", up)).toBe(false);
      expect(up.code, describeRun("upstream exec resume", up)).toBe(0);
      const events = jsonLines(up.stdout);
      expect(events.find((e) => e.type === "thread.started")?.thread_id).toBe(threadId);
      expect(
        events.some(
          (e) =>
            e.type === "item.completed" &&
            (e.item as { type?: string; text?: string }).type === "agent_message" &&
            (e.item as { text?: string }).text === "upstream continues",
        ),
      ).toBe(true);

      // What upstream sent the model: our conversation, then its new prompt.
      const reqs = interop.server.requests(model);
      expect(reqs).toHaveLength(3);
      const upReq = reqs[2]!;
      expect(upReq.headers["user-agent"] ?? "").toMatch(
        new RegExp(`^codex_exec/${UPSTREAM_VERSION.replaceAll(".", "\\.")}`),
      );
      const input = (upReq.body as { input: Item[] }).input;
      const at = (pred: (i: Item) => boolean) => input.findIndex(pred);
      const iUser = at((i) => i.type === "message" && i.role === "user" && textOf(i) === "ours first question");
      const iCall = at((i) => i.type === "function_call");
      const call = input[iCall];
      const iOut = at((i) => i.type === "function_call_output" && i.call_id === call?.call_id);
      const iAnswer = at((i) => i.type === "message" && i.role === "assistant" && textOf(i) === "ours final answer");
      const iNext = at((i) => i.type === "message" && i.role === "user" && textOf(i) === "next");
      const dump = JSON.stringify(
        input.map((i) => ({ type: i.type, role: i.role, name: i.name, text: textOf(i).slice(0, 80) })),
      );
      expect({ iUser, iCall, iOut, iAnswer, iNext }, dump).toSatisfy((ix: Record<string, number>) =>
        Object.values(ix).every((v) => v >= 0),
      );
      expect([iUser, iCall, iOut, iAnswer, iNext], `in order: ${dump}`).toEqual(
        [iUser, iCall, iOut, iAnswer, iNext].sort((a, b) => a - b),
      );
      expect(call?.arguments ?? "").toContain("echo ours-tool-output");
      expect(outputText(input[iOut]?.output)).toContain("ours-tool-output");

      // Upstream appended to OUR rollout file; no second session was created.
      expect(rolloutFiles(codexHome)).toEqual([rollout]);
      const after = lines(rollout);
      expect(after.length).toBeGreaterThan(linesBefore);
      expect(after.filter((r) => r.type === "session_meta")).toHaveLength(1);
      const appended = after.slice(linesBefore);
      expect(
        appended.some(
          (r) => r.type === "event_msg" && r.payload.type === "user_message" && r.payload.message === "next",
        ),
      ).toBe(true);
      expect(
        appended.some(
          (r) => r.type === "response_item" && r.payload.type === "message" && r.payload.role === "assistant",
        ),
      ).toBe(true);

      // 3. Round trip: we resume the file upstream appended to, and see its turn.
      const back = await runCli(["exec", "resume", "--last", "--json", "-C", repo, "ours third"], {
        home: codexHome,
        env,
        timeoutMs: 60_000,
      });
      expect(back.code, describeRun("codex-litellm exec resume --last", back)).toBe(0);
      expect(jsonLines(back.stdout).find((e) => e.type === "thread.started")?.thread_id).toBe(threadId);
      const backInput = (interop.server.requests(model)[3]!.body as { input: Item[] }).input;
      const backTexts = backInput.filter((i) => i.type === "message").map(textOf);
      const seq = ["ours first question", "ours final answer", "next", "upstream continues", "ours third"].map((t) =>
        backTexts.indexOf(t),
      );
      expect(
        seq.every((v) => v >= 0),
        JSON.stringify(backTexts.map((t) => t.slice(0, 60))),
      ).toBe(true);
      expect(seq).toEqual([...seq].sort((a, b) => a - b));
      expect(rolloutFiles(codexHome)).toEqual([rollout]);
    },
  );
});
