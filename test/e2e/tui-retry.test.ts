// A stream that breaks mid-answer in the interactive UI (tmux): the half-shown text is replaced
// by the retried answer, not left above it, and the transcript says the answer was retried.
import { describe, expect, it } from "vitest";
import { hasTmux } from "../support/tmux.js";
import { useTuiHarness } from "../support/tui-harness.js";

const KEY = "sk-tui-retry-123456";
const tui = useTuiHarness({ apiKey: KEY });

describe.skipIf(!hasTmux)("a broken stream in the interactive UI", () => {
  it("replaces the partial answer with the retried one and shows a reconnect notice", async () => {
    const model = `tui-retry-${process.pid}`;
    const answer = "Ratatouille simmers for an hour in Nice.";
    // Responses wire frames: created, in_progress, item added, part added, then deltas: the socket
    // is cut after two deltas ("Ratatouille simmers for "), each frame slowed so they are drawn.
    tui.server.setScript(model, [{ text: answer, fault: { dropAfterEvents: 6, delayMs: 150 } }, { text: answer }]);
    const { term } = tui.open(model);
    await term.waitFor("model: " + model);
    const final = await term.send("how long does ratatouille cook?", answer);
    expect(final.split("Ratatouille").length - 1, final).toBe(1);
    expect(final, final).toMatch(/⚠ Reconnecting… 1\/\d+: .*partial answer was discarded/);
    expect(final.indexOf("Reconnecting…"), final).toBeLessThan(final.indexOf(answer));
    expect(tui.server.requests(model).filter((q) => q.wire === "responses" || q.wire === "chat")).toHaveLength(2);
  });
});
