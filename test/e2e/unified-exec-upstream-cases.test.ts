// More of upstream's unified-exec cases (codex-rs core/tests/suite/unified_exec.rs), through the
// built CLI and the fake model server, on a catalog model whose shell type is unified_exec. Each
// `it` names the upstream case(s) it ports; what the model reads back is parsed as upstream's
// tests parse it (Chunk ID, Wall time, exit code or session id, token count, Output), and the
// begin/end events upstream checks are read from `exec --json` (item.started / item.completed).
// Ported elsewhere: the two *_clamps_model_requested_max_output_tokens_to_policy cases and both
// write_stdin_ctrl_c_* cases (unified-exec-upstream.test.ts), unified_exec_intercepts_apply_patch_
// exec_command (catalog-tools.test.ts), unified_exec_keeps_long_running_session_after_turn_end
// (src/tools/unified-exec/tools.test.ts), unified_exec_interrupt_preserves_long_running_session
// (test/e2e/tui-background-terminals.test.ts: exec ends on an interrupt, the UI goes on; also
// tools.test.ts; the same file checks a process exiting after its turn completes its cell).
// The TerminalInteraction cases (_emits_terminal_interaction_for_write_stdin, _terminal_interaction_
// captures_delayed_output, _emits_one_begin_and_one_end_event) are ported for what a user of exec
// sees: the answers the model reads and one begin and one end per process (the interaction itself
// has no form in `exec --json`, upstream's exec prints none); the UI shows the interactions as
// upstream's does (tui-background-terminals.test.ts, src/tui/state.test.ts). Not ported: the network-denial cases and unified_exec_enforces_glob_deny_read_
// policy (upstream's managed network proxy and permission profiles, which this build does not
// have), write_stdin_ctrl_c_reports_unsupported_interrupt_to_model_on_windows (Windows only),
// unified_exec_python_prompt_under_seatbelt (macOS only), unified_exec_prunes_exited_sessions_first
// (ignored upstream; process-manager.test.ts covers the cap).
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { FakeStep } from "../fixtures/fake-model-server.js";
import { runCli } from "../support/cli.js";
import { catalogHome, exec, write } from "./unified-exec-scenario.js";
import { ENV, modelName, repo, useFakeServer } from "../faults/support.js";

const fake = useFakeServer();

interface Parsed {
  chunkId: string | null;
  wallTime: number;
  exitCode: number | null;
  sessionId: string | null;
  originalTokenCount: number | null;
  output: string;
}

const ANSWER =
  /^(?:Chunk ID: (?<chunk>[^\n]+)\n)?Wall time: (?<wall>-?\d+(?:\.\d+)?) seconds\n(?:Process exited with code (?<exit>-?\d+)\n)?(?:Process running with session ID (?<session>-?\d+)\n)?(?:Original token count: (?<tokens>\d+)\n)?Output:\n?(?<output>[\s\S]*)$/;

/** An exec_command / write_stdin answer, split as upstream's parse_unified_exec_output splits it. */
function parse(raw: string): Parsed {
  const m = ANSWER.exec(raw.replace(/^\r+|\r+$/g, ""));
  if (!m?.groups) throw new Error(`not a unified exec answer: ${JSON.stringify(raw)}`);
  const g = m.groups;
  return {
    chunkId: g.chunk ?? null,
    wallTime: Number(g.wall),
    exitCode: g.exit === undefined ? null : Number(g.exit),
    sessionId: g.session ?? null,
    originalTokenCount: g.tokens === undefined ? null : Number(g.tokens),
    output: (g.output ?? "").replace(/\r\n/g, "\n"),
  };
}

type Json = Record<string, unknown>;

/** Runs one exec session (full access, as upstream's cases) with `steps`; the answers the model read and the --json events. */
async function session(prefix: string, steps: FakeStep[], options: { cwd?: string; args?: string[] } = {}) {
  const model = modelName(prefix);
  fake.server.setScript(model, [...steps, { text: "done" }]);
  const r = await runCli(
    [
      "exec",
      "--json",
      ...(options.args ?? ["--dangerously-bypass-approvals-and-sandbox"]),
      "-C",
      options.cwd ?? repo(),
      "go",
    ],
    { home: catalogHome(fake.server.url, model, { shell_type: "unified_exec" }), env: ENV, timeoutMs: 90_000 },
  );
  expect(r.code, r.stderr).toBe(0);
  const body = fake.server.requests(model).at(-1)?.body as { input: { type: string; output?: unknown }[] };
  const answers = body.input.filter((i) => i.type === "function_call_output").map((i) => String(i.output));
  const commandEvents = r.stdout
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Json)
    .filter((e) => (e.item as Json | undefined)?.type === "command_execution")
    .map((e): Json => ({ event: e.type, ...(e.item as Json) }));
  return { answers, commandEvents };
}

/** The begin/end events (and exit codes) of the commands whose command line contains `needle`. */
const eventsOf = (events: Json[], needle: string) =>
  events.filter((e) => String(e.command).includes(needle)).map((e) => [e.event, e.exit_code]);

describe("upstream unified_exec cases", () => {
  it("unified_exec_emits_exec_command_begin_event, _end_event, _output_delta, _runs_on_all_platforms, exec_command_reports_chunk_and_exit_metadata", async () => {
    const { answers, commandEvents } = await session("uexec-events", [
      exec({ shell: "bash", cmd: "/bin/echo hello unified exec", yield_time_ms: 250 }),
      exec({ cmd: "/bin/echo END-EVENT", yield_time_ms: 250 }),
      write({ chars: "", session_id: 1000, yield_time_ms: 250 }),
      exec({ cmd: "printf 'HELLO-UEXEC'", yield_time_ms: 1000 }),
      exec({ cmd: "echo 'hello crossplat'" }),
      exec({
        cmd: "printf 'token one token two token three token four token five token six token seven'",
        yield_time_ms: 500,
        max_output_tokens: 6,
      }),
    ]);
    const [hello, end, poll, delta, crossplat, metadata] = answers.map((a, i) => (i === 2 ? null : parse(a)));
    // The begin event: bash -lc with the command as given; a command that exits in time answers with its code.
    const started = commandEvents.filter((e) => e.event === "item.started");
    // `shell: "bash"` runs the bash PATH finds, named by its full path (upstream's assert_command).
    expect(started[0]?.command).toMatch(/^\/\S*\/bash -lc '\/bin\/echo hello unified exec'$/);
    expect([hello?.exitCode, hello?.output]).toEqual([0, "hello unified exec\n"]);
    // The end event carries exit 0 and the aggregated output; the exited process is gone for a later poll.
    const completed = commandEvents.filter((e) => e.event === "item.completed");
    expect(completed.find((e) => String(e.command).includes("END-EVENT"))).toMatchObject({
      exit_code: 0,
      status: "completed",
      aggregated_output: "END-EVENT\n",
    });
    expect(end?.exitCode).toBe(0);
    expect(poll).toBeNull();
    expect(answers[2]).toBe("write_stdin failed: Unknown process id 1000");
    expect(delta?.output).toContain("HELLO-UEXEC");
    expect(crossplat?.output).toMatch(/hello crossplat/);
    // Chunk id (6 hex), wall time, exit code, no session id, the truncation notice and original count.
    expect(metadata?.chunkId).toMatch(/^[0-9a-f]{6}$/);
    expect(metadata?.wallTime).toBeGreaterThanOrEqual(0);
    expect(metadata?.sessionId).toBeNull();
    expect(metadata?.exitCode).toBe(0);
    expect(metadata?.output).toContain("tokens truncated");
    expect(metadata?.originalTokenCount).toBeGreaterThan(6);
  });

  it("unified_exec_resolves_relative_workdir, unified_exec_respects_workdir_override", async () => {
    const dir = repo();
    mkdirSync(path.join(dir, "uexec_relative_workdir"));
    writeFileSync(path.join(dir, "uexec_relative_workdir", "cwd-marker.txt"), "resolved-relative-workdir");
    mkdirSync(path.join(dir, "uexec_workdir_test"));
    const absolute = path.join(dir, "uexec_workdir_test");
    const { answers } = await session(
      "uexec-workdir",
      [
        exec({ cmd: "cat cwd-marker.txt", yield_time_ms: 250, workdir: "uexec_relative_workdir" }),
        exec({ cmd: "pwd -P", yield_time_ms: 250, workdir: absolute }),
      ],
      { cwd: dir },
    );
    const [relative, override] = answers.map(parse);
    expect([relative?.exitCode, relative?.output]).toEqual([0, "resolved-relative-workdir"]);
    expect(override?.output.trim()).toBe(absolute);
  });

  it("unified_exec_defaults_to_pipe, unified_exec_can_enable_tty, unified_exec_respects_early_exit_notifications", async () => {
    const isatty = 'python3 -c "import sys; print(sys.stdin.isatty())"';
    const { answers } = await session("uexec-tty", [
      exec({ cmd: isatty, yield_time_ms: 1500 }),
      exec({ cmd: isatty, yield_time_ms: 1500, tty: true }),
      exec({ cmd: "sleep 0.05", yield_time_ms: 31_415 }),
    ]);
    const [pipe, tty, early] = answers.map(parse);
    expect([pipe?.exitCode, pipe?.output]).toEqual([0, "False\n"]);
    expect([tty?.exitCode, tty?.sessionId, tty?.output.trim()]).toEqual([0, null, "True"]);
    // Answered at the exit, not after the 31 s yield (upstream: under 0.75 s; a loaded machine gets more).
    expect([early?.exitCode, early?.sessionId, early?.output]).toEqual([0, null, ""]);
    expect(early?.wallTime).toBeLessThan(5);
  });

  it("write_stdin_returns_exit_metadata_and_clears_session, unified_exec_reuses_session_via_stdin, unified_exec_emits_end_event_when_session_dies_via_stdin", async () => {
    const { answers, commandEvents } = await session("uexec-cat", [
      exec({ cmd: "/bin/cat", yield_time_ms: 500, tty: true }),
      write({ chars: "hello unified exec\n", session_id: 1000, yield_time_ms: 500 }),
      write({ chars: "\u0004", session_id: 1000, yield_time_ms: 500 }),
    ]);
    const [start, send, exit] = answers.map(parse);
    expect(start?.sessionId).toBe("1000");
    expect(start?.sessionId?.length).toBeGreaterThan(3);
    expect(start?.exitCode).toBeNull();
    expect(start?.output).toBe("");
    expect(send?.output).toContain("hello unified exec");
    expect([send?.sessionId, send?.exitCode]).toEqual(["1000", null]);
    expect([exit?.sessionId, exit?.exitCode]).toEqual([null, 0]);
    expect(exit?.chunkId).toMatch(/^[0-9a-f]+$/);
    // One begin and one end for the process, the end carrying cat's exit code 0.
    expect(eventsOf(commandEvents, "/bin/cat")).toEqual([
      ["item.started", null],
      ["item.completed", 0],
    ]);
  });

  it("unified_exec_timeout_and_followup_poll, unified_exec_emits_one_begin_and_one_end_event, unified_exec_full_lifecycle_with_background_end_event", async () => {
    const { answers, commandEvents } = await session("uexec-poll", [
      // Upstream sleeps 0.5 s; the model's round trip through the CLI on a loaded machine can take longer.
      exec({ cmd: "sleep 3; echo ready", yield_time_ms: 10 }),
      write({ chars: "", session_id: 1000, yield_time_ms: 10_000 }),
      exec({ shell: "bash", cmd: "sleep 0.1", yield_time_ms: 10 }),
      write({ chars: "", session_id: 1001, yield_time_ms: 5000 }),
      exec({ cmd: "sleep 0.5; printf 'HELLO-FULL-LIFECYCLE'", yield_time_ms: 1000 }),
    ]);
    const [first, poll, short] = answers.slice(0, 3).map(parse);
    expect(first?.sessionId).toBe("1000");
    expect(first?.output).toBe("");
    expect(poll?.output).toContain("ready");
    expect(poll?.exitCode).toBe(0);
    // A yield is at least 250 ms (upstream's clamp): `sleep 0.1` answers with its exit, so the poll finds nothing.
    expect([short?.exitCode, short?.sessionId]).toEqual([0, null]);
    expect(answers[3]).toBe("write_stdin failed: Unknown process id 1001");
    const sleep = commandEvents.filter((e) => /bash -lc 'sleep 0\.1'$/.test(String(e.command)));
    expect(sleep.map((e) => e.event)).toEqual(["item.started", "item.completed"]);
    const lifecycle = commandEvents.filter((e) => String(e.command).includes("HELLO-FULL-LIFECYCLE"));
    expect(lifecycle.map((e) => e.event)).toEqual(["item.started", "item.completed"]);
    expect(lifecycle[1]).toMatchObject({ exit_code: 0, aggregated_output: "HELLO-FULL-LIFECYCLE" });
  });

  it("unified_exec_emits_terminal_interaction_for_write_stdin (what the model reads back)", async () => {
    const { answers, commandEvents } = await session("uexec-interactive", [
      exec({ cmd: "/bin/bash --noprofile --norc -i", yield_time_ms: 500, tty: true }),
      write({ chars: "echo WSTDIN-$((40 + 2))\n", session_id: 1000, yield_time_ms: 800 }),
      write({ chars: "exit 7\n", session_id: 1000, yield_time_ms: 2000 }),
    ]);
    const [open, typed, exited] = answers.map(parse);
    expect([open?.sessionId, open?.exitCode]).toEqual(["1000", null]);
    // The shell ran what was typed (the echo of the line, then its output) and still runs.
    expect(typed?.output).toMatch(/WSTDIN-42\r?\n/);
    expect([typed?.sessionId, typed?.exitCode]).toEqual(["1000", null]);
    expect([exited?.sessionId, exited?.exitCode]).toEqual([null, 7]);
    // One begin and one end for the interactive process, the end with the shell's exit code.
    expect(eventsOf(commandEvents, "bash --noprofile --norc -i")).toEqual([
      ["item.started", null],
      ["item.completed", 7],
    ]);
  });

  it("a process ending while the model runs another command reports its end then (upstream's exit watcher)", async () => {
    const { answers, commandEvents } = await session("uexec-bg-end", [
      exec({ cmd: "sleep 1; echo bg-done", yield_time_ms: 250 }),
      exec({ cmd: "sleep 4; echo fg-done", yield_time_ms: 10_000 }),
    ]);
    expect(parse(answers[0] ?? "").sessionId).toBe("1000");
    // As real upstream 0.171 prints it: the first command's end comes while the second runs, with
    // its exit code and output, though no call collected it.
    expect(commandEvents.map((e) => [e.event, String(e.command).replace(/^.*-lc /, "")])).toEqual([
      ["item.started", "'sleep 1; echo bg-done'"],
      ["item.started", "'sleep 4; echo fg-done'"],
      ["item.completed", "'sleep 1; echo bg-done'"],
      ["item.completed", "'sleep 4; echo fg-done'"],
    ]);
    expect(commandEvents[2]).toMatchObject({ exit_code: 0, status: "completed", aggregated_output: "bg-done\n" });
  });

  it("unified_exec_terminal_interaction_captures_delayed_output, unified_exec_streams_after_lagged_output", async () => {
    const lagged = [
      "python3 - <<'PY'",
      "import sys, time",
      "chunk = b'long content here to trigger truncation' * (1 << 10)",
      "for _ in range(4):",
      "    sys.stdout.buffer.write(chunk); sys.stdout.flush()",
      "time.sleep(0.2)",
      "for _ in range(5):",
      "    sys.stdout.write('TAIL-MARKER\\n'); sys.stdout.flush(); time.sleep(0.05)",
      "time.sleep(0.2)",
      "PY",
      "",
    ].join("\n");
    const { answers, commandEvents } = await session("uexec-delayed", [
      exec({ cmd: "sleep 3 && echo MARKER1 && sleep 3 && echo MARKER2", yield_time_ms: 10, tty: true }),
      write({ chars: "x", session_id: 1000, yield_time_ms: 10 }),
      write({ chars: "x", session_id: 1000, yield_time_ms: 4000 }),
      write({ chars: "x", session_id: 1000, yield_time_ms: 6000 }),
      exec({ cmd: lagged, yield_time_ms: 25, tty: true }),
      write({ chars: "", session_id: 1001, yield_time_ms: 10_000 }),
    ]);
    const [open, , , , lagStart, lagPoll] = answers.map(parse);
    expect(open?.sessionId).toBe("1000");
    const delayed = commandEvents.filter((e) => String(e.command).includes("MARKER1"));
    expect(delayed.at(-1)).toMatchObject({ event: "item.completed", exit_code: 0 });
    expect(String(delayed.at(-1)?.aggregated_output)).toMatch(/MARKER1[\s\S]*MARKER2/);
    expect(lagStart?.sessionId).toBe("1001");
    expect(lagPoll?.output).toContain("TAIL-MARKER");
  });

  it("unified_exec_formats_large_output_summary", async () => {
    const script = "python3 - <<'PY'\nimport sys\nsys.stdout.write(\"token token \\n\" * 5000)\nPY\n";
    const { answers } = await session("uexec-large", [
      exec({ cmd: script, max_output_tokens: 100, yield_time_ms: 500 }),
    ]);
    const [large] = answers.map(parse);
    expect(large?.output).toMatch(
      /^(?:Warning: [^\n]*\n)?Total output lines: \d+\n\n(token token \n){5,}[\s\S]*…\d+ tokens truncated…[\s\S]*(token token \n){5,}$/,
    );
    expect(large?.originalTokenCount).toBeGreaterThan(0);
  });

  it("write_stdin_calls_run_in_parallel_across_sessions", async () => {
    // Each session waits for the other's marker file: one at a time, the first would wait in vain.
    const bash = { cmd: "bash --noprofile --norc", tty: true, yield_time_ms: 250 };
    const waitForOther = (mine: string, other: string, word: string) =>
      `: > .${mine}; while [ ! -e .${other} ]; do sleep 0.01; done; printf '${word}-%s\\n' ready; exit\n`;
    const { answers } = await session("uexec-parallel", [
      exec(bash),
      exec(bash),
      {
        function_call: [
          {
            name: "write_stdin",
            arguments: { session_id: 1000, chars: waitForOther("a", "b", "alpha"), yield_time_ms: 5000 },
          },
          {
            name: "write_stdin",
            arguments: { session_id: 1001, chars: waitForOther("b", "a", "beta"), yield_time_ms: 5000 },
          },
        ],
      },
    ]);
    const [, , alpha, beta] = answers.map(parse);
    expect([alpha?.exitCode, alpha?.output]).toEqual([0, expect.stringContaining("alpha-ready")]);
    expect([beta?.exitCode, beta?.output]).toEqual([0, expect.stringContaining("beta-ready")]);
  });

  it("unified_exec_runs_under_sandbox (read-only)", async () => {
    const { answers } = await session("uexec-sandbox", [exec({ cmd: "echo 'hello'", yield_time_ms: 500 })], {
      args: ["-s", "read-only"],
    });
    expect(parse(answers[0] ?? "").output).toMatch(/hello[\r\n]+/);
  });
});
