// Runs upstream's `[hooks]` command handlers: each matching handler runs as `$SHELL -lc <command>`
// (as upstream) in the session's folder, gets the event's JSON on stdin, and is stopped at its
// timeout with one line. Hooks are the user's own programs (config.toml or `-c`), not the model's:
// they get our environment without the session's secrets, except the provider's own key variable
// (`env_key`), which hooks such as LiteLLM's spend status line use to ask the proxy.
import { spawn } from "node:child_process";
import type { HookHandler } from "../config/hooks-config.js";
import type { HookEventName } from "../config/schema.js";
import type { HookOutputEntry } from "../protocol/events.js";
import type { SecretRedactor } from "../util/redact.js";
import { parseJsonObject, type JsonObject } from "../util/json.js";
import {
  readPostToolUseResult,
  readPreToolUseResult,
  type HookProcessResult,
  type PostToolUseOutcome,
  type PreToolUseOutcome,
} from "./tool-hook-results.js";
import { readCompactHookResult } from "./compact-hook-results.js";
import {
  foldPermissionVerdicts,
  readPermissionRequestResult,
  type PermissionVerdict,
} from "./permission-hook-results.js";

/** `error`: why the hook produced no exit status (it could not start, or its timeout stopped it). */
export type HookRunResult = HookProcessResult;

export interface HookEnvironmentOptions {
  redactor: Pick<SecretRedactor, "isSecret">;
  /** The provider's `env_key`: passed through even though it holds a secret. */
  providerEnvKey?: string;
}

export function hookEnvironment(options: HookEnvironmentOptions): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      ([name, value]) => value !== undefined && (name === options.providerEnvKey || !options.redactor.isSecret(value)),
    ),
  );
}

/** One handler: stdin gets `input`, the whole process group is killed at the timeout or on `signal`. */
export function runHookCommand(
  handler: HookHandler,
  input: string,
  options: { cwd: string; env: NodeJS.ProcessEnv; signal?: AbortSignal },
): Promise<HookRunResult> {
  return new Promise((resolve) => {
    const shell = process.env.SHELL || "/bin/sh";
    const child = spawn(shell, ["-lc", handler.command], {
      cwd: options.cwd,
      env: options.env,
      stdio: ["pipe", "pipe", "pipe"],
      detached: true,
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let error: string | null = null;
    const killGroup = () => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
      } catch {
        child.kill("SIGKILL");
      }
    };
    const timer = setTimeout(() => {
      error = `hook timed out after ${handler.timeoutSec}s`;
      killGroup();
    }, handler.timeoutSec * 1000);
    const onAbort = () => {
      error = "hook interrupted";
      killGroup();
    };
    options.signal?.addEventListener("abort", onAbort, { once: true });
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    child.stdin.on("error", () => {}); // a hook that does not read its input is fine
    child.stdin.end(input);
    const finish = (exitCode: number | null) => {
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
      resolve({
        exitCode: error ? null : exitCode,
        stdout: Buffer.concat(stdout).toString("utf8"),
        stderr: Buffer.concat(stderr).toString("utf8"),
        error,
      });
    };
    child.on("error", (err) => {
      error = `cannot run hook: ${err.message}`;
      finish(null);
    });
    child.on("close", (code) => finish(code));
  });
}

/** What a hook decided, and the lines to show. */
export interface HookOutcome {
  entries: HookOutputEntry[];
  /** `decision: "block"` or exit 2: Stop goes on with this prompt; UserPromptSubmit drops the prompt. */
  blockReason: string | null;
  /** `continue: false`: the turn ends here, whatever other hooks said. */
  stop: boolean;
  /** UserPromptSubmit's and SessionStart's plain stdout or `additionalContext`, for the model. */
  contexts: string[];
}

const EXIT_2_WITHOUT_REASON: Partial<Record<HookEventName, string>> = {
  Stop: "Stop hook exited with code 2 but did not write a continuation prompt to stderr",
  SubagentStop: "SubagentStop hook exited with code 2 but did not write a continuation prompt to stderr",
  UserPromptSubmit: "UserPromptSubmit hook exited with code 2 but did not write a blocking reason to stderr",
};
const INVALID_JSON: Partial<Record<HookEventName, string>> = {
  Stop: "hook returned invalid stop hook JSON output",
  UserPromptSubmit: "hook returned invalid user prompt submit JSON output",
  SessionStart: "hook returned invalid session start JSON output",
  SubagentStart: "hook returned invalid subagent start JSON output",
  SubagentStop: "hook returned invalid subagent stop JSON output",
};

/**
 * Upstream's reading of a hook's result: exit 0 with optional JSON (`systemMessage`, `continue`,
 * `stopReason`, `decision`/`reason`; for UserPromptSubmit also plain text or
 * `hookSpecificOutput.additionalContext` as context), exit 2 with the reason on stderr, else a failure.
 */
export function readHookResult(event: HookEventName, result: HookRunResult): HookOutcome {
  const outcome: HookOutcome = { entries: [], blockReason: null, stop: false, contexts: [] };
  const fail = (text: string) => (outcome.entries.push({ kind: "error", text }), outcome);
  const block = (reason: string) => {
    outcome.blockReason = reason;
    outcome.entries.push({ kind: "feedback", text: reason });
    return outcome;
  };
  const takesText = event === "UserPromptSubmit" || event === "SessionStart";
  const takesContext = takesText || event === "SubagentStart";
  const addContext = (text: string) => {
    outcome.contexts.push(text);
    outcome.entries.push({ kind: "context", text });
  };
  if (result.error) return fail(result.error);
  if (result.exitCode === 2) {
    const reason = result.stderr.trim();
    return reason ? block(reason) : fail(EXIT_2_WITHOUT_REASON[event] ?? `${event} hook exited with code 2`);
  }
  if (result.exitCode !== 0) return fail(`hook exited with code ${result.exitCode ?? "unknown"}`);
  const text = result.stdout.trim();
  if (!text) return outcome;
  const parsed = parseJsonObject(text);
  if (!parsed) {
    if (!takesText || text.startsWith("{") || text.startsWith("["))
      return fail(INVALID_JSON[event] ?? `hook returned invalid ${event} JSON output`);
    addContext(text);
    return outcome;
  }
  if (typeof parsed.systemMessage === "string") outcome.entries.push({ kind: "warning", text: parsed.systemMessage });
  const specific = parsed.hookSpecificOutput;
  const context =
    specific !== null && typeof specific === "object" && "additionalContext" in specific
      ? specific.additionalContext
      : undefined;
  if (takesContext && typeof context === "string" && context.trim()) addContext(context);
  if (parsed.continue === false) {
    outcome.stop = true;
    if (typeof parsed.stopReason === "string") outcome.entries.push({ kind: "stop", text: parsed.stopReason });
  } else if (parsed.decision === "block") {
    const reason = typeof parsed.reason === "string" ? parsed.reason.trim() : "";
    return reason ? block(reason) : fail(`${event} hook returned decision:block without a non-empty reason`);
  }
  return outcome;
}

/** The handlers of `event` whose matcher accepts one of `subjects` (a tool's name and aliases, a start source). */
export function handlersFor(
  handlers: readonly HookHandler[],
  event: HookEventName,
  subjects?: string[],
): HookHandler[] {
  return handlers.filter(
    (h) => h.event === event && (!h.matcher || subjects === undefined || subjects.some((s) => h.matcher?.(s))),
  );
}

/** The fields every event's stdin carries (hook_event_name is added per event). */
export interface HookInputBase {
  session_id: string;
  turn_id: string;
  transcript_path: string | null;
  cwd: string;
  model: string;
  permission_mode: string;
}

type Report = (event: HookEventName, command: string, entries: HookOutputEntry[]) => void;

/** What the session asks of its hooks; null when none is configured. */
export interface SessionHooks {
  /**
   * Runs the Stop handlers (a subagent's session: SubagentStop, matched on its role) in parallel;
   * each one's lines go to `report` as it finishes.
   */
  stop(
    input: HookInputBase & { stop_hook_active: boolean; last_assistant_message: string | null },
    report: Report,
    signal?: AbortSignal,
  ): Promise<{ blockReason: string | null; stop: boolean }>;
  /** Runs the UserPromptSubmit handlers before the prompt is sent. */
  userPromptSubmit(
    input: HookInputBase & { prompt: string },
    report: Report,
    signal?: AbortSignal,
  ): Promise<{ contexts: string[]; stop: boolean }>;
  /**
   * Runs the SessionStart handlers whose matcher accepts `source`, at the session's first turn;
   * in a subagent's session, the SubagentStart handlers whose matcher accepts its role.
   */
  sessionStart(
    input: HookInputBase & { source: "startup" | "resume" },
    report: Report,
    signal?: AbortSignal,
  ): Promise<{ contexts: string[]; stop: boolean }>;
  /** Runs the PreToolUse handlers matching the tool before it runs; any block wins. */
  preToolUse(input: ToolHookInput, report: Report, signal?: AbortSignal): Promise<PreToolUseOutcome>;
  /** Runs the PermissionRequest handlers matching the tool when it needs an approval; any deny wins. */
  permissionRequest(
    input: Omit<ToolHookInput, "tool_use_id">,
    report: Report,
    signal?: AbortSignal,
  ): Promise<PermissionVerdict | null>;
  /**
   * Runs the PreCompact (before a compaction) or PostCompact (after it) handlers whose matcher
   * accepts `trigger`; the reason of the first that said `continue: false`, else null.
   */
  compact(
    event: "PreCompact" | "PostCompact",
    input: Omit<HookInputBase, "permission_mode"> & { trigger: "manual" | "auto" },
    report: Report,
    signal?: AbortSignal,
  ): Promise<string | null>;
  /** Runs the PostToolUse handlers matching the tool after it ran. */
  postToolUse(
    input: ToolHookInput & { tool_response: unknown },
    report: Report,
    signal?: AbortSignal,
  ): Promise<PostToolUseOutcome>;
}

/** A tool call as hooks see it: upstream's hook-facing name, the names its matchers also accept, its input. */
export interface HookTool {
  name: string;
  aliases: string[];
  input: JsonObject;
}

export type ToolHookInput = HookInputBase & { tool: HookTool; tool_use_id: string };

/** A subagent's session: who it is (`agent_id`, `agent_type`: its role) and whose session it serves. */
export interface SubagentHookContext {
  agentId: string;
  agentType: string;
  parentSessionId: string;
  parentTranscriptPath: string | null;
}

export function createSessionHooks(
  handlers: readonly HookHandler[],
  options: HookEnvironmentOptions & { cwd: string; subagent?: SubagentHookContext },
): SessionHooks | null {
  if (handlers.length === 0) return null;
  const env = hookEnvironment(options);
  const runEach = <T extends { entries: HookOutputEntry[] }>(
    event: HookEventName,
    input: object,
    read: (result: HookRunResult) => T,
    report: Report,
    signal?: AbortSignal,
    subjects?: string[],
  ) => {
    const json = JSON.stringify({ ...input, hook_event_name: event });
    return Promise.all(
      handlersFor(handlers, event, subjects).map(async (handler) => {
        const result = await runHookCommand(handler, json, { cwd: options.cwd, env, signal });
        const outcome = read(result);
        report(event, handler.command, outcome.entries);
        return outcome;
      }),
    );
  };
  const runAll = (event: HookEventName, input: object, report: Report, signal?: AbortSignal, subjects?: string[]) =>
    runEach(event, input, (result) => readHookResult(event, result), report, signal, subjects);
  // Hook stdin names the tool by its canonical name; matchers also see its aliases.
  const toolInput = ({ tool, ...rest }: Omit<ToolHookInput, "tool_use_id">) => ({
    ...rest,
    tool_name: tool.name,
    tool_input: tool.input,
  });
  const toolSubjects = (tool: HookTool) => [tool.name, ...tool.aliases];
  // A subagent's hooks name the parent's session and transcript, and the subagent's own as agent_*.
  const sub = options.subagent;
  const subagentInput = (of: SubagentHookContext, input: HookInputBase, withOwnTranscript: boolean) => ({
    ...input,
    session_id: of.parentSessionId,
    transcript_path: of.parentTranscriptPath,
    agent_id: of.agentId,
    agent_type: of.agentType,
    ...(withOwnTranscript && { agent_transcript_path: input.transcript_path }),
  });
  return {
    async stop(input, report, signal) {
      const outcomes = sub
        ? await runAll("SubagentStop", subagentInput(sub, input, true), report, signal, [sub.agentType])
        : await runAll("Stop", input, report, signal);
      const stop = outcomes.some((o) => o.stop);
      const reasons = outcomes.flatMap((o) => (o.blockReason ? [o.blockReason] : []));
      return { stop, blockReason: !stop && reasons.length > 0 ? reasons.join("\n\n") : null };
    },
    async userPromptSubmit(input, report, signal) {
      const outcomes = await runAll("UserPromptSubmit", input, report, signal);
      const stop = outcomes.some((o) => o.stop || o.blockReason !== null);
      return { stop, contexts: outcomes.flatMap((o) => o.contexts) };
    },
    async sessionStart({ source, ...input }, report, signal) {
      const { turn_id: _turn, ...startInput } = input;
      const outcomes = sub
        ? await runAll("SubagentStart", subagentInput(sub, input, false), report, signal, [sub.agentType])
        : await runAll("SessionStart", { ...startInput, source }, report, signal, [source]);
      return { stop: outcomes.some((o) => o.stop), contexts: outcomes.flatMap((o) => o.contexts) };
    },
    async preToolUse(input, report, signal) {
      const subjects = toolSubjects(input.tool);
      const outcomes = await runEach("PreToolUse", toolInput(input), readPreToolUseResult, report, signal, subjects);
      const blockReason = outcomes.find((o) => o.blockReason !== null)?.blockReason ?? null;
      // Several rewrites: upstream keeps the one that finished last; here the last configured.
      const updates = outcomes.flatMap((o) => (o.updatedInput ? [o.updatedInput] : []));
      return {
        entries: [],
        blockReason,
        contexts: outcomes.flatMap((o) => o.contexts),
        updatedInput: blockReason === null ? (updates.at(-1) ?? null) : null,
      };
    },
    async permissionRequest(input, report, signal) {
      const subjects = toolSubjects(input.tool);
      const run = (result: HookRunResult) => readPermissionRequestResult(result);
      const outcomes = await runEach("PermissionRequest", toolInput(input), run, report, signal, subjects);
      return foldPermissionVerdicts(outcomes);
    },
    async compact(event, input, report, signal) {
      const read = (result: HookRunResult) => readCompactHookResult(event, result);
      const outcomes = await runEach(event, input, read, report, signal, [input.trigger]);
      return outcomes.find((o) => o.stopReason !== null)?.stopReason ?? null;
    },
    async postToolUse(input, report, signal) {
      const subjects = toolSubjects(input.tool);
      const outcomes = await runEach("PostToolUse", toolInput(input), readPostToolUseResult, report, signal, subjects);
      return {
        entries: [],
        feedback: outcomes.flatMap((o) => o.feedback),
        stop: outcomes.some((o) => o.stop),
        contexts: outcomes.flatMap((o) => o.contexts),
      };
    },
  };
}
