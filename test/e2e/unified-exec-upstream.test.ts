// Upstream's unified-exec cases (codex-rs core/tests/suite/unified_exec.rs) through the built CLI
// and the fake model server, on a catalog model whose shell type is unified_exec:
// - `tool_output_token_limit` clamps what exec_command and write_stdin return, whatever
//   `max_output_tokens` the model asks for;
// - write_stdin with a lone Ctrl-C to a process started without a terminal interrupts it
//   (SIGINT to its process group), and the answer carries the exit the process reported.
import { describe, expect, it } from "vitest";
import type { FakeStep } from "../fixtures/fake-model-server.js";
import { runCli } from "../support/cli.js";
import { catalogHome as unifiedExecHome, exec, write } from "./unified-exec-scenario.js";
import { ENV, modelName, repo, useFakeServer } from "../faults/support.js";

const fake = useFakeServer();

const catalogHome = (model: string, extraToml = "") =>
  unifiedExecHome(
    fake.server.url,
    model,
    { shell_type: "unified_exec", truncation_policy: { mode: "tokens", limit: 10_000 } },
    extraToml,
  );

/** The function_call_output texts the model was sent, in call order (from its last request). */
function outputsSent(model: string): string[] {
  const body = fake.server.requests(model).at(-1)?.body as { input: { type: string; output?: unknown }[] };
  return body.input.filter((i) => i.type === "function_call_output").map((i) => String(i.output));
}

/** The `Output:` section of an exec_command / write_stdin answer. */
const outputSection = (answer: string) => answer.slice(answer.indexOf("\nOutput:\n") + "\nOutput:\n".length);

const FULL_ACCESS = ["--dangerously-bypass-approvals-and-sandbox"];

async function run(model: string, steps: FakeStep[], extraToml = "") {
  fake.server.setScript(model, [...steps, { text: "done" }]);
  const r = await runCli(["exec", ...FULL_ACCESS, "-C", repo(), "go"], {
    home: catalogHome(model, extraToml),
    env: ENV,
    timeoutMs: 60_000,
  });
  expect(r.code, r.stderr).toBe(0);
  return outputsSent(model);
}

describe("tool_output_token_limit (upstream: *_clamps_model_requested_max_output_tokens_to_policy)", () => {
  const EXEC_LINES =
    'line_number=1; while [ "$line_number" -le 999 ]; do printf \'EXEC-LINE-%04d xxxxxxxxxxxxxxxxxxxx\\n\' "$line_number"; line_number=$((line_number + 1)); done';

  it("exec_command: a model asking for 70000 tokens gets the configured 50", async () => {
    const [out = ""] = await run(
      modelName("uexec-limit"),
      [exec({ cmd: EXEC_LINES, yield_time_ms: 3000, max_output_tokens: 70_000 })],
      "tool_output_token_limit = 50",
    );
    expect(out).toContain("Process exited with code 0\nOriginal token count: 8991\nOutput:\n");
    expect(out.match(/EXEC-LINE-/g)?.length ?? 0).toBeLessThanOrEqual(4);
    expect(out).toMatch(/…\d+ tokens truncated…/);
    expect(Buffer.byteLength(out)).toBeLessThan(700);
  });

  it("without the key the catalog's 10000-token policy lets all 999 lines through", async () => {
    const [out = ""] = await run(modelName("uexec-nolimit"), [
      exec({ cmd: EXEC_LINES, yield_time_ms: 3000, max_output_tokens: 70_000 }),
    ]);
    expect(outputSection(out).match(/EXEC-LINE-/g)).toHaveLength(999);
  });

  it("write_stdin: the same clamp, upstream's warning header over the cut output", async () => {
    const cmd =
      "printf 'READY\\n'; read trigger; line_number=1; while [ \"$line_number\" -le 999 ]; do printf 'STDIN-LINE-%04d yyyyyyyyyyyyyyyyyyyy\\n' \"$line_number\"; line_number=$((line_number + 1)); done";
    const [, out = ""] = await run(
      modelName("uexec-limit-stdin"),
      [
        exec({ cmd, yield_time_ms: 500, tty: true }),
        write({ chars: "go\n", session_id: 1000, yield_time_ms: 3000, max_output_tokens: 70_000 }),
      ],
      "tool_output_token_limit = 50",
    );
    // Upstream's count for these 1000 lines (the echoed "go" first); the history's own cut (the
    // limit plus 20%) then shortens the answer itself, as upstream's does.
    expect(out).toContain("Original token count: 9492\nOutput:\nWarning: trunca");
    expect(out.match(/STDIN-LINE-/g)?.length ?? 0).toBeLessThanOrEqual(4);
    expect(out).toMatch(/…\d+ tokens truncated…/);
  });
});

describe("write_stdin Ctrl-C to a session without a terminal (upstream: write_stdin_ctrl_c_interrupts_non_tty_session)", () => {
  it("interrupts the process: its exit code 130 comes back and the session is gone", async () => {
    const [started = "", interrupted = "", after = ""] = await run(modelName("uexec-ctrlc"), [
      exec({ cmd: "echo READY; sleep 30", yield_time_ms: 250, tty: false }),
      write({ chars: "\u0003", session_id: 1000, yield_time_ms: 5000 }),
      write({ session_id: 1000 }),
    ]);
    expect(started).toContain("Process running with session ID 1000");
    expect(started).toContain("READY");
    expect(interrupted).toContain("Process exited with code 130\n");
    expect(interrupted).not.toContain("session ID");
    expect(after).toBe("write_stdin failed: Unknown process id 1000");
  });

  it("a trap in the command runs: its output and its exit code come back", async () => {
    const cmd = "trap 'echo INTERRUPTED; exit 42' INT; echo READY; while :; do sleep 0.1; done";
    const [, interrupted = ""] = await run(modelName("uexec-ctrlc-trap"), [
      exec({ cmd, yield_time_ms: 250, tty: false }),
      write({ chars: "\u0003", session_id: 1000, yield_time_ms: 5000 }),
    ]);
    expect(interrupted).toContain("Process exited with code 42\n");
    expect(outputSection(interrupted)).toContain("INTERRUPTED");
  });

  it("other characters to a session without a terminal are still refused", async () => {
    const [, refused = ""] = await run(modelName("uexec-notty-write"), [
      exec({ cmd: "echo READY; sleep 2", yield_time_ms: 250, tty: false }),
      write({ chars: "hello\n", session_id: 1000 }),
    ]);
    expect(refused).toMatch(/^write_stdin failed: stdin is closed for this session/);
  });
});
