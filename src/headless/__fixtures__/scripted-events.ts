// Scripted agent event sequences for the exec renderer and schema tests.
import type { AgentEvent, TurnUsageRecord } from "../../protocol/events.js";
import type { TokenUsage } from "../../gateway/items.js";

export const SESSION_ID = "01a21260-50da-7bf0-b01c-901522503e88";
export const CWD = "/work/repo";

type CommandEnd = Extract<AgentEvent, { type: "command_end" }>;

/** A command_end event: the command, its exit code (null: it never ran), its output, time and status. */
export function commandEnd(
  callId: string,
  command: string[],
  exitCode: number | null,
  aggregatedOutput: string,
  durationMs: number,
  status: CommandEnd["status"],
): CommandEnd {
  return { type: "command_end", callId, command, exitCode, aggregatedOutput, durationMs, status };
}

export function sessionConfigured(
  overrides: Partial<Extract<AgentEvent, { type: "session_configured" }>> = {},
): AgentEvent {
  return {
    type: "session_configured",
    sessionId: SESSION_ID,
    model: "gpt-5.5",
    reasoningEffort: "medium",
    provider: { id: "litellm", name: "LiteLLM", baseUrl: "http://127.0.0.1:4000/v1", wireApi: "responses" },
    cwd: CWD,
    approvalPolicy: "never",
    sandboxMode: "workspace-write",
    contextWindow: { window: 272_000, source: "model_info" },
    catalogSettings: [],
    reasoningLevels: [],
    rolloutPath: "/home/u/.codex/sessions/2026/11/25/rollout.jsonl",
    resumed: false,
    ...overrides,
  };
}

export function usage(input: number, cached: number, output: number, reasoning: number): TokenUsage {
  return {
    input_tokens: input,
    cached_input_tokens: cached,
    output_tokens: output,
    reasoning_output_tokens: reasoning,
    total_tokens: input + output,
  };
}

export function usageRecord(overrides: Partial<TurnUsageRecord> = {}): TurnUsageRecord {
  return {
    turn: 1,
    model: "gpt-5.5",
    reasoning_effort: "medium",
    prompt_tokens: 29_700,
    completion_tokens: 36,
    reasoning_tokens: 9,
    total_tokens: 29_736,
    cached_tokens: 14_849,
    cost_usd: 0.0123,
    requests: 2,
    latency_ms: 850,
    litellm_call_id: "call-1",
    status: "completed",
    kind: "turn",
    request_usage: [],
    ...overrides,
  };
}

/** One successful turn touching every item kind: warning, plan, reasoning, shell, patch, MCP, message. */
export function successfulTurn(): AgentEvent[] {
  return [
    sessionConfigured(),
    { type: "warning", message: "Model metadata for `some-model` not found." },
    { type: "turn_started", turnId: "turn-1" },
    {
      type: "plan_update",
      explanation: "Two steps",
      plan: [
        { step: "Create out.txt", status: "in_progress" },
        { step: "Patch files", status: "pending" },
      ],
    },
    { type: "reasoning_delta", itemId: "r1", delta: "**Planning**" },
    { type: "reasoning", itemId: "r1", text: "**Planning**" },
    { type: "command_begin", callId: "c1", command: ["/bin/bash", "-lc", "echo hi > out.txt"], cwd: CWD },
    { type: "command_output", callId: "c1", stream: "stdout", chunk: "partial\n" },
    commandEnd("c1", ["/bin/bash", "-lc", "echo hi > out.txt"], 0, "done\n", 12, "completed"),
    {
      type: "patch_begin",
      callId: "p1",
      changes: [
        { path: "hello.txt", kind: "add", diff: "+hello from patch\n" },
        { path: `${CWD}/README.md`, kind: "update", diff: "--- a/README.md\n+++ b/README.md\n-seed\n+seed patched\n" },
      ],
    },
    {
      type: "patch_end",
      callId: "p1",
      success: true,
      output: "Success. Updated the following files:\nA hello.txt\nM README.md\n",
      changes: [
        { path: "hello.txt", kind: "add" },
        { path: `${CWD}/README.md`, kind: "update" },
      ],
    },
    {
      type: "plan_update",
      explanation: null,
      plan: [
        { step: "Create out.txt", status: "completed" },
        { step: "Patch files", status: "completed" },
      ],
    },
    { type: "mcp_call_begin", callId: "m1", server: "docs", tool: "search", arguments: { q: "codex" } },
    {
      type: "mcp_call_end",
      callId: "m1",
      server: "docs",
      tool: "search",
      arguments: { q: "codex" },
      result: { content: [{ type: "text", text: "found" }] },
      error: null,
    },
    { type: "agent_message_delta", itemId: "a1", delta: "Created" },
    { type: "agent_message", itemId: "a1", text: "Created out.txt with hi." },
    {
      type: "token_count",
      last: usage(20_000, 10_000, 20, 5),
      total: usage(29_700, 14_849, 36, 9),
      contextWindow: 272_000,
      tokensInContext: 20_020,
      percentLeft: 93,
    },
    { type: "turn_usage", record: usageRecord() },
    {
      type: "turn_completed",
      turnId: "turn-1",
      usage: usage(29_700, 14_849, 36, 9),
      lastAgentMessage: "Created out.txt with hi.",
    },
  ];
}

/** What every renderer reports at the end of {@link successfulTurn}. */
export const SUCCESSFUL_TURN_SUMMARY = {
  sessionId: SESSION_ID,
  finalMessage: "Created out.txt with hi.",
  outcome: "completed",
  errorMessage: null,
} as const;

/** A turn whose command fails, the stream retries, and the turn then fails. */
export function failedTurn(): AgentEvent[] {
  return [
    sessionConfigured(),
    { type: "turn_started", turnId: "turn-1" },
    { type: "command_begin", callId: "c1", command: ["false"], cwd: CWD },
    commandEnd("c1", ["false"], 1, "", 1500, "failed"),
    { type: "retrying", attempt: 2, maxAttempts: 5, delayMs: 400, reason: "stream closed before response.completed" },
    { type: "turn_failed", turnId: "turn-1", message: "stream disconnected: upstream returned 502", kind: "stream" },
  ];
}
