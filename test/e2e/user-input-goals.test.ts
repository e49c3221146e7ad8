// request_user_input and the goal tools through the built CLI and the fake model server, with
// the answers upstream Codex 0.171 sends (recorded from its exec against the same server):
// - request_user_input is offered, answers "unavailable in Default mode" unless
//   features.default_mode_request_user_input is on, and then exec (nobody to ask) answers
//   `{"answers":{}}`;
// - get_goal/create_goal/update_goal are offered unless features.goals = false, answer upstream's
//   JSON and refusals, charge tokens as upstream does, and the goal survives `exec resume`.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { FakeStep } from "../fixtures/fake-model-server.js";
import { runCli } from "../support/cli.js";
import { ENV, home, KEY, modelName, repo, useFakeServer } from "../faults/support.js";
import { rolloutFiles } from "../interop/upstream-peer.js";

const fake = useFakeServer();

interface Body {
  tools?: { name?: string; description?: string }[];
  input: { type?: string; call_id?: string; output?: unknown }[];
}
const bodies = (model: string) => fake.server.requests(model).map((q) => q.body as Body);
const outputsSent = (model: string) =>
  (bodies(model).at(-1)?.input ?? []).filter((i) => i.type === "function_call_output").map((i) => String(i.output));
const call = (name: string, args: Record<string, unknown>): FakeStep => ({ function_call: { name, arguments: args } });

const QUESTIONS = {
  questions: [
    {
      id: "color",
      header: "Color",
      question: "Which color?",
      options: [
        { label: "Red (Recommended)", description: "Warm." },
        { label: "Blue", description: "Cool." },
      ],
    },
  ],
};

async function exec(
  model: string,
  steps: FakeStep[],
  extraToml = "",
  codexHome = home(fake.server.url, model, extraToml),
) {
  fake.server.setScript(model, [...steps, { text: "done" }]);
  const r = await runCli(["exec", "--json", "-C", repo(), "go"], { home: codexHome, env: ENV, timeoutMs: 60_000 });
  expect(r.code, r.stderr).toBe(0);
  return { ...r, codexHome };
}

describe("request_user_input", () => {
  it("is offered, and in Default mode answers that it is unavailable (before reading its arguments)", async () => {
    const model = modelName("rui-off");
    await exec(model, [call("request_user_input", QUESTIONS), call("request_user_input", { questions: "x" })]);
    const tool = bodies(model)[0]?.tools?.find((t) => t.name === "request_user_input");
    expect(tool?.description).toBe(
      "Request user input for one to three short questions and wait for the response. This tool is only available in Plan mode.",
    );
    expect(outputsSent(model)).toEqual([
      "request_user_input is unavailable in Default mode",
      "request_user_input is unavailable in Default mode",
    ]);
  });

  it("with default_mode_request_user_input, exec (nobody to ask) answers no answers, as upstream's exec", async () => {
    const model = modelName("rui-on");
    await exec(
      model,
      [
        call("request_user_input", QUESTIONS),
        call("request_user_input", { questions: [{ ...QUESTIONS.questions[0], options: [] }] }),
      ],
      "[features]\ndefault_mode_request_user_input = true\n",
    );
    const tool = bodies(model)[0]?.tools?.find((t) => t.name === "request_user_input");
    expect(tool?.description).toContain("This tool is only available in Default or Plan mode.");
    expect(outputsSent(model)).toEqual([
      '{"answers":{}}',
      "request_user_input requires non-empty options for every question",
    ]);
  });
});

type Goal = Record<string, unknown>;
const goalOf = (output: string) =>
  JSON.parse(output) as { goal: Goal | null; remainingTokens: number | null; completionBudgetReport: string | null };

describe("goals", () => {
  it("are offered unless features.goals = false", async () => {
    const on = modelName("goals-on");
    const off = modelName("goals-off");
    await exec(on, []);
    await exec(off, [], "[features]\ngoals = false\n");
    const names = (model: string) => bodies(model)[0]?.tools?.map((t) => t.name) ?? [];
    expect(names(on)).toEqual(expect.arrayContaining(["get_goal", "create_goal", "update_goal"]));
    expect(names(off).filter((n) => n?.includes("goal"))).toEqual([]);
  });

  it("answer upstream's JSON and refusals, charge tokens as upstream, and survive exec resume", async () => {
    const model = modelName("goals");
    const usage = (total: number): Partial<FakeStep> => ({ usage: { input_tokens: total - 10, output_tokens: 10 } });
    const { stdout, codexHome } = await exec(model, [
      { ...call("get_goal", {}), ...usage(1000) },
      { ...call("update_goal", { status: "complete" }), ...usage(1100) },
      { ...call("create_goal", { objective: "  " }), ...usage(1200) },
      { ...call("create_goal", { objective: "x", token_budget: 0 }), ...usage(1300) },
      { ...call("create_goal", { objective: "Ship it", token_budget: 50_000 }), ...usage(1400) },
      { ...call("get_goal", {}), ...usage(1500) },
      { ...call("create_goal", { objective: "Again" }), ...usage(1600) },
      { ...call("update_goal", { status: "active" }), ...usage(1700) },
      { ...call("update_goal", { status: "paused" }), ...usage(1800) },
    ]);
    const out = outputsSent(model);
    expect(out[0]).toBe('{"goal":null,"remainingTokens":null,"completionBudgetReport":null}');
    expect(out.slice(1, 4)).toEqual([
      "cannot update goal because this thread has no goal",
      "goal objective must not be empty",
      "goal budgets must be positive when provided",
    ]);
    const threadId = (JSON.parse(stdout.split("\n")[0] ?? "{}") as { thread_id?: string }).thread_id;
    const created = goalOf(out[4] ?? "");
    expect(created.goal).toMatchObject({
      threadId,
      objective: "Ship it",
      status: "active",
      tokenBudget: 50_000,
      tokensUsed: 0,
      timeUsedSeconds: 0,
    });
    expect(Object.keys(created.goal ?? {})).toEqual([
      "threadId",
      "objective",
      "status",
      "tokenBudget",
      "tokensUsed",
      "timeUsedSeconds",
      "createdAt",
      "updatedAt",
    ]);
    expect(created.remainingTokens).toBe(50_000);
    // The request that read the goal is charged once the next one shows the goal still active.
    expect(goalOf(out[5] ?? "").goal?.tokensUsed).toBe(0);
    expect(out[6]).toBe(
      "cannot create a new goal because this thread has an unfinished goal; complete the existing goal first",
    );
    expect(out[7]).toMatch(/^update_goal can only mark the existing goal complete, blocked, or paused/);
    // Pausing charges the request that asked for it too: 1500 + 1600 + 1700 + 1800.
    const paused = goalOf(out[8] ?? "");
    expect(paused.goal).toMatchObject({ status: "paused", tokensUsed: 6600 });
    expect(paused.remainingTokens).toBe(43_400);
    // The rollout keeps the calls and their answers as upstream writes them (response_item lines).
    const [rollout = ""] = rolloutFiles(codexHome);
    const items = readFileSync(rollout, "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { type: string; payload: { type?: string; name?: string; output?: string } })
      .filter((line) => line.type === "response_item")
      .map((line) => line.payload);
    expect(items.filter((p) => p.type === "function_call").map((p) => p.name)).toEqual([
      "get_goal",
      "update_goal",
      "create_goal",
      "create_goal",
      "create_goal",
      "get_goal",
      "create_goal",
      "update_goal",
      "update_goal",
    ]);
    expect(items.filter((p) => p.type === "function_call_output").map((p) => p.output)).toEqual(out);
    const kept = path.join(codexHome, "goals", `${threadId}.json`);
    expect(existsSync(kept)).toBe(true);
    expect(JSON.parse(readFileSync(kept, "utf8"))).toMatchObject({
      objective: "Ship it",
      status: "paused",
      tokens_used: 6600,
    });

    // Resumed: the same goal; completing a budgeted goal asks for the usage report.
    fake.server.setScript(model, [call("get_goal", {}), call("update_goal", { status: "complete" }), { text: "done" }]);
    const r = await runCli(["exec", "resume", threadId ?? "", "--json", "-C", repo(), "again"], {
      home: codexHome,
      env: ENV,
      timeoutMs: 60_000,
    });
    expect(r.code, r.stderr).toBe(0);
    const after = outputsSent(model).slice(-2).map(goalOf);
    expect(after[0]?.goal).toMatchObject({ objective: "Ship it", status: "paused", tokensUsed: 6600 });
    expect(after[1]?.goal).toMatchObject({ status: "complete", tokensUsed: 6600 });
    expect(after[1]?.completionBudgetReport).toMatch(/^Goal achieved\. Report final usage/);
  });

  it("keep no secret: an objective holding the API key is kept and answered redacted", async () => {
    const model = modelName("goals-secret");
    const { codexHome } = await exec(model, [call("create_goal", { objective: `use ${KEY} to deploy` })]);
    const [file = ""] = readdirSync(path.join(codexHome, "goals"));
    const kept = readFileSync(path.join(codexHome, "goals", file), "utf8");
    expect(kept).not.toContain(KEY);
    expect(kept).toContain("[REDACTED]");
    expect(outputsSent(model)[0]).not.toContain(KEY);
  });
});
