// A goal set in a session upstream Codex 0.171 recorded, resumed by codex-litellm: upstream keeps
// goals in its own database, so ours takes the goal from the last goal-tool answer in the resumed
// history; the model's get_goal then answers upstream's goal, and completing it gives upstream's
// completion report. Upstream then resumes the file we appended to.
import { describe, expect, it } from "vitest";
import { runCli } from "../support/cli.js";
import { describeRun, jsonLines, requireOrSkip, upstreamMustSucceed } from "./upstream-peer.js";
import { useInteropServer } from "./interop-server.js";

const peer = await requireOrSkip("goals-resume");
const interop = useInteropServer(peer, "sk-interop-goals");
const { env } = interop;

const call = (name: string, args: Record<string, unknown>) => ({ function_call: { name, arguments: args } });

function outputsSent(model: string): string[] {
  const body = interop.server.requests(model).at(-1)?.body as { input: { type: string; output?: unknown }[] };
  return body.input.filter((i) => i.type === "function_call_output").map((i) => String(i.output));
}

describe.skipIf(!peer.available)("goals across upstream and ours", () => {
  it("upstream's goal is the goal when ours resumes its session", { timeout: 180_000 }, async () => {
    const { model, codexHome, repo } = interop.modelHome("interop-goal");
    interop.server.setScript(model, [
      call("create_goal", { objective: "Ship the release", token_budget: 80_000 }),
      { text: "goal set" },
      call("get_goal", {}), // ours
      call("update_goal", { status: "complete" }),
      { text: "done" },
      { text: "upstream again" },
    ]);
    const up = await upstreamMustSucceed("upstream exec", ["exec", "--json", "--skip-git-repo-check", "set a goal"], {
      codexHome,
      cwd: repo,
      env,
    });
    const threadId = jsonLines(up.stdout).find((e) => e.type === "thread.started")?.thread_id as string;

    const ours = await runCli(["exec", "resume", threadId, "--json", "-C", repo, "where are we?"], {
      home: codexHome,
      env,
      timeoutMs: 60_000,
    });
    expect(ours.code, describeRun("codex-litellm exec resume", ours)).toBe(0);
    const [got = "", completed = ""] = outputsSent(model).slice(-2);
    expect(JSON.parse(got)).toMatchObject({
      goal: { threadId, objective: "Ship the release", status: "active", tokenBudget: 80_000 },
      remainingTokens: expect.any(Number) as number,
      completionBudgetReport: null,
    });
    expect(JSON.parse(completed)).toMatchObject({
      goal: { objective: "Ship the release", status: "complete" },
      completionBudgetReport: expect.stringMatching(/^Goal achieved\./) as string,
    });

    const again = await upstreamMustSucceed(
      "upstream exec resume --last",
      ["exec", "resume", "--last", "--skip-git-repo-check", "--json", "and now?"],
      { codexHome, cwd: repo, env },
    );
    expect(again.stdout).toContain("upstream again");
  });
});
