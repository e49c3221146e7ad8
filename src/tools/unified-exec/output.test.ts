// exec_command / write_stdin output as upstream 0.169 wrote it for the same commands (recorded
// from the upstream binary against the fake model server).
import { describe, expect, it } from "vitest";
import { formatExecResponse } from "./output.js";

const seq = (n: number) => Array.from({ length: n }, (_, i) => `${i + 1}\n`).join("");
const withoutChunkId = (text: string) => text.replace(/^Chunk ID: [0-9a-f]{6}\n/, "");

describe("formatExecResponse", () => {
  it("an exited process: its code, the token count, the output", () => {
    const text = formatExecResponse({ wallTimeMs: 3895.2, exitCode: 3, sessionId: null, output: "start\nmid\nend\n" });
    expect(text).toMatch(/^Chunk ID: [0-9a-f]{6}\n/);
    expect(withoutChunkId(text)).toBe(
      "Wall time: 3.8952 seconds\nProcess exited with code 3\nOriginal token count: 4\nOutput:\nstart\nmid\nend\n",
    );
  });

  it("a running process: its session id instead of a code", () => {
    const text = formatExecResponse({ wallTimeMs: 505.7, exitCode: null, sessionId: 1000, output: "" });
    expect(withoutChunkId(text)).toBe(
      "Wall time: 0.5057 seconds\nProcess running with session ID 1000\nOriginal token count: 0\nOutput:\n",
    );
  });

  it("over max_output_tokens: upstream's warning, line count, and head and tail around the marker", () => {
    const output = seq(100_000);
    const text = formatExecResponse({ wallTimeMs: 0, exitCode: 0, sessionId: null, output, maxOutputTokens: 50 });
    const head = seq(36) + "3";
    const tail = "84\n" + Array.from({ length: 16 }, (_, i) => `${99_985 + i}\n`).join("");
    expect(withoutChunkId(text)).toBe(
      "Wall time: 0.0000 seconds\nProcess exited with code 0\nOriginal token count: 147224\nOutput:\n" +
        "Warning: truncated output (original token count: 147224)\nTotal output lines: 100000\n\n" +
        `${head}…147174 tokens truncated…${tail}`,
    );
  });

  it("the default budget is 10 000 tokens", () => {
    expect(
      formatExecResponse({ wallTimeMs: 0, exitCode: 0, sessionId: null, output: "a".repeat(40_000) }),
    ).not.toContain("truncated");
    expect(formatExecResponse({ wallTimeMs: 0, exitCode: 0, sessionId: null, output: "a".repeat(50_000) })).toContain(
      "Warning: truncated output (original token count: 12500)\nTotal output lines: 1\n\n",
    );
  });
});
