import { describe, expect, it } from "vitest";
import { formatBytes } from "./local-checks.js";
import { formatChecks } from "./format.js";

describe("doctor output", () => {
  it("one aligned line per check, a fix line under failures and warnings, a summary", () => {
    expect(
      formatChecks([
        { name: "config", status: "ok", detail: "/h/config.toml parses" },
        { name: "key", status: "fail", detail: "LITELLM_API_KEY is not set", hint: "run `codex-litellm login`" },
        { name: "context window", status: "warn", detail: "unknown for m", hint: "set context_length" },
        { name: "live request", status: "skip", detail: "skipped: pass --live" },
      ]),
    ).toBe(
      [
        "✓ config          /h/config.toml parses",
        "✗ key             LITELLM_API_KEY is not set",
        "                  fix: run `codex-litellm login`",
        "! context window  unknown for m",
        "                  fix: set context_length",
        "– live request    skipped: pass --live",
        "",
        "1 ok, 1 failed, 1 warning, 1 skipped",
        "",
      ].join("\n"),
    );
  });

  it("sizes", () => {
    expect([0, 1023, 1024, 1536, 100 * 1024 * 1024, 5 * 1024 ** 3].map(formatBytes)).toEqual([
      "0 B",
      "1023 B",
      "1.0 KiB",
      "1.5 KiB",
      "100 MiB",
      "5.0 GiB",
    ]);
  });
});
