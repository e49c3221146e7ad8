import { describe, expect, it } from "vitest";
import type { AgentEvent } from "../protocol/events.js";
import {
  commandEnd,
  CWD,
  failedTurn,
  SESSION_ID,
  sessionConfigured,
  successfulTurn,
  usage,
  usageRecord,
  SUCCESSFUL_TURN_SUMMARY,
} from "./__fixtures__/scripted-events.js";
import { hasTerminalControl, HOSTILE_TEXT, withoutSgr } from "../util/__fixtures__/hostile-terminal-text.js";
import { HumanRenderer, type HumanRendererOptions } from "./human-renderer.js";

const VERSION = "codex-litellm 9.9.9 compatible with codex-cli 0.171.0";

function render(events: AgentEvent[], options: Partial<HumanRendererOptions> = {}) {
  const out = {
    text: "",
    isTTY: false,
    write(c: string) {
      this.text += c;
    },
  };
  const err = {
    text: "",
    isTTY: false,
    write(c: string) {
      this.text += c;
    },
  };
  let clock = 1_000;
  const renderer = new HumanRenderer({
    stdout: out,
    stderr: err,
    color: "never",
    versionLine: VERSION,
    now: () => (clock += 250),
    ...options,
  });
  for (const event of events) renderer.handle(event);
  const summary = renderer.finish();
  return { stdout: out.text, stderr: err.text, summary, renderer };
}

const HEADER = [
  VERSION,
  "--------",
  `workdir: ${CWD}`,
  "model: gpt-5.5",
  "provider: litellm (http://127.0.0.1:4000/v1)",
  "approval: never",
  "sandbox: workspace-write",
  "reasoning effort: medium",
  "context window: 272,000 tokens (model_info)",
  `session id: ${SESSION_ID}`,
  "--------",
];

describe("HumanRenderer", () => {
  it("prints the header and items on stderr and only the final message on stdout", () => {
    const { stdout, stderr, summary } = render(successfulTurn(), { prompt: "make out.txt" });
    expect(stdout).toBe("Created out.txt with hi.\n");
    expect(stderr.split("\n")).toEqual([
      ...HEADER,
      "user",
      "make out.txt",
      "warning: Model metadata for `some-model` not found.",
      "Plan update",
      "Two steps",
      "  → Create out.txt",
      "  • Patch files",
      "thinking",
      "**Planning**",
      "exec",
      `echo hi > out.txt in ${CWD} succeeded in 12ms:`,
      "done",
      "file update",
      "A hello.txt",
      "+hello from patch",
      `M ${CWD}/README.md`,
      "--- a/README.md",
      "+++ b/README.md",
      "-seed",
      "+seed patched",
      "apply_patch exited 0 in 250ms:",
      "Success. Updated the following files:",
      "A hello.txt",
      "M README.md",
      "Plan update",
      "  ✓ Create out.txt",
      "  ✓ Patch files",
      'tool docs.search({"q":"codex"})',
      'docs.search({"q":"codex"}) success in 250ms:',
      "{",
      '  "content": [',
      "    {",
      '      "type": "text",',
      '      "text": "found"',
      "    }",
      "  ]",
      "}",
      "codex",
      "Created out.txt with hi.",
      "Token usage: total=29,736 input=29,700 (of which 14,849 cached) output=36 (reasoning 9)",
      "LiteLLM usage",
      "  model gpt-5.5 · effort medium · prompt 29,700 (of which 14,849 cached) · completion 36 · reasoning 9 · total 29,736 · cost $0.0123 · 2 requests",
      `To continue this session, run codex-litellm exec resume ${SESSION_ID}`,
      "",
    ]);
    expect(stderr).not.toContain("\u001b[");
    expect(summary).toEqual(SUCCESSFUL_TURN_SUMMARY);
  });

  it("prints failures, retries and errors without a final message", () => {
    const { stdout, stderr, summary } = render(failedTurn());
    expect(stdout).toBe("");
    expect(stderr.split("\n").slice(HEADER.length)).toEqual([
      "exec",
      `false in ${CWD} exited 1 in 1.50s:`,
      "Reconnecting... 2/5 (stream closed before response.completed)",
      "ERROR: stream disconnected: upstream returned 502",
      `To continue this session, run codex-litellm exec resume ${SESSION_ID}`,
      "",
    ]);
    expect(summary.outcome).toBe("failed");
    expect(summary.errorMessage).toBe("stream disconnected: upstream returned 502");
  });

  it("colours output with --color always and never otherwise", () => {
    expect(render(successfulTurn(), { color: "always" }).stderr).toContain("\u001b[32m");
    expect(render(successfulTurn(), { color: "never", stderrIsTTY: true }).stderr).not.toContain("\u001b[");
    // auto: only on a terminal, and not when NO_COLOR is set.
    expect(render(successfulTurn(), { color: "auto", stderrIsTTY: false, env: {} }).stderr).not.toContain("\u001b[");
    expect(render(successfulTurn(), { color: "auto", stderrIsTTY: true, env: {} }).stderr).toContain("\u001b[");
    expect(render(successfulTurn(), { color: "auto", stderrIsTTY: true, env: { NO_COLOR: "1" } }).stderr).not.toContain(
      "\u001b[",
    );
    // The final message on stdout is never styled.
    expect(render(successfulTurn(), { color: "always" }).stdout).toBe("Created out.txt with hi.\n");
  });

  it("does not repeat the final message on a terminal stdout", () => {
    const { stdout, stderr } = render(successfulTurn(), { stdoutIsTTY: true });
    expect(stdout).toBe("");
    expect(stderr).toContain("codex\nCreated out.txt with hi.\n");
  });

  it("truncates long command output, closes open exec lines, hides reasoning on request", () => {
    const long = Array.from({ length: 25 }, (_, i) => `line ${i + 1}`).join("\n") + "\n";
    const { stderr } = render(
      [
        sessionConfigured({ reasoningEffort: null, resumed: true }),
        { type: "turn_started", turnId: "t" },
        { type: "reasoning", itemId: "r", text: "secret thoughts" },
        { type: "command_begin", callId: "a", command: ["seq", "25"], cwd: CWD },
        { type: "command_begin", callId: "b", command: ["echo", "it's"], cwd: CWD },
        commandEnd("a", ["seq", "25"], 0, long, 61_000, "completed"),
        commandEnd("b", ["echo", "it's"], null, "", 0, "declined"),
        { type: "turn_aborted", turnId: "t", reason: "interrupted" },
      ],
      { showReasoning: false, resumeHint: false },
    );
    const lines = stderr.split("\n");
    expect(lines).toContain("reasoning effort: none");
    expect(lines).toContain(`session id: ${SESSION_ID} (resumed)`);
    expect(stderr).not.toContain("secret thoughts");
    expect(lines.slice(HEADER.length)).toEqual([
      "exec",
      `seq 25 in ${CWD}`,
      "exec",
      `echo "it's" in ${CWD}`,
      "seq 25 succeeded in 1m 01s:",
      ...Array.from({ length: 20 }, (_, i) => `line ${i + 1}`),
      "… +5 lines",
      `echo "it's" declined`,
      "task interrupted",
      "",
    ]);
  });

  it("prints timestamps when asked", () => {
    const { stderr } = render([{ type: "warning", message: "careful" }], {
      timestamps: true,
      now: () => new Date(2026, 0, 2, 3, 4, 5).getTime(),
    });
    expect(stderr).toBe("[2026-01-02T03:04:05] warning: careful\n");
  });

  it("summarises several LiteLLM records, with failed turns, compactions and a total; unknown values are left out", () => {
    const compaction = {
      kind: "compaction" as const,
      litellm_call_id: "c",
      response_id: null,
      prompt_tokens: 100,
      completion_tokens: 10,
      reasoning_tokens: 0,
      total_tokens: 110,
      cached_tokens: 0,
      cost_usd: 0.0001,
    };
    const { stderr } = render([
      {
        type: "turn_usage",
        record: usageRecord({ turn: 1, cost_usd: 0.5, requests: 3, status: "failed", request_usage: [compaction] }),
      },
      {
        type: "turn_usage",
        record: usageRecord({
          turn: 1,
          kind: "compaction",
          reasoning_effort: null,
          reasoning_tokens: null,
          cached_tokens: null,
          cost_usd: 0.000042,
          requests: 1,
        }),
      },
      { type: "turn_usage", record: usageRecord({ turn: 2, cost_usd: null, requests: 1, status: "interrupted" }) },
      { type: "turn_completed", turnId: "t", usage: usage(10, 0, 5, 0), lastAgentMessage: "ok" },
    ]);
    expect(stderr.split("\n")).toEqual([
      "Token usage: total=15 input=10 output=5",
      "LiteLLM usage",
      "  turn 1: model gpt-5.5 · effort medium · prompt 29,700 (of which 14,849 cached) · completion 36 · reasoning 9 · total 29,736 · cost $0.50 · 3 requests (1 compaction) · failed",
      "  compaction after turn 1: model gpt-5.5 · prompt 29,700 · completion 36 · total 29,736 · cost $0.000042",
      "  turn 2: model gpt-5.5 · effort medium · prompt 29,700 (of which 14,849 cached) · completion 36 · reasoning 9 · total 29,736 · interrupted",
      // One turn's cost is unknown: the total has none rather than a wrong one.
      "  total: prompt 89,100 (of which 29,698 cached) · completion 108 · reasoning 18 · total 89,208 · 5 requests",
      "",
    ]);
  });

  it("terminal escapes in model text, command output, diffs, plans, errors and the prompt never reach the terminal; our colours do", () => {
    const hostile = HOSTILE_TEXT;
    const events: AgentEvent[] = [
      sessionConfigured(),
      { type: "turn_started", turnId: "t" },
      { type: "reasoning", itemId: "r", text: hostile },
      { type: "command_begin", callId: "c", command: ["printf", hostile], cwd: CWD },
      commandEnd("c", ["printf", hostile], 0, hostile, 5, "completed"),
      { type: "patch_begin", callId: "p", changes: [{ path: `a${hostile}`, kind: "add", diff: `+${hostile}` }] },
      { type: "plan_update", explanation: hostile, plan: [{ step: hostile, status: "in_progress" }] },
      { type: "warning", message: hostile },
      { type: "turn_failed", turnId: "t0", message: hostile, kind: "stream" },
      { type: "agent_message", itemId: "m", text: hostile },
      { type: "turn_completed", turnId: "t", usage: usage(10, 0, 5, 0), lastAgentMessage: hostile },
    ];
    const { stdout, stderr } = render(events, { color: "always", prompt: hostile });
    expect(stderr).toContain("\u001b[32m"); // our own colours stay
    for (const out of [stdout, stderr]) {
      expect(hasTerminalControl(withoutSgr(out)), JSON.stringify(withoutSgr(out)).slice(0, 400)).toBe(false);
      expect(out).not.toContain("\u001b[31;1m"); // the hostile colour itself is gone
      expect(out).toContain("<OSC 52 clipboard write (BEL)></OSC 52 clipboard write (BEL)>");
    }
  });

  it("finish() is idempotent", () => {
    const { renderer, stdout } = render(successfulTurn());
    const again = renderer.finish();
    expect(again.finalMessage).toBe("Created out.txt with hi.");
    expect(stdout).toBe("Created out.txt with hi.\n");
  });
});
