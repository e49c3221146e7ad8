// Interop, direction 2: a session recorded by real upstream Codex 0.171.0 resumes in codex-litellm,
// and stays resumable by upstream after we appended to it.
//
// Proves: we read upstream's newer rollout format (ordinal, world_state, token_usage_record,
// item_completed, exec_command calls with string outputs, base instructions kept in
// session_meta): `codex-litellm exec resume <its id>` exits 0 and sends the model upstream's
// whole conversation in order — user prompt, its `exec_command` function_call, the call's
// output, its answer — followed by our new prompt. The lines we append keep the file valid for
// upstream: `codex exec resume --last` afterwards exits 0 on the same thread and sends the model
// our turn too.
//
// Both tools run against one fake model server on 127.0.0.1 and share one CODEX_HOME outside
// /tmp (upstream refuses to put helper binaries under /tmp) that holds ONE config.toml.
// INTEROP_KEEP=1 keeps the temp folders (CODEX_HOME, repo, requests.json) for inspection.

import { describe, expect, it } from "vitest";
import { runCli } from "../support/cli.js";
import { describeRun, jsonLines, requireOrSkip, rolloutFiles, runUpstream } from "./upstream-peer.js";
import { useInteropServer } from "./interop-server.js";
import { lines, outputText, textOf, type Item } from "./rollout-items.js";

const peer = await requireOrSkip("upstream-to-ours");

const interop = useInteropServer(peer, "sk-interop-upstream-to-ours");
const { env } = interop;

const summary = (input: Item[]) =>
  JSON.stringify(input.map((i) => ({ type: i.type, role: i.role, name: i.name, text: textOf(i).slice(0, 60) })));

describe.skipIf(!peer.available)("upstream → ours", () => {
  it(
    "`codex-litellm exec resume <upstream id>` carries upstream's full history; upstream resumes the file again after us",
    { timeout: 120_000 },
    async () => {
      const { model, codexHome, repo } = interop.modelHome("interop-u2o");

      interop.server.setScript(model, [
        { shell: ["bash", "-lc", "echo upstream-tool-output"] }, // upstream: exec_command {cmd}
        { text: "upstream final answer" },
        { text: "ours continues" }, // our resume
        { text: "upstream again" }, // upstream's resume of the file we appended to
      ]);

      // 1. Upstream records a session: prompt → exec_command → output → answer.
      const up = await runUpstream(
        ["exec", "--json", "--skip-git-repo-check", "-s", "workspace-write", "upstream first question"],
        { codexHome, cwd: repo, env, timeoutMs: 90_000 },
      );
      expect(up.code, describeRun("upstream exec", up)).toBe(0);
      const threadId = jsonLines(up.stdout).find((e) => e.type === "thread.started")?.thread_id as string;
      expect(threadId).toMatch(/^[0-9a-f-]{36}$/);
      const command = jsonLines(up.stdout).find(
        (e) => e.type === "item.completed" && (e.item as { type?: string }).type === "command_execution",
      )?.item as { exit_code?: number } | undefined;
      expect(command?.exit_code, describeRun("upstream exec", up)).toBe(0);
      const files = rolloutFiles(codexHome);
      expect(files).toHaveLength(1);
      const rollout = files[0] as string;
      expect(rollout).toContain(threadId);
      const upstreamLines = lines(rollout).length;
      expect(interop.server.requests(model)).toHaveLength(2);

      // 2. codex-litellm resumes it by id.
      const ours = await runCli(["exec", "resume", threadId, "--json", "-C", repo, "ours next"], {
        home: codexHome,
        env,
        timeoutMs: 60_000,
      });
      expect(ours.code, describeRun("codex-litellm exec resume", ours)).toBe(0);
      expect(jsonLines(ours.stdout).find((e) => e.type === "thread.started")?.thread_id).toBe(threadId);
      expect(
        jsonLines(ours.stdout).some(
          (e) => e.type === "item.completed" && (e.item as { text?: string }).text === "ours continues",
        ),
      ).toBe(true);
      const reqs = interop.server.requests(model);
      expect(reqs).toHaveLength(3);
      const input = (reqs[2]!.body as { input: Item[] }).input;
      const at = (pred: (i: Item) => boolean) => input.findIndex(pred);
      const iUser = at((i) => i.type === "message" && i.role === "user" && textOf(i) === "upstream first question");
      const iCall = at((i) => i.type === "function_call" && i.name === "exec_command");
      const call = input[iCall];
      const iOut = at((i) => i.type === "function_call_output" && i.call_id === call?.call_id);
      const iAnswer = at(
        (i) => i.type === "message" && i.role === "assistant" && textOf(i) === "upstream final answer",
      );
      const iNext = at((i) => i.type === "message" && i.role === "user" && textOf(i) === "ours next");
      const order = [iUser, iCall, iOut, iAnswer, iNext];
      expect({ iUser, iCall, iOut, iAnswer, iNext }, summary(input)).toSatisfy((ix: Record<string, number>) =>
        Object.values(ix).every((v) => v >= 0),
      );
      expect(order, `in order: ${summary(input)}`).toEqual([...order].sort((a, b) => a - b));
      expect(JSON.parse(call?.arguments ?? "{}")).toMatchObject({
        cmd: expect.stringContaining("echo upstream-tool-output"),
      });
      expect(outputText(input[iOut]?.output)).toContain("upstream-tool-output");
      // Upstream's prompt is ONE user message in the history (not duplicated from item_completed/user_message records).
      expect(input.filter((i) => i.type === "message" && textOf(i) === "upstream first question")).toHaveLength(1);
      expect(input.filter((i) => i.type === "function_call")).toHaveLength(1);

      // We appended to upstream's file.
      expect(rolloutFiles(codexHome)).toEqual([rollout]);
      const afterOurs = lines(rollout);
      expect(afterOurs.length).toBeGreaterThan(upstreamLines);
      expect(afterOurs.filter((r) => r.type === "session_meta")).toHaveLength(1);
      // Upstream's file is "paginated" (session_meta.history_mode): every record carries a
      // contiguous `ordinal`, and upstream refuses to resume when the final record has none
      // ("final paginated rollout record ... is missing an ordinal"). Ours must continue it.
      expect
        .soft(
          afterOurs.slice(upstreamLines).map((r) => (r as { ordinal?: number }).ordinal),
          "ordinals of the records codex-litellm appended to upstream's paginated rollout",
        )
        .toEqual(afterOurs.slice(upstreamLines).map((_, k) => upstreamLines + k));

      // 3. Upstream resumes the file we appended to.
      const again = await runUpstream(
        ["exec", "resume", "--last", "--skip-git-repo-check", "--json", "upstream third"],
        { codexHome, cwd: repo, env, timeoutMs: 90_000 },
      );
      expect(again.timedOut, describeRun("upstream exec resume --last", again)).toBe(false);
      expect(again.code, describeRun("upstream exec resume --last", again)).toBe(0);
      expect(jsonLines(again.stdout).find((e) => e.type === "thread.started")?.thread_id).toBe(threadId);
      const last = interop.server.requests(model);
      expect(last).toHaveLength(4);
      const input3 = (last[3]!.body as { input: Item[] }).input;
      const texts3 = input3.filter((i) => i.type === "message").map(textOf);
      // Upstream sees all three turns, ours included, in order.
      const seq = [
        "upstream first question",
        "upstream final answer",
        "ours next",
        "ours continues",
        "upstream third",
      ].map((t) => texts3.indexOf(t));
      expect(
        seq.every((v) => v >= 0),
        summary(input3),
      ).toBe(true);
      expect(seq, summary(input3)).toEqual([...seq].sort((a, b) => a - b));
      expect(rolloutFiles(codexHome)).toEqual([rollout]);
    },
  );
});
