import { describe, expect, it } from "vitest";

import { captureFromString, OutputCapture } from "./capture.js";
import { formatOutputForModel, formatWallTime, truncateForModel, MODEL_FORMAT_MAX_BYTES } from "./format.js";

const result = (text: string, over: Partial<{ exitCode: number; durationMs: number; timedOut: boolean }> = {}) => ({
  exitCode: 0,
  durationMs: 500,
  timedOut: false,
  aggregated: captureFromString(text),
  ...over,
});

const lines = (from: number, to: number, render: (i: number) => string) => {
  let s = "";
  for (let i = from; i < to; i++) s += `${render(i)}\n`;
  return s;
};

const BYTE_MARKER = `\n[... output truncated to fit ${MODEL_FORMAT_MAX_BYTES} bytes ...]\n\n`;

describe("formatOutputForModel (golden)", () => {
  it("passes small output through unchanged", () => {
    expect(formatOutputForModel(result("hello\nworld\n", { durationMs: 1234 }))).toBe(
      "Exit code: 0\nWall time: 1.2 seconds\nOutput:\nhello\nworld\n",
    );
  });

  it("prints empty output and non-zero exit codes", () => {
    expect(formatOutputForModel(result("", { exitCode: 2, durationMs: 20 }))).toBe(
      "Exit code: 2\nWall time: 0 seconds\nOutput:\n",
    );
  });

  it("prefixes the timeout notice and reports exit code 124", () => {
    expect(formatOutputForModel(result("partial\n", { exitCode: 124, durationMs: 10004.7, timedOut: true }))).toBe(
      "Exit code: 124\nWall time: 10 seconds\nOutput:\ncommand timed out after 10004 milliseconds\npartial\n",
    );
  });

  it("keeps 128 head and 128 tail lines with the omitted-lines marker when there are too many lines", () => {
    const text = lines(0, 300, (i) => `L${String(i).padStart(3, "0")}`);
    const expected =
      "Exit code: 0\nWall time: 0.5 seconds\nTotal output lines: 300\nOutput:\n" +
      lines(0, 128, (i) => `L${String(i).padStart(3, "0")}`) +
      "\n[... omitted 44 of 300 lines ...]\n\n" +
      lines(172, 300, (i) => `L${String(i).padStart(3, "0")}`);
    expect(formatOutputForModel(result(text))).toBe(expected);
  });

  it("exactly 256 lines under 10 KiB is not truncated", () => {
    const text = lines(0, 256, (i) => `${i}`);
    expect(formatOutputForModel(result(text))).toBe(`Exit code: 0\nWall time: 0.5 seconds\nOutput:\n${text}`);
  });

  it("one long line: 5 KiB head and the byte marker (upstream keeps no tail when there are <= 128 lines)", () => {
    const text = "a".repeat(20_000);
    expect(formatOutputForModel(result(text))).toBe(
      `Exit code: 0\nWall time: 0.5 seconds\nTotal output lines: 1\nOutput:\n${"a".repeat(5120)}${BYTE_MARKER}`,
    );
  });

  it("200 lines over 10 KiB: byte marker, 5 KiB of head, the rest of the budget from the tail", () => {
    const text = lines(0, 200, (i) => `${String(i).padStart(3, "0")}:${"x".repeat(96)}`); // 101 bytes per line
    const remaining = MODEL_FORMAT_MAX_BYTES - 5120 - Buffer.byteLength(BYTE_MARKER);
    const expectedBody = text.slice(0, 5120) + BYTE_MARKER + text.slice(text.length - remaining);
    const out = formatOutputForModel(result(text));
    expect(out).toBe(`Exit code: 0\nWall time: 0.5 seconds\nTotal output lines: 200\nOutput:\n${expectedBody}`);
    expect(Buffer.byteLength(expectedBody)).toBe(MODEL_FORMAT_MAX_BYTES);
  });

  it("cuts at character boundaries, never inside a multi-byte character", () => {
    const text = "x" + "é".repeat(6000); // 12001 bytes, one line
    const body = truncateForModel(captureFromString(text)).text;
    const head = body.slice(0, body.indexOf("\n[..."));
    expect(Buffer.byteLength(head)).toBe(5119);
    expect(head).toBe("x" + "é".repeat(2559));
    expect(body).not.toContain("\uFFFD");
  });

  it("counts the timeout line in the total", () => {
    const text = lines(0, 300, (i) => `${i}`);
    const out = formatOutputForModel(result(text, { exitCode: 124, timedOut: true, durationMs: 1000 }));
    expect(out).toContain("Total output lines: 301\n");
    expect(out).toContain("Output:\ncommand timed out after 1000 milliseconds\n0\n");
    expect(out).toContain("[... omitted 45 of 301 lines ...]");
  });
});

describe("formatWallTime", () => {
  it.each([
    [0, "0"],
    [49, "0"],
    [50, "0.1"],
    [1234, "1.2"],
    [2000, "2"],
    [12_345, "12.3"],
    [10_004.7, "10"],
  ])("%d ms -> %s", (ms, text) => {
    expect(formatWallTime(ms)).toBe(text);
  });
});

describe("truncation from bounded windows matches truncation of the whole text", () => {
  // A tiny deterministic PRNG so failures reproduce.
  function rng(seed: number) {
    let s = seed >>> 0;
    return () => {
      s = (s * 1664525 + 1013904223) >>> 0;
      return s / 2 ** 32;
    };
  }
  const alphabet = ["a", "b", "é", "€", "😀", " "];

  it.each(Array.from({ length: 24 }, (_, i) => i))("random case %d", (seed) => {
    const rand = rng(seed + 1);
    const target = Math.floor(rand() * 300_000);
    const maxLine = [5, 50, 400, 20_000][seed % 4] as number;
    const parts: string[] = [];
    let size = 0;
    while (size < target) {
      const len = Math.floor(rand() * maxLine);
      let line = "";
      for (let k = 0; k < len; k++) line += alphabet[Math.floor(rand() * alphabet.length)];
      line += rand() < 0.97 ? "\n" : "";
      parts.push(line);
      size += Buffer.byteLength(line);
    }
    let text = parts.join("");
    if (seed % 3 === 0) text = text.replace(/\n$/, "");
    const bytes = Buffer.from(text);
    const windowed = new OutputCapture(16 * 1024, 16 * 1024);
    // Feed in odd-sized chunks, splitting characters across chunk boundaries.
    for (let off = 0; off < bytes.length; off += 7919) windowed.push(bytes.subarray(off, off + 7919));
    if (bytes.length > 32 * 1024) expect(windowed.snapshot().truncated).toBe(true);
    const whole = captureFromString(text, 1 << 22, 1 << 22);
    expect(whole.truncated).toBe(false);
    for (const prefix of ["", "command timed out after 5 milliseconds\n"]) {
      expect(truncateForModel(windowed.snapshot(), prefix)).toEqual(truncateForModel(whole, prefix));
    }
  });
});

describe("formatOutputForModel under the catalog's truncation_policy", () => {
  it("cuts the output to the policy, with the line count when lines were dropped (upstream's freeform form)", () => {
    const text = lines(0, 1_000, (i) => `row ${i}`);
    expect(formatOutputForModel(result(text), { mode: "tokens", limit: 10 })).toBe(
      "Exit code: 0\nWall time: 0.5 seconds\nTotal output lines: 1000\nOutput:\n" +
        "row 0\nrow 1\nrow 2\nro…1963 tokens truncated…997\nrow 998\nrow 999\n",
    );
    expect(formatOutputForModel(result(text), { mode: "bytes", limit: 100_000 })).toBe(
      `Exit code: 0\nWall time: 0.5 seconds\nOutput:\n${text}`,
    );
  });

  it("a timed-out command's notice is part of the output it cuts", () => {
    const out = formatOutputForModel(result("x".repeat(50), { timedOut: true, durationMs: 1000, exitCode: 124 }), {
      mode: "bytes",
      limit: 20,
    });
    expect(out).toBe(
      "Exit code: 124\nWall time: 1 seconds\nTotal output lines: 2\nOutput:\ncommand ti…72 chars truncated…xxxxxxxxxx",
    );
  });
});
