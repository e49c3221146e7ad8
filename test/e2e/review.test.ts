// Code review through the built CLI (`exec review`, `review`): the reviewer runs on `review_model`
// (else the session's model) with the review instructions instead of the model's and without
// AGENTS.md; its JSON answer is shown as upstream shows findings (human and --json); the rollout
// records upstream's entered/exited_review_mode events and keeps the result in the history, so
// the next turn (after a resume) sees the findings.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeModelServer, type FakeModelServer } from "../fixtures/fake-model-server.js";
import { runCli, tempHome } from "../support/cli.js";
import { makeRepo } from "./exec-scenario.js";

const KEY = "sk-review-e2e";
let server: FakeModelServer;
beforeAll(async () => {
  server = await startFakeModelServer({ apiKey: KEY });
});
afterAll(() => server.close());

const env = { LITELLM_API_KEY: KEY };
let n = 0;
const models = () => ({ main: `review-main-${++n}`, reviewer: `review-rev-${n}` });

function home(model: string, extra = ""): string {
  return tempHome(
    `model = "${model}"\nmodel_provider = "litellm"\n${extra}\n` +
      `[model_providers.litellm]\nbase_url = "${server.url}"\nenv_key = "LITELLM_API_KEY"\n`,
  );
}

/** A repository with one commit and an uncommitted bug in math.js. */
function repoWithChange(): string {
  const repo = makeRepo();
  writeFileSync(path.join(repo, "AGENTS.md"), "AGENTS-MARKER: project rules\n");
  execFileSync("git", ["add", "."], { cwd: repo });
  execFileSync("git", ["-c", "user.email=t@t", "-c", "user.name=t", "commit", "-qm", "init"], { cwd: repo });
  writeFileSync(path.join(repo, "math.js"), "export function add(a, b) {\n  return a * b;\n}\n");
  return repo;
}

const finding = (repo: string) => ({
  title: "[P1] add() multiplies",
  body: "add(2, 3) returns 6.\nIt must return the sum.",
  confidence_score: 0.9,
  priority: 1,
  code_location: { absolute_file_path: path.join(repo, "math.js"), line_range: { start: 2, end: 2 } },
});
const reviewJson = (repo: string) =>
  JSON.stringify({
    findings: [finding(repo)],
    overall_correctness: "patch is incorrect",
    overall_explanation: "The change breaks add().",
    overall_confidence_score: 0.8,
  });

/** Every session file's lines, the reviewed session's first (the reviewer records its own, as upstream). */
function rolloutFiles(codexHome: string): Record<string, unknown>[][] {
  const dir = path.join(codexHome, "sessions");
  const files = readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".jsonl"));
  const parsed = files.map((f) =>
    readFileSync(path.join(dir, f), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>),
  );
  const isReviewer = (lines: Record<string, unknown>[]) =>
    JSON.stringify((lines[0]?.payload as { source?: unknown } | undefined)?.source) === '{"subagent":"review"}';
  return [...parsed.filter((l) => !isReviewer(l)), ...parsed.filter(isReviewer)];
}

const payloads = (lines: Record<string, unknown>[], type: string) =>
  lines.filter((l) => l.type === type).map((l) => l.payload as Record<string, unknown>);

describe("exec review", () => {
  it("--uncommitted runs on review_model, shows the findings in --json, records review mode; a resume sees them", async () => {
    const { main, reviewer } = models();
    const codexHome = home(main, `review_model = "${reviewer}"`);
    const repo = repoWithChange();
    server.setScript(reviewer, [{ shell: ["bash", "-lc", "git diff --stat"] }, { text: reviewJson(repo) }]);
    const r = await runCli(["exec", "review", "--uncommitted", "--json", "-C", repo], { home: codexHome, env });
    expect(r.code, r.stderr).toBe(0);

    // The reviewer's requests went to review_model; the session's model was not asked.
    expect(server.requests(main)).toHaveLength(0);
    const sent = server.requests(reviewer);
    expect(sent).toHaveLength(2);
    const body = JSON.stringify(sent[0]?.body);
    expect(body).toContain("You are reviewing a code change written by a colleague");
    expect(body).toContain("Review the changes in the working tree that are not committed yet");
    expect(body).not.toContain("AGENTS-MARKER");

    // --json: the reviewer's command, then the rendered findings as the agent's message.
    const events = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { type: string; item?: { type: string; text?: string; command?: string } });
    expect(events.some((e) => e.item?.type === "command_execution" && e.item.command?.includes("git diff"))).toBe(true);
    const message = events.find((e) => e.type === "item.completed" && e.item?.type === "agent_message");
    expect(message?.item?.text).toBe(
      `The change breaks add().\n\nReview comment:\n\n- [P1] add() multiplies — ${path.join(repo, "math.js")}:2-2\n  add(2, 3) returns 6.\n  It must return the sum.`,
    );
    expect(events.at(-1)?.type).toBe("turn.completed");

    // The rollout: upstream's review events, the result in the history.
    const [lines = [], reviewerLines = [], ...more] = rolloutFiles(codexHome);
    expect(more).toHaveLength(0);
    const threadId = (lines[0]?.payload as { id: string }).id;
    // The reviewer's own session, as upstream records it: its conversation, under the reviewed session.
    expect(reviewerLines[0]?.payload).toMatchObject({ parent_thread_id: threadId, source: { subagent: "review" } });
    const reviewerItems = JSON.stringify(payloads(reviewerLines, "response_item"));
    expect(reviewerItems).toContain("Review the changes in the working tree that are not committed yet");
    expect(reviewerItems).toContain("git diff --stat");
    const msgs = payloads(lines, "event_msg");
    expect(msgs.find((p) => p.type === "entered_review_mode")).toEqual({
      type: "entered_review_mode",
      target: { type: "uncommittedChanges" },
      user_facing_hint: "current changes",
    });
    const exited = msgs.find((p) => p.type === "exited_review_mode");
    expect(exited?.review_output).toEqual(JSON.parse(reviewJson(repo)));
    const items = JSON.stringify(payloads(lines, "response_item"));
    expect(items).toContain("<user_action>");
    expect(items).toContain("[P1] add() multiplies");
    // The answer shown is kept as upstream keeps it, with an id of upstream's form.
    const answer = payloads(lines, "response_item").find((p) => p.role === "assistant");
    expect(answer?.id).toMatch(/^msg_[0-9a-f]{8}-[0-9a-f]{4}-7/);

    // The next turn carries the review's result.
    server.setScript(main, [{ text: "fixed" }]);
    const next = await runCli(["exec", "resume", "--last", "--json", "-C", repo, "fix the P1"], {
      home: codexHome,
      env,
    });
    expect(next.code, next.stderr).toBe(0);
    // `resume --last` takes the reviewed session, never the reviewer's (upstream's choice too).
    expect(next.stdout).toContain(`"thread_id":"${threadId}"`);
    const followUp = JSON.stringify(server.requests(main).at(-1)?.body);
    expect(followUp).toContain("[P1] add() multiplies");
    expect(followUp).toContain("The change breaks add().");
  });

  it("without review_model the session's model reviews; human output prints the hint and the findings", async () => {
    const { main } = models();
    const codexHome = home(main);
    const repo = repoWithChange();
    server.setScript(main, [{ text: `Here is my review:\n${reviewJson(repo)}` }]);
    const r = await runCli(["review", "--commit", "HEAD", "--title", "init", "-C", repo], { home: codexHome, env });
    expect(r.code, r.stderr).toBe(0);
    expect(server.requests(main)).toHaveLength(1);
    expect(JSON.stringify(server.requests(main)[0]?.body)).toContain('changes made by commit HEAD (\\"init\\")');
    expect(r.stderr).toContain("commit HEAD: init");
    expect(r.stdout).toContain("The change breaks add().\n\nReview comment:\n\n- [P1] add() multiplies — ");
  });

  it("custom instructions from stdin; a reviewer answering in prose is shown as it wrote it", async () => {
    const { main, reviewer } = models();
    const codexHome = home(main, `review_model = "${reviewer}"`);
    const repo = repoWithChange();
    server.setScript(reviewer, [{ text: "Looks fine to me." }]);
    const r = await runCli(["exec", "review", "-", "-C", repo], {
      home: codexHome,
      env,
      input: "Check the error handling only",
    });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.stringify(server.requests(reviewer)[0]?.body)).toContain("Check the error handling only");
    expect(r.stdout.trim()).toBe("Looks fine to me.");
  });

  it.each([
    [[], "give --uncommitted, --base <branch>, --commit <sha>, or custom review instructions"],
    [["--title", "x"], "--title needs --commit <sha>"],
    [["--uncommitted", "focus here"], "--uncommitted and custom instructions cannot be combined"],
    [["--uncommitted", "--base", "main"], "cannot be used with option '--base <branch>'"],
  ])("%j is refused in one line", async (args, message) => {
    const r = await runCli(["exec", "review", ...args], { home: home("unused"), env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(server.requests("unused")).toHaveLength(0);
  });
});
