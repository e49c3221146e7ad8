// Human-readable `exec` output, after upstream's `event_processor_with_human_output.rs`:
// progress goes to stderr (a config header, then items as they happen), and only the final
// agent message goes to stdout, so `codex-litellm exec "…" > answer.txt` captures the answer.
// When stdout is a terminal the final message is not repeated there (it is already on stderr),
// as upstream does. At the end come the token usage line, the LiteLLM usage summary from
// `turn_usage` events, and the hint for resuming the session. Everything an event carries
// (model text, command output, server messages) is made terminal-safe before it is coloured.
import type { AgentEvent, FileChange, KeyStatus, PlanStep, TurnUsageRecord } from "../protocol/events.js";
import { keyStatusText } from "../agent/key-budget.js";
import type { TokenUsage } from "../gateway/items.js";
import { sumUsage, type UsageFigures } from "../agent/usage-sums.js";
import { terminalSafe, terminalSafeDeep } from "../util/terminal-text.js";
import { VERSION_LINE } from "../version.js";
import { colorEnabled, createStyles, type ColorMode, type Styles } from "./color.js";
import { countOf, formatWithSeparators } from "../util/numbers.js";
import { formatDuration, formatLocalTimestamp, formatTokenUsage } from "./format.js";
import { formatUsd } from "../util/numbers.js";
import { reconnectMessage } from "./jsonl-renderer.js";
import type { ExecOutcome, ExecRenderer, ExecRenderSummary, TextSink } from "./renderer.js";
import { displayCommand } from "../util/shell-quote.js";
import { collabBeginLine, collabEndLine } from "../protocol/collab-lines.js";
import { isJsonObject } from "../util/json.js";
import { assertNever } from "../util/assert-never.js";

/** Lines of command output (and MCP results) shown per call, as upstream. */
export const MAX_OUTPUT_LINES = 20;

export interface HumanRendererOptions {
  stdout: TextSink;
  stderr: TextSink;
  /** `--color`; default "auto" (stderr is a TTY and NO_COLOR unset). */
  color?: ColorMode;
  /** Environment consulted for NO_COLOR (default `process.env`). */
  env?: NodeJS.ProcessEnv;
  /** Overrides `stderr.isTTY` for the colour decision. */
  stderrIsTTY?: boolean;
  /** Overrides `stdout.isTTY`: on a terminal the final message is not printed to stdout again. */
  stdoutIsTTY?: boolean;
  /** The prompt, echoed after the header as upstream does (`user` + text). */
  prompt?: string;
  /** Show reasoning summaries (default true; upstream's `hide_agent_reasoning` turns them off). */
  showReasoning?: boolean;
  /** Prefix progress lines with `[YYYY-MM-DDTHH:MM:SS]` (default false). */
  timestamps?: boolean;
  /** Print `To continue this session, run …` at the end (default true; off for --ephemeral). */
  resumeHint?: boolean;
  /** The command named in the resume hint (default `codex-litellm exec resume`). */
  resumeCommand?: string;
  /** First header line (default our version line). */
  versionLine?: string;
  /** Clock in ms, for durations and timestamps (default `Date.now`). */
  now?: () => number;
}

export class HumanRenderer implements ExecRenderer {
  private readonly s: Styles;
  private readonly out: TextSink;
  private readonly err: TextSink;
  private readonly stdoutIsTTY: boolean;
  private readonly showReasoning: boolean;
  private readonly timestamps: boolean;
  private readonly resumeHint: boolean;
  private readonly resumeCommand: string;
  private readonly versionLine: string;
  private readonly prompt: string | undefined;
  private readonly now: () => number;

  /** The call id whose `exec <command> in <cwd>` line is still open (waiting for its result). */
  private openCommandLine: string | null = null;
  private readonly commands = new Map<string, string>();
  private readonly patchStarts = new Map<string, number>();
  private readonly mcpStarts = new Map<string, number>();
  private headerPrinted = false;
  private lastErrorPrinted: string | null = null;

  private sessionId: string | null = null;
  private lastAgentMessage: string | null = null;
  private finalMessage: string | null = null;
  private outcome: ExecOutcome = "incomplete";
  private errorMessage: string | null = null;
  private totalUsage: TokenUsage | null = null;
  private turnUsage: TokenUsage | null = null;
  private readonly usageRecords: TurnUsageRecord[] = [];
  /** The key's budget and limits as the proxy last reported them. */
  private keyStatus: KeyStatus | null = null;
  private summary: ExecRenderSummary | null = null;

  constructor(options: HumanRendererOptions) {
    this.out = options.stdout;
    this.err = options.stderr;
    const stderrTTY = options.stderrIsTTY ?? options.stderr.isTTY === true;
    this.s = createStyles(colorEnabled(options.color ?? "auto", stderrTTY, options.env ?? process.env));
    this.stdoutIsTTY = options.stdoutIsTTY ?? options.stdout.isTTY === true;
    this.showReasoning = options.showReasoning ?? true;
    this.timestamps = options.timestamps ?? false;
    this.resumeHint = options.resumeHint ?? true;
    this.resumeCommand = options.resumeCommand ?? "codex-litellm exec resume";
    this.versionLine = options.versionLine ?? VERSION_LINE;
    this.prompt = options.prompt === undefined ? undefined : terminalSafe(options.prompt);
    this.now = options.now ?? Date.now;
  }

  handle(untrusted: AgentEvent): void {
    const event = terminalSafeDeep(untrusted);
    const s = this.s;
    switch (event.type) {
      case "session_configured": {
        this.sessionId = event.sessionId;
        if (this.headerPrinted) return;
        this.headerPrinted = true;
        const effort = event.reasoningEffort ?? "none";
        const window = `${formatWithSeparators(event.contextWindow.window)} tokens (${event.contextWindow.source})`;
        const entries: [string, string][] = [
          ["workdir", event.cwd],
          ["model", event.model],
          ["provider", `${event.provider.id} (${event.provider.baseUrl})`],
          ["approval", event.approvalPolicy],
          ["sandbox", event.sandboxMode],
          ["reasoning effort", effort],
          ["context window", window],
          // Only a model the Codex model catalog describes adds lines: the header is otherwise unchanged.
          ...(event.catalogSettings ?? []).map(([name, value]): [string, string] => [name, `${value} (catalog)`]),
          ["session id", event.resumed ? `${event.sessionId} (resumed)` : event.sessionId],
        ];
        this.line(`${this.versionLine}\n--------`, true);
        for (const [key, value] of entries) this.line(`${s.bold(`${key}:`)} ${value}`);
        this.line("--------");
        if (this.prompt !== undefined) this.line(`${s.cyan("user")}\n${this.prompt}`, true);
        return;
      }

      case "turn_started":
        this.lastAgentMessage = null;
        return;

      case "agent_message":
        this.lastAgentMessage = event.text;
        this.line(`${s.magenta(s.italic("codex"))}\n${event.text}`, true);
        return;

      case "reasoning":
        if (!this.showReasoning || event.text.trim() === "") return;
        this.line(`${s.magenta(s.italic("thinking"))}\n${s.dim(event.text)}`, true);
        return;

      case "command_begin": {
        const command = displayCommand(event.command);
        this.commands.set(event.callId, command);
        this.closeOpenLine();
        this.write(`${this.stamp()}${s.magenta(s.italic("exec"))}\n${s.bold(command)} in ${event.cwd}`);
        this.openCommandLine = event.callId;
        return;
      }

      case "command_end": {
        const duration = ` in ${formatDuration(event.durationMs)}`;
        let title: string;
        if (event.status === "declined") title = s.yellow(" declined");
        else if (event.status === "completed" && (event.exitCode === 0 || event.exitCode === null))
          title = s.green(` succeeded${duration}:`);
        else if (event.exitCode !== null) title = s.red(` exited ${event.exitCode}${duration}:`);
        else title = s.red(` failed${duration}:`);
        const command = this.commands.get(event.callId) ?? displayCommand(event.command);
        this.commands.delete(event.callId);
        if (this.openCommandLine === event.callId) {
          this.openCommandLine = null;
          this.write(`${title}\n`);
        } else {
          this.line(`${s.bold(command)}${title}`, true);
        }
        if (event.status !== "declined") this.preview(event.aggregatedOutput);
        return;
      }

      case "patch_begin":
        this.patchStarts.set(event.callId, this.now());
        this.line(s.magenta(s.italic("file update")), true);
        for (const change of event.changes) this.fileChange(change);
        return;

      case "patch_end": {
        const started = this.patchStarts.get(event.callId);
        this.patchStarts.delete(event.callId);
        const duration = started === undefined ? "" : ` in ${formatDuration(this.now() - started)}`;
        const title = `apply_patch exited ${event.success ? 0 : 1}${duration}:`;
        this.line(event.success ? s.green(title) : s.red(title), true);
        for (const line of splitLines(event.output)) this.line(s.dim(line));
        return;
      }

      case "plan_update":
        this.plan(event.explanation, event.plan);
        return;

      case "collab_call_begin": {
        const line = collabBeginLine(event);
        if (line) this.line(s.dim(line), true);
        return;
      }

      case "collab_call_end":
        this.line(`${s.magenta("agents")} ${collabEndLine(event, event.agentsStates, event.success)}`, true);
        return;

      case "mcp_call_begin":
        this.mcpStarts.set(event.callId, this.now());
        this.line(`${s.magenta("tool")} ${s.bold(mcpInvocation(event.server, event.tool, event.arguments))}`, true);
        return;

      case "web_search":
        this.line(`🌐 Searched: ${event.query}`, true);
        return;

      case "view_image":
        this.line(`${s.magenta("viewed image")} ${event.path}`, true);
        return;

      case "mcp_call_end": {
        const started = this.mcpStarts.get(event.callId);
        this.mcpStarts.delete(event.callId);
        const duration = started === undefined ? "" : ` in ${formatDuration(this.now() - started)}`;
        const failed = event.error !== null || (isJsonObject(event.result) && event.result.isError === true);
        const title = `${mcpInvocation(event.server, event.tool, event.arguments)} ${failed ? "failed" : "success"}${duration}:`;
        this.line(failed ? s.red(title) : s.green(title), true);
        if (event.error !== null) this.line(s.dim(event.error));
        else if (event.result !== undefined) {
          const pretty = JSON.stringify(event.result, null, 2) ?? "";
          for (const line of splitLines(pretty).slice(0, MAX_OUTPUT_LINES)) this.line(s.dim(line));
        }
        return;
      }

      case "token_count":
        this.totalUsage = event.total;
        return;

      case "turn_usage":
        this.usageRecords.push(event.record);
        return;

      case "key_status":
        this.keyStatus = event.status;
        return;

      case "retrying":
        this.line(s.dim(reconnectMessage(event.attempt, event.maxAttempts, event.reason)), true);
        return;

      case "warning":
        this.line(`${s.bold(s.yellow("warning:"))} ${event.message}`, true);
        return;

      case "compacted":
        this.line("context compacted", true);
        return;

      case "hook_completed":
        return; // run-exec writes its lines, whichever renderer is on

      case "approval_requested":
      case "approval_decided":
        return; // exec asks nobody; a declined command shows as such, and OpenTelemetry exports the decision

      case "turn_completed":
        this.outcome = "completed";
        this.errorMessage = null;
        this.turnUsage = event.usage;
        this.finalMessage = event.lastAgentMessage ?? this.lastAgentMessage;
        return;

      case "turn_failed":
        this.outcome = "failed";
        this.errorMessage = event.message;
        this.finalMessage = null;
        this.printError(event.message);
        return;

      case "turn_aborted":
        this.outcome = "aborted";
        this.finalMessage = null;
        this.line("task interrupted", true);
        return;

      // Streamed pieces: exec prints whole items.
      case "agent_message_delta":
      case "reasoning_delta":
      case "command_output":
      case "terminal_interaction":
        return;
      default:
        assertNever(event);
    }
  }

  finish(): ExecRenderSummary {
    if (this.summary) return this.summary;
    const s = this.s;
    this.closeOpenLine();
    const usage = this.totalUsage ?? this.turnUsage;
    if (usage)
      this.write(`${s.magenta(s.italic("Token usage:"))}${formatTokenUsage(usage).slice("Token usage:".length)}\n`);
    if (this.usageRecords.length > 0) this.litellmSummary();
    if (this.finalMessage !== null && !this.stdoutIsTTY) {
      this.out.write(this.finalMessage.endsWith("\n") ? this.finalMessage : `${this.finalMessage}\n`);
    }
    if (this.resumeHint && this.sessionId !== null) {
      this.write(`To continue this session, run ${this.resumeCommand} ${this.sessionId}\n`);
    }
    this.summary = {
      sessionId: this.sessionId,
      finalMessage: this.finalMessage,
      outcome: this.outcome,
      errorMessage: this.errorMessage,
    };
    return this.summary;
  }

  // --- pieces ---------------------------------------------------------------------------------

  /** One line per usage record (turn, or compaction outside a turn), and their total when there are several. */
  private litellmSummary(): void {
    const s = this.s;
    this.write(`${s.magenta(s.italic("LiteLLM usage"))}\n`);
    const records = this.usageRecords;
    const many = records.length > 1;
    for (const record of records) {
      const turn =
        record.kind === "compaction" ? `compaction after turn ${record.turn}: ` : many ? `turn ${record.turn}: ` : "";
      const label = record.agent
        ? `subagent ${record.agent.nickname ?? record.agent.thread_id} ${turn || "turn 1: "}`
        : turn;
      const parts = [`model ${record.model}`];
      if (record.reasoning_effort !== null) parts.push(`effort ${record.reasoning_effort}`);
      parts.push(...usageParts(record));
      const compactions = record.request_usage.filter((r) => r.kind === "compaction").length;
      if (record.requests !== 1)
        parts.push(
          `${countOf(record.requests, "request")}${compactions > 0 && record.kind === "turn" ? ` (${countOf(compactions, "compaction")})` : ""}`,
        );
      if (record.status !== "completed") parts.push(record.status);
      this.write(`  ${label}${parts.join(" · ")}\n`);
    }
    if (many) {
      const requests = records.reduce((n, r) => n + r.requests, 0);
      this.write(`  total: ${[...usageParts(sumUsage(records)), countOf(requests, "request")].join(" · ")}\n`);
    }
    const key = this.keyStatus && keyStatusText(this.keyStatus);
    if (key) this.write(`  key: ${key}\n`);
  }

  private plan(explanation: string | null, plan: PlanStep[]): void {
    const s = this.s;
    this.line(s.magenta("Plan update"), true);
    if (explanation !== null && explanation.trim() !== "") this.line(s.italic(explanation), true);
    for (const step of plan) {
      if (step.status === "completed") this.line(`  ${s.green("✓")} ${step.step}`, true);
      else if (step.status === "in_progress") this.line(`  ${s.cyan("→")} ${step.step}`, true);
      else this.line(`  ${s.dim("•")} ${s.dim(step.step)}`, true);
    }
  }

  private fileChange(change: FileChange): void {
    const s = this.s;
    const letter = change.kind === "add" ? "A" : change.kind === "delete" ? "D" : change.movePath ? "R" : "M";
    const target = change.movePath ? `${change.path} -> ${change.movePath}` : change.path;
    this.line(s.magenta(`${letter} ${target}`));
    if (change.diff === undefined) return;
    for (const line of splitLines(change.diff)) {
      if (line.startsWith("+") && !line.startsWith("+++")) this.line(s.green(line));
      else if (line.startsWith("-") && !line.startsWith("---")) this.line(s.red(line));
      else this.line(line);
    }
  }

  /** First lines of a command's output, dimmed, with a count of what was left out. */
  private preview(output: string): void {
    const lines = splitLines(output);
    for (const line of lines.slice(0, MAX_OUTPUT_LINES)) this.line(this.s.dim(line));
    const hidden = lines.length - MAX_OUTPUT_LINES;
    if (hidden > 0) this.line(this.s.dim(`… +${hidden} line${hidden === 1 ? "" : "s"}`));
  }

  private printError(message: string): void {
    if (this.lastErrorPrinted === message) return;
    this.lastErrorPrinted = message;
    this.line(`${this.s.red("ERROR:")} ${message}`, true);
  }

  private stamp(): string {
    return this.timestamps ? this.s.dim(`[${formatLocalTimestamp(new Date(this.now()))}] `) : "";
  }

  /** Write a line to stderr; `stamped` lines start a new entry and get the optional timestamp. */
  private line(text: string, stamped = false): void {
    this.closeOpenLine();
    this.write(`${stamped ? this.stamp() : ""}${text}\n`);
  }

  private closeOpenLine(): void {
    if (this.openCommandLine === null) return;
    this.openCommandLine = null;
    this.write("\n");
  }

  private write(text: string): void {
    this.err.write(text);
  }
}

/** Lines of a text block, without the empty line after a final newline. */
function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/** `server.tool({"a":1})`, as upstream shows an MCP invocation. */
function mcpInvocation(server: string, tool: string, args: unknown): string {
  const json = args === undefined || args === null ? "" : (JSON.stringify(args) ?? "");
  return `${server}.${tool}(${json})`;
}

/**
 * `prompt 1,000 (of which 200 cached, 300 written to the cache) · completion 36 · reasoning 9 ·
 * total 1,036 · cost $0.0123`, unknown values left out.
 */
function usageParts(u: UsageFigures): string[] {
  const parts: string[] = [];
  const split = [
    u.cached_tokens ? `${formatWithSeparators(u.cached_tokens)} cached` : "",
    u.cache_write_tokens ? `${formatWithSeparators(u.cache_write_tokens)} written to the cache` : "",
  ].filter(Boolean);
  if (u.prompt_tokens !== null)
    parts.push(
      `prompt ${formatWithSeparators(u.prompt_tokens)}${split.length ? ` (of which ${split.join(", ")})` : ""}`,
    );
  if (u.completion_tokens !== null) parts.push(`completion ${formatWithSeparators(u.completion_tokens)}`);
  if (u.reasoning_tokens !== null) parts.push(`reasoning ${formatWithSeparators(u.reasoning_tokens)}`);
  if (u.total_tokens !== null) parts.push(`total ${formatWithSeparators(u.total_tokens)}`);
  if (u.cost_usd !== null) parts.push(`cost ${formatUsd(u.cost_usd)}`);
  return parts;
}
