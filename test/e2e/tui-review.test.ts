// /review in the interactive UI (tmux): upstream's presets (a base branch, uncommitted changes, a
// commit, custom instructions; `/review <instructions>` directly), run on review_model, the
// findings shown as upstream shows them, and the next message carries them to the session's model.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { hasTmux } from "../support/tmux.js";
import { useTuiHarness } from "../support/tui-harness.js";

const KEY = "sk-tui-review-123456";
const tui = useTuiHarness({ apiKey: KEY });

/** The harness's repository, committed on branch `base`, then on `feature` with an uncommitted bug. */
function prepare(repo: string): string {
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.email=t@t", "-c", "user.name=t", ...args], { cwd: repo, encoding: "utf8" });
  git("add", ".");
  git("commit", "-qm", "first commit");
  git("branch", "-M", "base");
  git("checkout", "-qb", "feature");
  writeFileSync(path.join(repo, "math.js"), "export function add(a, b) {\n  return a * b;\n}\n");
  git("commit", "-qam", "multiply instead");
  writeFileSync(path.join(repo, "notes.txt"), "uncommitted\n");
  return git("rev-parse", "HEAD").trim();
}

const lastBody = (model: string) => JSON.stringify(tui.server.requests(model).at(-1)?.body ?? {});

describe.skipIf(!hasTmux)("/review in the UI", () => {
  it("uncommitted changes: runs on review_model, shows the findings; the next message carries them", async () => {
    const model = "tui-review-main";
    const reviewer = "tui-review-rev";
    const where = tui.setup(model, `review_model = "${reviewer}"`);
    prepare(where.repo);
    const review = {
      findings: [
        {
          title: "[P1] add() multiplies",
          body: "add(2, 3) returns 6.",
          confidence_score: 0.9,
          priority: 1,
          code_location: { absolute_file_path: path.join(where.repo, "math.js"), line_range: { start: 2, end: 2 } },
        },
      ],
      overall_correctness: "patch is incorrect",
      overall_explanation: "The change breaks add().",
      overall_confidence_score: 0.8,
    };
    tui.server.setScript(reviewer, [{ text: JSON.stringify(review) }]);
    tui.server.setScript(model, [{ text: "Fixed it." }]);
    const term = tui.launch(where, { width: 140 });
    await term.waitFor("Ask anything");
    const presets = await term.send("/review", "Select a review preset");
    for (const preset of ["Review against a base branch", "Review uncommitted changes", "Review a commit"])
      expect(presets).toContain(preset);
    expect(presets).toContain("Custom review instructions");
    term.press("Down");
    const screen = await term.key("Enter", "add(2, 3) returns 6.");
    expect(screen).toContain("Code review started: current changes");
    expect(screen).toContain("The change breaks add().");
    expect(screen).toContain("Review comment:");
    expect(screen).toMatch(/\[P1\] add\(\) multiplies — \S*math\.js:2-2/);
    expect(tui.server.requests(model)).toHaveLength(0);
    expect(lastBody(reviewer)).toContain("not committed yet");

    await term.send("fix the P1", "Fixed it.");
    const followUp = lastBody(model);
    expect(followUp).toContain("[P1] add() multiplies");
    expect(followUp).toContain("fix the P1");
  });

  it("a base branch, a commit and custom instructions are picked and sent to the reviewer", async () => {
    const model = "tui-review-pick";
    const where = tui.setup(model);
    const head = prepare(where.repo);
    tui.server.setScript(model, [
      { text: "Branch looks fine." },
      { text: "Commit looks fine." },
      { text: "Tests fine." },
      { text: "Inline fine." },
    ]);
    const term = tui.launch(where, { width: 140 });
    await term.waitFor("Ask anything");

    await term.send("/review", "Select a review preset");
    const branches = await term.key("Enter", "Select a base branch");
    expect(branches).toContain("base");
    expect(branches).not.toMatch(/› feature/);
    await term.key("Enter", "Branch looks fine.");
    expect(term.screen()).toContain("Code review started: changes against 'base'");
    expect(lastBody(model)).toContain("would bring into 'base'");

    await term.send("/review", "Select a review preset");
    term.press("Down", "Down");
    const commits = await term.key("Enter", "Select a commit to review");
    expect(commits).toContain("multiply instead");
    expect(commits).toContain("first commit");
    await term.key("Enter", "Commit looks fine.");
    expect(term.screen()).toContain(`Code review started: commit ${head.slice(0, 7)}: multiply instead`);
    expect(lastBody(model)).toContain(`commit ${head} (\\"multiply instead\\")`);

    await term.send("/review", "Select a review preset");
    term.press("Down", "Down", "Down");
    // The step's own hint: the preset list shows "Custom review instructions" too.
    await term.key("Enter", "Enter start the review");
    await term.send("look only at the tests", "Tests fine.");
    expect(lastBody(model)).toContain("look only at the tests");

    await term.send("/review check the error paths", "Inline fine.");
    expect(term.screen()).toContain("Code review started: check the error paths");
    expect(lastBody(model)).toContain("check the error paths");
  });
});
