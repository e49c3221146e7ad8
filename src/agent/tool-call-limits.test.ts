import { describe, expect, it } from "vitest";
import type { ResponseItem } from "../gateway/items.js";
import { boundToolCall, oversizeRefusal } from "./tool-call-limits.js";

const call = (args: string): ResponseItem => ({ type: "function_call", name: "shell", arguments: args, call_id: "c1" });
const custom = (input: string): ResponseItem => ({
  type: "custom_tool_call",
  name: "apply_patch",
  input,
  call_id: "c2",
});

describe("boundToolCall", () => {
  it("keeps calls up to the limit as the very same item, counting UTF-8 bytes", () => {
    const atLimit = call("a".repeat(100));
    expect(boundToolCall(atLimit, 100)).toBe(atLimit);
    const small = custom("é".repeat(50)); // 100 bytes
    expect(boundToolCall(small, 100)).toBe(small);
    const message: ResponseItem = { type: "message", role: "assistant", content: [{ type: "output_text", text: "x" }] };
    expect(boundToolCall(message, 1)).toBe(message);
  });

  it("replaces arguments over the limit by a note of their size (valid JSON for function calls); the model is told why", () => {
    const over = boundToolCall(call("a".repeat(101)), 100);
    expect(over).toEqual(call('{"arguments_not_kept":"101 bytes, over the 100-byte limit"}'));
    expect(oversizeRefusal(over.type === "function_call" ? over.arguments : "", 100)).toBe(
      "tool call not run: its arguments were 101 bytes, over the limit of 100 bytes. Split the work into smaller calls (for example several patches or files, each under the limit).",
    );
    const multibyte = boundToolCall(custom("é".repeat(51)), 100); // 102 bytes, 51 characters
    expect(multibyte).toEqual(custom("arguments_not_kept: 102 bytes, over the 100-byte limit"));
    expect(oversizeRefusal(multibyte.type === "custom_tool_call" ? multibyte.input : "")).toMatch(
      /^tool call not run: its arguments were 102 bytes/,
    );
  });

  it("ordinary arguments are never taken for a note", () => {
    expect(oversizeRefusal('{"command":["ls"]}')).toBeUndefined();
    expect(oversizeRefusal("*** Begin Patch\n*** End Patch")).toBeUndefined();
  });
});
