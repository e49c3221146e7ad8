import { describe, expect, it } from "vitest";
import { instructionsMessage } from "./items.js";

describe("instructionsMessage", () => {
  it("has the id real upstream 0.171 sent for the same text in the same session", () => {
    // Recorded from upstream 0.171 resuming one of our sessions (test/interop/base-instructions.test.ts).
    const message = instructionsMessage(
      "Catalog prompt for the interop model.",
      "01a250eb-5f87-7518-8df8-723280c5f598",
    );
    expect(message.id).toBe("msg_d4a2ef40-d136-5923-a63a-73c2f35527c4");
    expect(message).toMatchObject({ role: "developer", content: [{ type: "input_text" }] });
  });

  it("has no id when the session id is not a UUID", () => {
    expect(instructionsMessage("text", "not-a-uuid").id).toBeUndefined();
  });
});
