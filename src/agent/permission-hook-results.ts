// Upstream's reading of a PermissionRequest hook's result (codex-rs/hooks events/permission_request.rs,
// engine/output_parser.rs): `hookSpecificOutput.decision.behavior` "allow" or "deny" (with an
// optional `message`), exit 2 with the denial on stderr; no decision lets the approval go on as usual.
import type { HookOutputEntry } from "../protocol/events.js";
import { isJsonObject } from "../util/json.js";
import { readHookProcess, type HookProcessResult } from "./tool-hook-results.js";

export type PermissionVerdict = { behavior: "allow" } | { behavior: "deny"; message: string };

export interface PermissionRequestOutcome {
  entries: HookOutputEntry[];
  verdict: PermissionVerdict | null;
}

const DEFAULT_DENIAL = "PermissionRequest hook denied approval";

export function readPermissionRequestResult(result: HookProcessResult): PermissionRequestOutcome {
  const entries: HookOutputEntry[] = [];
  const outcome: PermissionRequestOutcome = { entries, verdict: null };
  const deny = (message: string) => {
    entries.push({ kind: "feedback", text: message });
    outcome.verdict = { behavior: "deny", message };
    return outcome;
  };
  const read = readHookProcess(
    result,
    entries,
    "PermissionRequest hook exited with code 2 but did not write a denial reason to stderr",
    "hook returned invalid permission-request JSON output",
  );
  if (!read) return outcome;
  if ("exit2Reason" in read) return deny(read.exit2Reason);
  const { json } = read;
  const fail = (text: string) => (entries.push({ kind: "error", text }), outcome);
  if (json.continue === false) return fail("PermissionRequest hook returned unsupported continue:false");
  if (json.stopReason !== undefined) return fail("PermissionRequest hook returned unsupported stopReason");
  if (json.suppressOutput === true) return fail("PermissionRequest hook returned unsupported suppressOutput");
  const specific = json.hookSpecificOutput;
  const decision = isJsonObject(specific) ? specific.decision : undefined;
  if (!isJsonObject(decision)) return outcome;
  if (decision.updatedInput !== undefined) return fail("PermissionRequest hook returned unsupported updatedInput");
  if (decision.updatedPermissions !== undefined)
    return fail("PermissionRequest hook returned unsupported updatedPermissions");
  if (decision.interrupt === true) return fail("PermissionRequest hook returned unsupported interrupt:true");
  if (decision.behavior === "allow") outcome.verdict = { behavior: "allow" };
  else if (decision.behavior === "deny") {
    const message = typeof decision.message === "string" && decision.message.trim() ? decision.message.trim() : "";
    return deny(message || DEFAULT_DENIAL);
  } else return fail("hook returned invalid permission-request JSON output");
  return outcome;
}

/** Upstream's folding: any deny wins; otherwise an allow; otherwise no verdict. */
export function foldPermissionVerdicts(outcomes: readonly PermissionRequestOutcome[]): PermissionVerdict | null {
  const verdicts = outcomes.flatMap((o) => (o.verdict ? [o.verdict] : []));
  return verdicts.find((v) => v.behavior === "deny") ?? verdicts.at(-1) ?? null;
}
