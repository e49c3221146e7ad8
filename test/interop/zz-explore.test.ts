import { writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { useInteropServer } from "./interop-server.js";
import { describeRun, requireOrSkip, runUpstream, upstreamExecResume, jsonLines } from "./upstream-peer.js";

const peer = await requireOrSkip("zz");
const interop = useInteropServer(peer, "sk-zz");
const { env } = interop;

describe.skipIf(!peer.available)("explore", () => {
  it("items", { timeout: 240_000 }, async () => {
    const { model, codexHome, repo } = interop.modelHome("zz-explore");
    writeFileSync(`${codexHome}/AGENTS.md`, "be nice\n");
    interop.server.setScript(model, [
      { reasoning: "thinking hard", custom_tool_call: { name: "apply_patch", input: "*** Begin Patch\n*** Add File: a.txt\n+hi\n*** End Patch\n" } },
      { function_call: { name: "update_plan", arguments: { plan: [{ step: "x", status: "completed" }] } } },
      { reasoning: "more", text: "done one" },
      { text: "done two" },
    ]);
    const up = await runUpstream(
      ["exec", "--json", "--skip-git-repo-check", "--dangerously-bypass-approvals-and-sandbox", "-c", "model_reasoning_summary=\"auto\"", "do it"],
      { codexHome, cwd: repo, env, timeoutMs: 90_000 },
    );
    expect(up.code, describeRun("up", up)).toBe(0);
    const id = jsonLines(up.stdout).find((e) => e.type === "thread.started")?.thread_id as string;
    const r = await upstreamExecResume(id, "again", { codexHome, cwd: repo, env, timeoutMs: 90_000 });
    expect(r.code, describeRun("up2", r)).toBe(0);
  });
});
