// Upstream's reading of PreToolUse and PostToolUse hook results (codex-rs/hooks events/pre_tool_use.rs,
// post_tool_use.rs and engine/output_parser.rs): exit 0 with optional JSON, exit 2 with a reason on
// stderr, anything else a failure that lets the tool call go on ("fails open").
import type { HookOutputEntry } from "../protocol/events.js";
import { isJsonObject, parseJsonObject, type JsonObject } from "../util/json.js";

/** What a finished hook process left: its exit status, its output, or why it has none. */
export interface HookProcessResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  error: string | null;
}

export interface PreToolUseOutcome {
  entries: HookOutputEntry[];
  /** The reason the call must not run (`permissionDecision: "deny"`, `decision: "block"`, exit 2). */
  blockReason: string | null;
  contexts: string[];
  /** `permissionDecision: "allow"` with `updatedInput`: the tool input to run instead. */
  updatedInput: JsonObject | null;
}

export interface PostToolUseOutcome {
  entries: HookOutputEntry[];
  /** What the model reads instead of the tool's output (`decision: "block"`'s reason, exit 2's stderr, a stop). */
  feedback: string[];
  /** `continue: false`: the turn ends after this call. */
  stop: boolean;
  contexts: string[];
}

const trimmed = (value: unknown): string | null => (typeof value === "string" && value.trim() ? value.trim() : null);

/** The common part: a failure, exit 2, or the JSON object on stdout (null when it printed nothing). */
export function readHookProcess(
  result: HookProcessResult,
  entries: HookOutputEntry[],
  exit2WithoutReason: string,
  invalidJson: string,
): { exit2Reason: string } | { json: JsonObject } | null {
  const fail = (text: string) => (entries.push({ kind: "error", text }), null);
  if (result.error) return fail(result.error);
  if (result.exitCode === 2) {
    const reason = trimmed(result.stderr);
    return reason ? { exit2Reason: reason } : fail(exit2WithoutReason);
  }
  if (result.exitCode === null) return fail("hook exited without a status code");
  if (result.exitCode !== 0) return fail(`hook exited with code ${result.exitCode}`);
  const text = result.stdout.trim();
  if (!text) return null;
  const json = parseJsonObject(text);
  if (json) {
    if (typeof json.systemMessage === "string") entries.push({ kind: "warning", text: json.systemMessage });
    return { json };
  }
  // Plain text is ignored; something that looks like JSON but is not is a failure.
  return text.startsWith("{") || text.startsWith("[") ? fail(invalidJson) : null;
}

function specificOutput(json: JsonObject): JsonObject {
  return isJsonObject(json.hookSpecificOutput) ? json.hookSpecificOutput : {};
}

/** Why a PreToolUse answer is refused (it then changes nothing), as upstream words it. */
function invalidPreToolUse(json: JsonObject, specific: JsonObject, usesSpecific: boolean): string | null {
  if (json.continue === false) return "PreToolUse hook returned unsupported continue:false";
  if (json.stopReason !== undefined) return "PreToolUse hook returned unsupported stopReason";
  if (json.suppressOutput === true) return "PreToolUse hook returned unsupported suppressOutput";
  if (usesSpecific) {
    const decision = specific.permissionDecision;
    if (specific.updatedInput !== undefined && decision !== "allow")
      return "PreToolUse hook returned updatedInput without permissionDecision:allow";
    if (decision === "allow" && specific.updatedInput === undefined)
      return "PreToolUse hook returned unsupported permissionDecision:allow";
    if (decision === "ask") return "PreToolUse hook returned unsupported permissionDecision:ask";
    if (decision === "deny" && !trimmed(specific.permissionDecisionReason))
      return "PreToolUse hook returned permissionDecision:deny without a non-empty permissionDecisionReason";
    if (decision === undefined && specific.permissionDecisionReason !== undefined)
      return "PreToolUse hook returned permissionDecisionReason without permissionDecision";
    return null;
  }
  if (json.decision === "approve") return "PreToolUse hook returned unsupported decision:approve";
  if (json.decision === "block" && !trimmed(json.reason))
    return "PreToolUse hook returned decision:block without a non-empty reason";
  if (json.decision === undefined && json.reason !== undefined)
    return "PreToolUse hook returned reason without decision";
  return null;
}

export function readPreToolUseResult(result: HookProcessResult): PreToolUseOutcome {
  const outcome: PreToolUseOutcome = { entries: [], blockReason: null, contexts: [], updatedInput: null };
  const read = readHookProcess(
    result,
    outcome.entries,
    "PreToolUse hook exited with code 2 but did not write a blocking reason to stderr",
    "hook returned invalid pre-tool-use JSON output",
  );
  const block = (reason: string) => {
    outcome.blockReason = reason;
    outcome.entries.push({ kind: "feedback", text: reason });
  };
  if (read === null) return outcome;
  if ("exit2Reason" in read) return (block(read.exit2Reason), outcome);
  const { json } = read;
  const specific = specificOutput(json);
  const usesSpecific =
    specific.permissionDecision !== undefined ||
    specific.permissionDecisionReason !== undefined ||
    specific.updatedInput !== undefined;
  const invalid = invalidPreToolUse(json, specific, usesSpecific);
  if (invalid) return (outcome.entries.push({ kind: "error", text: invalid }), outcome);
  const context = trimmed(specific.additionalContext);
  if (context) addContext(outcome, context);
  const reason = usesSpecific
    ? specific.permissionDecision === "deny"
      ? trimmed(specific.permissionDecisionReason)
      : null
    : json.decision === "block"
      ? trimmed(json.reason)
      : null;
  if (reason) block(reason);
  else if (specific.permissionDecision === "allow" && isJsonObject(specific.updatedInput))
    outcome.updatedInput = specific.updatedInput;
  return outcome;
}

export function readPostToolUseResult(result: HookProcessResult): PostToolUseOutcome {
  const outcome: PostToolUseOutcome = { entries: [], feedback: [], stop: false, contexts: [] };
  const read = readHookProcess(
    result,
    outcome.entries,
    "PostToolUse hook exited with code 2 but did not write feedback to stderr",
    "hook returned invalid post-tool-use JSON output",
  );
  if (read === null) return outcome;
  if ("exit2Reason" in read) {
    outcome.entries.push({ kind: "feedback", text: read.exit2Reason });
    outcome.feedback.push(read.exit2Reason);
    return outcome;
  }
  const { json } = read;
  const blocks = json.decision === "block";
  const invalid =
    json.suppressOutput === true
      ? "PostToolUse hook returned unsupported suppressOutput"
      : blocks && !trimmed(json.reason)
        ? "PostToolUse hook returned decision:block without a non-empty reason"
        : !blocks && json.continue !== false && json.reason !== undefined
          ? "PostToolUse hook returned reason without decision"
          : null;
  const context = trimmed(specificOutput(json).additionalContext);
  if (!invalid && context) addContext(outcome, context);
  if (json.continue === false) {
    const stopText = trimmed(json.stopReason) ?? "PostToolUse hook stopped execution";
    outcome.stop = true;
    outcome.entries.push({ kind: "stop", text: stopText });
    outcome.feedback.push(trimmed(json.reason) ?? stopText);
  } else if (invalid) {
    outcome.entries.push({ kind: "error", text: invalid });
  } else if (blocks) {
    const reason = trimmed(json.reason) ?? "";
    outcome.entries.push({ kind: "feedback", text: reason });
    outcome.feedback.push(reason);
  }
  return outcome;
}

function addContext(outcome: { entries: HookOutputEntry[]; contexts: string[] }, text: string): void {
  outcome.contexts.push(text);
  outcome.entries.push({ kind: "context", text });
}
