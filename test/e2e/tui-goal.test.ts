// Goals in the interactive UI (tmux): /goal shows, sets, pauses, resumes and clears the goal the
// model's goal tools keep (in CODEX_HOME/goals for the session), and while the goal stays active
// the next turn starts by itself with the goal's continuation message, as upstream's UI does.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { hasTmux } from "../support/tmux.js";
import { useTuiHarness } from "../support/tui-harness.js";

const KEY = "sk-tui-goal-123456";
const tui = useTuiHarness({ apiKey: KEY });

const call = (name: string, args: Record<string, unknown>) => ({ function_call: { name, arguments: args } });

type Input = { type: string; role?: string; output?: unknown; content?: { text?: string }[] }[];
const inputs = (model: string) => tui.server.requests(model).map((q) => (q.body as { input: Input }).input);
const lastUserText = (input: Input | undefined) => input?.filter((i) => i.role === "user").at(-1)?.content?.[0]?.text;

describe.skipIf(!hasTmux)("goals in the UI", () => {
  it("/goal shows the goal the model set; the user pauses, resumes and clears it", async () => {
    const model = "tui-goal-model";
    tui.server.setScript(model, [
      {
        ...call("create_goal", { objective: "Speed up the build", token_budget: 40_000 }),
        usage: { input_tokens: 900, output_tokens: 100 },
      },
      { ...call("update_goal", { status: "paused" }), usage: { input_tokens: 1900, output_tokens: 100 } },
      { text: "Goal noted and paused.", usage: { input_tokens: 2900, output_tokens: 100 } },
    ]);
    const { term, home } = tui.open(model, { width: 120 });
    await term.waitFor("Ask anything");
    expect(await term.send("/goal", "No goal.")).toContain("Usage: /goal [<objective>|pause|resume|clear]");
    await term.send("track the build speed, then pause", "Goal noted and paused.");
    const card = await term.send("/goal", "Objective: Speed up the build");
    expect(card).toContain("Status: paused");
    // The request that set the goal is not charged; pausing charges the request that paused it.
    expect(card).toContain("Tokens used: 2,000 of 40,000");
    const [file = ""] = readdirSync(path.join(home, "goals"));
    expect(JSON.parse(readFileSync(path.join(home, "goals", file), "utf8"))).toMatchObject({
      objective: "Speed up the build",
      status: "paused",
      token_budget: 40_000,
      tokens_used: 2000,
    });
    await term.send("/goal resume", "Goal resumed: Speed up the build");
    expect(await term.send("/goal", /Status: active/)).toBeTruthy();
    await term.send("/goal clear", "Goal cleared.");
    expect(readdirSync(path.join(home, "goals"))).toEqual([]);
    expect(tui.server.requests(model)).toHaveLength(3);
  });

  it("/goal <objective> starts on it, and turns continue by themselves until the model completes it", async () => {
    const model = "tui-goal-user";
    tui.server.setScript(model, [
      call("get_goal", {}),
      { text: "Started." },
      call("update_goal", { status: "complete" }), // the first continuation
      { text: "All done." },
    ]);
    const { term } = tui.open(model, { width: 120 });
    await term.waitFor("Ask anything");
    const screen = await term.send("/goal improve benchmark coverage", "All done.");
    expect(screen).toContain("Goal set: improve benchmark coverage");
    expect(screen).toContain("Continuing toward the goal: improve benchmark coverage");
    const sent = inputs(model);
    expect(sent).toHaveLength(4);
    expect(lastUserText(sent[0])).toBe("improve benchmark coverage");
    const got = JSON.parse(String(sent[1]?.find((i) => i.type === "function_call_output")?.output)) as {
      goal: { objective: string; status: string };
    };
    expect(got.goal).toMatchObject({ objective: "improve benchmark coverage", status: "active" });
    const continuation = lastUserText(sent[2]) ?? "";
    expect(continuation).toMatch(/^Continue working toward the active thread goal\./);
    expect(continuation).toContain("<objective>\nimprove benchmark coverage\n</objective>");
    expect(await term.send("/goal", "Status: complete")).toBeTruthy();
    expect(inputs(model)).toHaveLength(4); // a completed goal is not continued
  });

  it("a continuation in which the model only answers is not continued again", async () => {
    const model = "tui-goal-idle";
    tui.server.setScript(model, [
      call("create_goal", { objective: "Keep going" }),
      { text: "Goal set." },
      { text: "Nothing to do right now." }, // the continuation: no tool, so no further one
      { text: "Next message answered." },
      { text: "Still nothing." }, // after each of the user's turns the goal is continued once more
      { text: "The end." },
    ]);
    const { term } = tui.open(model, { width: 120 });
    await term.waitFor("Ask anything");
    await term.send("set a goal", "Nothing to do right now.");
    await term.send("anything else?", "Still nothing.");
    await term.send("/goal clear", "Goal cleared.");
    await term.send("end", "The end.");
    const C = expect.stringMatching(/^Continue working toward the active thread goal\./) as string;
    expect(inputs(model).map(lastUserText)).toEqual(["set a goal", "set a goal", C, "anything else?", C, "end"]);
  });
});
