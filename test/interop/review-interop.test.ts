// Interop of a review: a session whose only turn is our `exec review` (its entered/exited
// review-mode events, the result kept in the history) resumes in upstream Codex 0.171, which
// sends the model the review's findings with its next prompt.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../support/cli.js";
import { describeRun, jsonLines, requireOrSkip, runUpstream } from "./upstream-peer.js";
import { useInteropServer } from "./interop-server.js";

const peer = await requireOrSkip("review-interop");
const interop = useInteropServer(peer, "sk-interop-review");

describe.skipIf(!peer.available)("review → upstream", () => {
  it("upstream resumes our review session and sends its findings to the model", { timeout: 120_000 }, async () => {
    const model = `interop-review-${process.pid}`;
    const { codexHome, repo } = interop.home(model, "interop-review-");
    execFileSync("git", ["add", "."], { cwd: repo });
    execFileSync("git", ["-c", "user.email=t@t", "-c", "user.name=t", "commit", "-qm", "init"], { cwd: repo });
    writeFileSync(path.join(repo, "math.js"), "export function add(a, b) {\n  return a * b;\n}\n");
    const review = {
      findings: [
        {
          title: "[P1] add() multiplies",
          body: "It must return the sum.",
          confidence_score: 0.9,
          priority: 1,
          code_location: { absolute_file_path: path.join(repo, "math.js"), line_range: { start: 2, end: 2 } },
        },
      ],
      overall_correctness: "patch is incorrect",
      overall_explanation: "The change breaks add().",
      overall_confidence_score: 0.8,
    };
    interop.server.setScript(model, [{ text: JSON.stringify(review) }, { text: "upstream fixes it" }]);

    const ours = await runCli(["exec", "review", "--uncommitted", "--json", "-C", repo], {
      home: codexHome,
      env: interop.env,
      timeoutMs: 60_000,
    });
    expect(ours.code, describeRun("codex-litellm exec review", ours)).toBe(0);
    const threadId = jsonLines(ours.stdout).find((e) => e.type === "thread.started")?.thread_id as string;

    const up = await runUpstream(["exec", "resume", threadId, "--skip-git-repo-check", "--json", "fix the P1"], {
      codexHome,
      cwd: repo,
      env: interop.env,
      timeoutMs: 90_000,
    });
    expect(up.code, describeRun("upstream exec resume", up)).toBe(0);
    expect(jsonLines(up.stdout).find((e) => e.type === "thread.started")?.thread_id).toBe(threadId);
    const sent = JSON.stringify(interop.server.requests(model).at(-1)?.body);
    expect(sent).toContain("[P1] add() multiplies");
    expect(sent).toContain("fix the P1");
  });
});
