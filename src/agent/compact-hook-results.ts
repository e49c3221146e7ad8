// Upstream's reading of a PreCompact or PostCompact hook's result (codex-rs/hooks events/compact.rs):
// exit 0 with optional JSON (`systemMessage` shown, `continue: false` stops the turn), any other
// exit a failure with its stderr as the line; the compaction goes on unless a hook stopped it.
import type { HookOutputEntry } from "../protocol/events.js";
import { parseJsonObject } from "../util/json.js";
import type { HookProcessResult } from "./tool-hook-results.js";

export interface CompactHookOutcome {
  entries: HookOutputEntry[];
  /** `continue: false`: the turn ends (before the compaction for PreCompact), with this reason. */
  stopReason: string | null;
}

export function readCompactHookResult(event: "PreCompact" | "PostCompact", result: HookProcessResult) {
  const entries: HookOutputEntry[] = [];
  const outcome: CompactHookOutcome = { entries, stopReason: null };
  const fail = (text: string) => (entries.push({ kind: "error", text }), outcome);
  if (result.error) return fail(result.error);
  if (result.exitCode === null) return fail("hook process terminated without an exit code");
  if (result.exitCode !== 0) return fail(result.stderr.trim() || `hook exited with code ${result.exitCode}`);
  const text = result.stdout.trim();
  if (!text) return outcome;
  const json = parseJsonObject(text);
  if (!json)
    return text.startsWith("{") || text.startsWith("[")
      ? fail(`hook returned invalid ${event} hook JSON output`)
      : outcome;
  if (typeof json.systemMessage === "string") entries.push({ kind: "warning", text: json.systemMessage });
  if (json.continue === false) {
    outcome.stopReason =
      typeof json.stopReason === "string" && json.stopReason ? json.stopReason : `${event} hook stopped execution`;
    entries.push({ kind: "stop", text: outcome.stopReason });
  }
  return outcome;
}
