// /goal in the interactive UI (tmux): the goal the model's goal tools keep, shown, set, paused,
// resumed and cleared by the user, and kept in CODEX_HOME/goals for the session.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { hasTmux } from "../support/tmux.js";
import { useTuiHarness } from "../support/tui-harness.js";

const KEY = "sk-tui-goal-123456";
const tui = useTuiHarness({ apiKey: KEY });

const call = (name: string, args: Record<string, unknown>) => ({ function_call: { name, arguments: args } });

describe.skipIf(!hasTmux)("/goal", () => {
  it("shows the goal the model set, and the user pauses, resumes and clears it", async () => {
    const model = "tui-goal-model";
    tui.server.setScript(model, [
      {
        ...call("create_goal", { objective: "Speed up the build", token_budget: 40_000 }),
        usage: { input_tokens: 900, output_tokens: 100 },
      },
      { text: "Goal noted.", usage: { input_tokens: 1900, output_tokens: 100 } },
    ]);
    const { term, home } = tui.open(model, { width: 120 });
    await term.waitFor("Ask anything");
    expect(await term.send("/goal", "No goal.")).toContain("Usage: /goal [<objective>|pause|resume|clear]");
    await term.send("track the build speed", "Goal noted.");
    const card = await term.send("/goal", "Objective: Speed up the build");
    expect(card).toContain("Status: active");
    // The request that set the goal is not charged; the one after it is, at the turn's end.
    expect(card).toContain("Tokens used: 2,000 of 40,000");
    expect(await term.send("/goal pause", "Goal paused: Speed up the build")).toBeTruthy();
    expect(await term.send("/goal", "Status: paused")).toBeTruthy();
    const [file = ""] = readdirSync(path.join(home, "goals"));
    expect(JSON.parse(readFileSync(path.join(home, "goals", file), "utf8"))).toMatchObject({
      objective: "Speed up the build",
      status: "paused",
      token_budget: 40_000,
      tokens_used: 2000,
    });
    await term.send("/goal resume", "Goal resumed: Speed up the build");
    await term.send("/goal clear", "Goal cleared.");
    expect(readdirSync(path.join(home, "goals"))).toEqual([]);
  });

  it("/goal <objective> sets the goal and starts working on it", async () => {
    const model = "tui-goal-user";
    tui.server.setScript(model, [call("get_goal", {}), { text: "On it." }]);
    const { term } = tui.open(model, { width: 120 });
    await term.waitFor("Ask anything");
    await term.send("/goal improve benchmark coverage", "On it.");
    const requests = tui.server.requests(model);
    const input = (
      requests.at(-1)?.body as {
        input: { type: string; role?: string; output?: unknown; content?: { text?: string }[] }[];
      }
    ).input;
    expect(input.filter((i) => i.role === "user").at(-1)?.content?.[0]?.text).toBe("improve benchmark coverage");
    const got = JSON.parse(String(input.find((i) => i.type === "function_call_output")?.output)) as {
      goal: { objective: string; status: string };
    };
    expect(got.goal).toMatchObject({ objective: "improve benchmark coverage", status: "active" });
    await term.send("/goal", "Objective: improve benchmark coverage");
  });
});
