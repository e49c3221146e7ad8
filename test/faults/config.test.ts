// Class 8: bad configuration stops `exec` (and `exec resume`) before anything happens: one line
// naming the file or flag, the key and what is expected; exit 2; config.toml byte for byte as it
// was, and nothing else written under CODEX_HOME (no session file, no logs). The messages for
// each kind of problem through `config get` are in test/e2e/config.test.ts.
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../support/cli.js";
import { cleanupAll, ENV, filesUnder, home, refusalLine, repo } from "./support.js";

afterAll(cleanupAll);

/** Nothing under CODEX_HOME changed: same files, same bytes, same mtimes. */
function snapshot(codexHome: string): Map<string, string> {
  return new Map(
    filesUnder(codexHome).map((f) => [
      path.relative(codexHome, f),
      `${statSync(f).mtimeMs}:${readFileSync(f, "base64")}`,
    ]),
  );
}

async function refused(toml: string, flags: string[], args: string[] = ["exec"]) {
  // The URL is never contacted: nothing listens there.
  const codexHome = home("http://127.0.0.1:9/v1", "m", "", "");
  const file = path.join(codexHome, "config.toml");
  const { writeFileSync } = await import("node:fs");
  writeFileSync(file, toml);
  const before = snapshot(codexHome);
  const r = await runCli([...args, ...flags, "-C", repo(), "hello"], { home: codexHome, env: ENV });
  expect(r.code).toBe(2);
  expect(r.stdout).toBe("");
  const line = refusalLine(r.stderr);
  expect(snapshot(codexHome)).toEqual(before);
  return { line, file };
}

const ok =
  '# my settings\nmodel = "m"   # keep this comment\n[model_providers.litellm]\nbase_url = "http://127.0.0.1:9/v1"\n';

describe("8. bad config.toml: exec refuses in one line, exit 2, nothing written", () => {
  it.each([
    [
      "TOML syntax error",
      '# my settings\nmodel = "m"\n[telemetry\nenabled = true\n',
      /^(\S+config\.toml):3:\d+: TOML syntax error/,
    ],
    [
      "wrong type",
      `model_auto_compact_token_limit = true\n${ok}`,
      /config\.toml: model_auto_compact_token_limit: expected a number, got true$/,
    ],
    [
      "unknown enum value",
      `sandbox_mode = "yolo"\n${ok}`,
      /config\.toml: sandbox_mode: expected one of read-only\|workspace-write\|danger-full-access, got "yolo"$/,
    ],
    [
      "unknown wire_api",
      `${ok}wire_api = "grpc"\n`,
      /config\.toml: model_providers\.litellm\.wire_api: expected one of responses\|chat, got "grpc"$/,
    ],
    [
      "conflicting context_length / model_context_window",
      `context_length = 100000\nmodel_context_window = 120000\n${ok}`,
      /config\.toml: context_length \(100000\) and model_context_window \(120000\) disagree; context_length is an alias of model_context_window, so set only one$/,
    ],
    [
      "negative retry count",
      `${ok}request_max_retries = -3\n`,
      /config\.toml: model_providers\.litellm\.request_max_retries: expected a number >= 0, got -3$/,
    ],
  ])("%s", async (_name, toml, message) => {
    const { line, file } = await refused(toml, []);
    expect(line).toMatch(message);
    expect(line.startsWith(file)).toBe(true);
  });

  it("exec resume refuses the same way", async () => {
    const { line } = await refused(`approval_policy = "sometimes"\n${ok}`, ["--last"], ["exec", "resume"]);
    expect(line).toMatch(
      /config\.toml: approval_policy: expected one of untrusted\|on-failure\|on-request\|never or \{ granular = .*\}, got "sometimes"$/,
    );
  });
});

describe("8. bad -c flags: one line naming the flag, exit 2, config.toml untouched", () => {
  it.each([
    [["-c", "model"], 'codex-litellm: -c model: expected key=value (e.g. -c model="my-model")'],
    [
      ["-c", "model_reasoning_effort=extreme"],
      'codex-litellm: -c model_reasoning_effort=extreme: model_reasoning_effort: expected one of none|minimal|low|medium|high|xhigh|max|ultra, got "extreme"',
    ],
    [
      ["-c", "model_providers.litellm.stream_idle_timeout_ms=0"],
      "codex-litellm: -c model_providers.litellm.stream_idle_timeout_ms=0: model_providers.litellm.stream_idle_timeout_ms: expected a number > 0, got 0",
    ],
    [
      ["-c", "model_providers.litellm.request_max_retries=lots"],
      'codex-litellm: -c model_providers.litellm.request_max_retries=lots: model_providers.litellm.request_max_retries: expected a number, got "lots"',
    ],
    [
      ["-c", "context_length=1000", "-c", "model_context_window=2000"],
      "codex-litellm: -c flags: context_length (1000) and model_context_window (2000) disagree; context_length is an alias of model_context_window, so set only one",
    ],
  ])("%j", async (flags, expected) => {
    const { line } = await refused(ok, flags);
    expect(`codex-litellm: ${line}`).toBe(expected);
  });

  it("a bad flag value (-s) is one line too", async () => {
    const { line } = await refused(ok, ["-s", "everything"]);
    expect(line).toMatch(/-s, --sandbox <mode>.*everything/);
  });
});
