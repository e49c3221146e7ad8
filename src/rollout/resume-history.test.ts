import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { MessageItem, ResponseItem } from "../gateway/items.js";
import { ROLLOUT_FIXTURES } from "../../test/fixtures/rollout-fixtures.js";
import { fixturePath, line, useTempDir, metaLine } from "./__fixtures__/helpers.js";
import {
  approxTokenCount,
  buildCompactedHistory,
  COMPACT_USER_MESSAGE_MAX_TOKENS,
  truncateMiddleToTokens,
} from "./compacted-history.js";
import { loadRolloutForResume, rebuildHistory } from "./resume-history.js";
import type { RolloutRecord } from "./rollout-types.js";
import { SUMMARY_PREFIX } from "./user-messages.js";

const tmp = useTempDir();

/** A user message as older builds recorded it: without an id. */
const said = (text: string): MessageItem => ({
  type: "message",
  role: "user",
  content: [{ type: "input_text", text }],
});

const shape = (items: ResponseItem[]) => items.map((i) => (i.type === "message" ? `${i.type}:${i.role}` : i.type));

/** One turn of upstream's: permissions, context, the prompt, a shell call and its output, the answer. */
const ONE_SHELL_TURN = [
  "message:developer",
  "message:user",
  "message:user",
  "function_call",
  "function_call_output",
  "message:assistant",
];

describe("golden: history rebuilt from upstream Codex 0.169 rollouts", () => {
  it("rollout-one-shell.jsonl", async () => {
    const resumed = await loadRolloutForResume(fixturePath("rollout-one-shell.jsonl"));
    expect(resumed.stats.invalidLines).toBe(0);
    expect(resumed.meta?.id).toBe("01a2125d-3ef2-7213-a5dd-0a482ce2bc6c");
    // Exactly the response items; the base instructions live in session_meta, not in history.
    expect(shape(resumed.history)).toEqual(ONE_SHELL_TURN);
    expect(resumed.history[2]).toEqual({
      type: "message",
      id: "msg_01a2125d-3f28-7f51-841b-5d3973ce519b",
      role: "user",
      content: [{ type: "input_text", text: "Create out.txt containing hi" }],
    });
    expect(resumed.history[4]).toMatchObject({
      type: "function_call_output",
      call_id: "call_8017950a76b6711f30e0df92",
    });
    expect(resumed.tokenUsage).toEqual({
      total_token_usage: {
        input_tokens: 20319,
        cached_input_tokens: 10159,
        output_tokens: 24,
        reasoning_output_tokens: 6,
        total_tokens: 20343,
      },
      last_token_usage: {
        input_tokens: 10221,
        cached_input_tokens: 5110,
        output_tokens: 12,
        reasoning_output_tokens: 3,
        total_tokens: 10233,
      },
      model_context_window: 258400,
    });
    expect(resumed.turnContext).toMatchObject({
      model: "some-model",
      cwd: "/RUN/t1/repo",
      approval_policy: "never",
      summary: "none",
      sandbox_policy: {
        type: "workspace-write",
        network_access: false,
        exclude_tmpdir_env_var: false,
        exclude_slash_tmp: false,
      },
    });
    // 0.169 writes no user_message/agent_message events: the transcript comes from the items.
    expect(resumed.transcript).toEqual([
      { kind: "user", text: "Create out.txt containing hi" },
      { kind: "assistant", text: "Created out.txt with hi." },
    ]);
    expect(resumed.compactions).toBe(0);
  });

  it("rollout-apply-patch.jsonl", async () => {
    const resumed = await loadRolloutForResume(fixturePath("rollout-apply-patch.jsonl"));
    expect(shape(resumed.history)).toEqual([
      "message:developer",
      "message:user",
      "message:user",
      "custom_tool_call",
      "custom_tool_call_output",
      "function_call",
      "function_call_output",
      "message:assistant",
    ]);
    expect(resumed.history[4]).toEqual({
      type: "custom_tool_call_output",
      id: "ctco_01a21260-51a0-73b3-a8d7-47ceebfda051",
      call_id: "call_dda6458a0c1b5564c4bf473b",
      output:
        "Exit code: 0\nWall time: 0.1 seconds\nOutput:\nSuccess. Updated the following files:\nA hello.txt\nM README.md\n",
    });
    expect(resumed.tokenUsage?.total_token_usage.total_tokens).toBe(29736);
    expect(resumed.tokenUsage?.last_token_usage.total_tokens).toBe(10045);
    expect(resumed.turnContext?.model).toBe("gpt-5.5");
    expect(resumed.turnContext?.cwd).toBe("/RUN/ap/repo");
  });

  it("rollout-after-resume.jsonl (same file appended by a resume)", async () => {
    const resumed = await loadRolloutForResume(fixturePath("rollout-after-resume.jsonl"));
    expect(resumed.history).toHaveLength(12);
    expect(shape(resumed.history.slice(6))).toEqual(ONE_SHELL_TURN);
    expect(resumed.history[8]).toEqual({
      type: "message",
      id: "msg_01a2125d-9796-76b0-9573-37c18fab3b31",
      role: "user",
      content: [{ type: "input_text", text: "Now append again" }],
    });
    expect(resumed.tokenUsage?.total_token_usage).toEqual({
      input_tokens: 41562,
      cached_input_tokens: 20780,
      output_tokens: 48,
      reasoning_output_tokens: 12,
      total_tokens: 41610,
    });
    // The last turn_context wins: the resumed turn ran read-only.
    expect(resumed.turnContext?.model).toBe("some-model");
    expect(resumed.turnContext?.sandbox_policy).toEqual({ type: "read-only" });
    expect(resumed.transcript.map((t) => t.kind)).toEqual(["user", "assistant", "user", "assistant"]);
  });
});

const at = "2026-11-25T10:00:00.000Z";
const rec = {
  item: (payload: ResponseItem): RolloutRecord => ({ timestamp: at, type: "response_item", payload }),
  user: (text: string): RolloutRecord => ({ timestamp: at, type: "response_item", payload: said(text) }),
  assistant: (text: string): RolloutRecord => ({
    timestamp: at,
    type: "response_item",
    payload: { type: "message", role: "assistant", content: [{ type: "output_text", text }] },
  }),
};
const envContext = said("<environment_context>\n  <cwd>/w</cwd>\n</environment_context>");

describe("compaction", () => {
  it("compacted with replacement_history replaces the history verbatim", () => {
    const replacement: ResponseItem[] = [
      said("kept"),
      { type: "message", role: "assistant", content: [{ type: "output_text", text: "summary" }] },
    ];
    const resumed = rebuildHistory([
      rec.user("one"),
      rec.assistant("a1"),
      { timestamp: at, type: "compacted", payload: { message: "sum", replacement_history: replacement } },
      rec.user("two"),
    ]);
    expect(resumed.history).toEqual([...replacement, said("two")]);
    expect(resumed.compactions).toBe(1);
  });

  it("compacted without replacement_history rebuilds the bridge: initial context + user messages + summary", () => {
    const summary = `${SUMMARY_PREFIX}\nWe did things.`;
    const initial = [envContext];
    const resumed = rebuildHistory(
      [
        rec.item(envContext),
        rec.user("first request"),
        rec.assistant("answer"),
        rec.user("second request"),
        { timestamp: at, type: "compacted", payload: { message: summary } },
        rec.user("after compaction"),
      ],
      { initialContext: initial },
    );
    expect(resumed.history).toEqual([
      envContext,
      said("first request"),
      said("second request"),
      said(summary),
      said("after compaction"),
    ]);
  });

  it("a second compaction does not carry the earlier summary as a user message", () => {
    const resumed = rebuildHistory([
      rec.user("one"),
      { timestamp: at, type: "compacted", payload: { message: `${SUMMARY_PREFIX}\nS1` } },
      rec.user("two"),
      { timestamp: at, type: "compacted", payload: { message: `${SUMMARY_PREFIX}\nS2` } },
    ]);
    expect(resumed.history).toEqual([said("one"), said("two"), said(`${SUMMARY_PREFIX}\nS2`)]);
  });

  it("adds the summary prefix to a bare summary and handles an empty one", () => {
    expect(
      rebuildHistory([rec.user("u"), { timestamp: at, type: "compacted", payload: { message: "bare" } }]).history.at(
        -1,
      ),
    ).toEqual(said(`${SUMMARY_PREFIX}\nbare`));
    expect(rebuildHistory([{ timestamp: at, type: "compacted", payload: { message: "" } }]).history).toEqual([
      said("(no summary available)"),
    ]);
  });

  it("keeps user messages newest→oldest within ~20,000 tokens and truncates the oldest kept one", () => {
    const big = (tag: string) => `${tag} ${"x".repeat(30_000)}`; // ~7,500 tokens each
    const messages = ["m1", "m2", "m3", "m4"].map(big);
    const history = buildCompactedHistory(
      [],
      messages.map((text) => ({ text })),
      "S",
    );
    expect(history).toHaveLength(4); // m2 (truncated), m3, m4, summary
    const texts = history.map((i) =>
      i.type === "message" && i.content[0]?.type === "input_text" ? i.content[0].text : "",
    );
    expect(texts[1]).toBe(messages[2]);
    expect(texts[2]).toBe(messages[3]);
    expect(texts[0]).toMatch(/^m2 x+…\d+ tokens truncated…x+$/);
    const used = texts.slice(0, 3).reduce((n, t) => n + approxTokenCount(t), 0);
    expect(used).toBeLessThanOrEqual(COMPACT_USER_MESSAGE_MAX_TOKENS + 10);
    expect(texts[3]).toBe(`${SUMMARY_PREFIX}\nS`);
  });

  it("truncates at UTF-8 character boundaries", () => {
    const text = "😀".repeat(100);
    const out = truncateMiddleToTokens(text, 10);
    expect(out).not.toContain("\uFFFD");
    expect(out).toMatch(/^(😀)+…\d+ tokens truncated…(😀)+$/);
  });

  it("leaves injected context and images-only messages out of the retained user messages", () => {
    const resumed = rebuildHistory([
      rec.item(envContext),
      rec.item(said("# AGENTS.md instructions for /w\n\n<INSTRUCTIONS>\nx\n</INSTRUCTIONS>")),
      rec.item({
        type: "message",
        role: "user",
        content: [{ type: "input_image", image_url: "data:image/png;base64,AA" }],
      }),
      rec.user("real"),
      { timestamp: at, type: "compacted", payload: { message: "S" } },
    ]);
    expect(resumed.history).toEqual([said("real"), said(`${SUMMARY_PREFIX}\nS`)]);
  });

  it("keeps the ids of the user messages it keeps; the rebuilt summary gets none (it is recorded nowhere)", () => {
    const resumed = rebuildHistory([
      rec.item({ ...said("first"), id: "msg_first" }),
      rec.assistant("answer"),
      { timestamp: at, type: "compacted", payload: { message: "S" } },
    ]);
    expect(resumed.history).toEqual([{ ...said("first"), id: "msg_first" }, said(`${SUMMARY_PREFIX}\nS`)]);
  });
});

describe("compaction over Codex 0.169 content kinds", () => {
  it("does not retain messages the file marks as injected context, even without a known marker", async () => {
    const path = join(tmp.path, "r.jsonl");
    const kinds = (k: string) => ({ turn_id: "t", content_item_kinds: [k] });
    writeFileSync(
      path,
      [
        metaLine("01900000-0000-7000-8000-000000000001", "/w"),
        line("response_item", {
          ...said("<1035 chars omitted>"),
          internal_chat_message_metadata_passthrough: kinds("environments.environment_context"),
        }),
        line("response_item", {
          ...said("do the thing"),
          internal_chat_message_metadata_passthrough: kinds("user.text"),
        }),
        line("compacted", { message: "S" }),
      ]
        .map((l) => `${l}\n`)
        .join(""),
    );
    const resumed = await loadRolloutForResume(path);
    expect(resumed.history).toEqual([said("do the thing"), said(`${SUMMARY_PREFIX}\nS`)]);
    expect(resumed.transcript).toEqual([
      { kind: "user", text: "do the thing" },
      { kind: "context_compacted", text: "" },
    ]);
  });
});

describe("events, usage and settings", () => {
  it("uses the last token_count with info, the last turn_context, and event-based transcript when present", async () => {
    const path = join(tmp.path, "r.jsonl");
    const secondContext = {
      cwd: "/w2",
      approval_policy: "never",
      sandbox_policy: { type: "danger-full-access" },
      model: "m2",
      effort: "high",
      summary: "auto",
    };
    const usage = (n: number) => ({
      input_tokens: n,
      cached_input_tokens: 0,
      output_tokens: 1,
      reasoning_output_tokens: 0,
      total_tokens: n + 1,
    });
    writeFileSync(
      path,
      [
        metaLine("01900000-0000-7000-8000-000000000001", "/w"),
        line("turn_context", {
          cwd: "/w",
          approval_policy: "on-request",
          sandbox_policy: { type: "read-only" },
          model: "m1",
          effort: "low",
          summary: "auto",
        }),
        line("response_item", said("hi")),
        line("event_msg", { type: "user_message", message: "hi" }),
        line("event_msg", { type: "agent_reasoning", text: "thinking" }),
        line("event_msg", { type: "agent_message", message: "hello" }),
        line("event_msg", {
          type: "token_count",
          info: { total_token_usage: usage(10), last_token_usage: usage(10), model_context_window: 100 },
          rate_limits: { primary: { used_percent: 5 } },
        }),
        line("turn_context", secondContext),
        line("event_msg", { type: "turn_aborted", reason: "interrupted" }),
        line("event_msg", { type: "token_count", info: null, rate_limits: null }),
      ]
        .map((l) => `${l}\n`)
        .join(""),
    );
    const resumed = await loadRolloutForResume(path);
    expect(resumed.tokenUsage?.total_token_usage.total_tokens).toBe(11);
    expect(resumed.rateLimits).toEqual({ primary: { used_percent: 5 } });
    expect(resumed.turnContext).toEqual(secondContext);
    expect(resumed.events.map((e) => e.type)).toEqual([
      "user_message",
      "agent_reasoning",
      "agent_message",
      "token_count",
      "turn_aborted",
      "token_count",
    ]);
    expect(resumed.transcript).toEqual([
      { kind: "user", text: "hi" },
      { kind: "reasoning", text: "thinking" },
      { kind: "assistant", text: "hello" },
      { kind: "turn_aborted", text: "interrupted" },
    ]);
  });
});

describe("rollouts from other tools and killed sessions", () => {
  const fixture = (name: string) => join(ROLLOUT_FIXTURES, name);

  it("reads the 2025 legacy format: header as session_meta (cwd from the environment context), bare items, state lines skipped", async () => {
    const resumed = await loadRolloutForResume(fixture("legacy.jsonl"));
    expect(resumed.stats).toMatchObject({ format: "legacy", invalidLines: 0, unknownSkipped: 3 });
    expect(resumed.meta).toMatchObject({
      id: "0f3b3a52-5a3e-4c55-9c63-1c2a7d3e0001",
      timestamp: "2025-08-20T09:15:00.000Z",
      cwd: "/home/dev/legacy-project",
      instructions: "Prefer small commits.",
      source: "cli",
      git: { commit_hash: "abc123", branch: "main" },
    });
    expect(resumed.history.map((i) => i.type)).toEqual([
      "message",
      "message",
      "reasoning",
      "function_call",
      "function_call_output",
      "message",
      "message",
      "local_shell_call",
      "function_call_output",
      "message",
    ]);
    expect(resumed.transcript.map((e) => e.text)).toEqual([
      "List the files in the legacy project",
      "I should run ls.",
      "There are two entries: README.md and src.",
      "And what is in src?",
      "src holds main.rs.",
    ]);
  });

  it("keeps items of types it does not model, serialising back to the same bytes", async () => {
    const lines = readFileSync(fixture("item-types.jsonl"), "utf8").trim().split("\n");
    const resumed = await loadRolloutForResume(fixture("item-types.jsonl"));
    const preserved = resumed.history.filter((i) => i.type === "preserved");
    expect(preserved.map((i) => (i.type === "preserved" ? i.itemType : ""))).toEqual([
      "ghost_snapshot",
      "web_search_call",
      "agent_message",
      "future_item_kind",
      "compaction",
    ]);
    const payloadTexts = lines.map((l) => l.slice(l.indexOf('"payload":') + '"payload":'.length, -1));
    for (const item of preserved) expect(payloadTexts).toContain(JSON.stringify(item));
  });

  it("gives a call without output the output 'aborted' right after it, and measures a compacted history by itself", async () => {
    const dangling = await loadRolloutForResume(fixture("dangling.jsonl"));
    const calls = dangling.history
      .filter((i) => i.type !== "message")
      .map((i) => [i.type, "call_id" in i ? i.call_id : null, "output" in i ? i.output : null]);
    expect(calls).toEqual([
      ["function_call", "call_done", null],
      ["function_call_output", "call_done", "one\n"],
      ["function_call", "call_killed", null],
      ["function_call_output", "call_killed", "aborted"],
      ["custom_tool_call", "call_patch_killed", null],
      ["custom_tool_call_output", "call_patch_killed", "aborted"],
      ["local_shell_call", "call_local_killed", null],
      ["function_call_output", "call_local_killed", "aborted"],
    ]);
    const compacted = await loadRolloutForResume(fixture("compacted.jsonl"));
    expect(compacted.tokenUsage?.last_token_usage.total_tokens).toBe(30_500);
    expect(compacted.tokensInContext).toBeLessThan(100);
  });
});
