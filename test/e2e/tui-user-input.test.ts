// request_user_input in the interactive UI (tmux) with features.default_mode_request_user_input:
// the model's questions are shown one at a time as upstream's UI shows them (progress, header,
// question, options), the user picks with the arrow keys or a digit, types notes, answers with
// Enter, and the model gets upstream's answer JSON; Esc stops the turn instead.
import { describe, expect, it } from "vitest";
import { hasTmux } from "../support/tmux.js";
import { useTuiHarness } from "../support/tui-harness.js";

const KEY = "sk-tui-user-input-1234";
const tui = useTuiHarness({ apiKey: KEY });
const TOML = "[features]\ndefault_mode_request_user_input = true\n";

const ASK = {
  function_call: {
    name: "request_user_input",
    arguments: {
      questions: [
        {
          id: "color",
          header: "Color",
          question: "Which color should the button be?",
          options: [
            { label: "Red (Recommended)", description: "Warm and loud." },
            { label: "Blue", description: "Calm." },
          ],
        },
        {
          id: "size",
          header: "Size",
          question: "How big?",
          options: [
            { label: "Small", description: "Fits anywhere." },
            { label: "Large", description: "Hard to miss." },
            { label: "Huge", description: "Fills the page." },
          ],
        },
      ],
    },
  },
};

/** The outputs the model was sent for its function calls, from the last request. */
function outputsSent(model: string): string[] {
  const body = tui.server.requests(model).at(-1)?.body as { input: { type: string; output?: unknown }[] };
  return body.input.filter((i) => i.type === "function_call_output").map((i) => String(i.output));
}

describe.skipIf(!hasTmux)("request_user_input in the UI", () => {
  it("shows each question with its options and sends the answers, notes included", async () => {
    const model = "tui-rui-answer";
    tui.server.setScript(model, [ASK, { text: "Thanks, a huge blue button it is." }]);
    const { term } = tui.open(model, { toml: TOML, width: 120 });
    await term.waitFor("Ask anything");
    const first = await term.send("make a button", "Which color should the button be?");
    expect(first).toContain("Question 1/2 (2 unanswered)");
    expect(first).toMatch(/› \( \) Red \(Recommended\)\s+Warm and loud\./);
    expect(first).toMatch(/ {2}\( \) Blue\s+Calm\./);
    expect(first).toContain("No option selected | ↑/↓ scroll | Enter: submit answer | Ctrl+p prev | Ctrl+n next");
    const moved = await term.key("Down", "Option 2 of 2");
    expect(moved).toMatch(/› \(x\) Blue/);
    term.type("navy please");
    await term.waitFor("navy please");
    const second = await term.key("Enter", "How big?");
    expect(second).toContain("Question 2/2 (1 unanswered)");
    await term.key("3", "Option 3 of 3");
    const done = await term.key("Enter", "Thanks, a huge blue button it is.");
    expect(done).toContain("Answered: Color: Blue; user_note: navy please · Size: Huge");
    expect(JSON.parse(outputsSent(model)[0] ?? "null")).toEqual({
      answers: { color: { answers: ["Blue", "user_note: navy please"] }, size: { answers: ["Huge"] } },
    });
  });

  it("Esc stops the turn instead of answering", async () => {
    const model = "tui-rui-esc";
    tui.server.setScript(model, [ASK, { text: "Next turn." }]);
    const { term } = tui.open(model, { toml: TOML, width: 120 });
    await term.waitFor("Ask anything");
    await term.send("make a button", "Which color should the button be?");
    const stopped = await term.key("Escape", "Ask anything");
    expect(stopped).not.toContain("Which color should the button be?\n");
    await term.send("go on", "Next turn.");
    expect(outputsSent(model)[0]).toMatch(/aborted by user/);
  });
});
