import { describe, expect, it } from "vitest";
import { execCommandRefusal } from "./command-flow.js";

describe("exec_command's refusal", () => {
  it("is upstream 0.171's process error, the reason escaped twice as Rust's debug text escapes it", () => {
    expect(execCommandRefusal("rejected by user")).toBe(
      'exec_command failed: CreateProcess { message: "Rejected(\\"rejected by user\\")" }',
    );
    expect(execCommandRefusal('say "no"\nC:\\tmp\u0007')).toBe(
      'exec_command failed: CreateProcess { message: "Rejected(\\"say \\\\\\"no\\\\\\"\\\\nC:\\\\\\\\tmp\\\\u{7}\\")" }',
    );
  });
});
