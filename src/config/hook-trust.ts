// Upstream's hook trust (0.171): a hook from config.toml runs only once the user trusted it, which
// upstream records as `[hooks.state."<config.toml path>:<event>:<group>:<handler>"]
// trusted_hash = "sha256:…"`; a hook whose definition changed since needs trusting again. The hash
// is upstream's: SHA-256 of the canonical JSON (keys sorted, compact) of the event's snake_case
// name, the group's matcher and the one handler with its timeout and `async` filled in. So a hook
// trusted in either tool runs in both.
import { createHash } from "node:crypto";
import type { Table } from "../util/tables.js";
import { isTable } from "../util/tables.js";
import { readTomlFile } from "./toml-file.js";
import type { HookEventName } from "./schema.js";

const EVENT_LABELS: Record<HookEventName, string> = {
  PreToolUse: "pre_tool_use",
  PermissionRequest: "permission_request",
  PostToolUse: "post_tool_use",
  SessionStart: "session_start",
  UserPromptSubmit: "user_prompt_submit",
  Stop: "stop",
  PreCompact: "pre_compact",
  PostCompact: "post_compact",
  SubagentStart: "subagent_start",
  SubagentStop: "subagent_stop",
};

/** Events whose `additionalContextLimit` is part of a hook's identity (when not upstream's default). */
const CONTEXT_LIMIT_EVENTS: ReadonlySet<HookEventName> = new Set([
  "PreToolUse",
  "PostToolUse",
  "SessionStart",
  "UserPromptSubmit",
]);
const DEFAULT_CONTEXT_LIMIT = 2500;

export function hookTrustKey(source: string, event: HookEventName, group: number, handler: number): string {
  return `${source}:${EVENT_LABELS[event]}:${group}:${handler}`;
}

export interface HookIdentity {
  event: HookEventName;
  /** The matcher as upstream keeps it (none for UserPromptSubmit and Stop). */
  matcher: string | undefined;
  command: string;
  timeoutSec: number;
  async: boolean;
  statusMessage: string | undefined;
  additionalContextLimit: number | undefined;
}

export function hookTrustHash(hook: HookIdentity): string {
  const handler: Record<string, unknown> = {
    type: "command",
    command: hook.command,
    timeout: hook.timeoutSec,
    async: hook.async,
  };
  if (hook.statusMessage !== undefined) handler.statusMessage = hook.statusMessage;
  const limit = hook.additionalContextLimit;
  if (limit !== undefined && limit !== DEFAULT_CONTEXT_LIMIT && CONTEXT_LIMIT_EVENTS.has(hook.event))
    handler.additionalContextLimit = limit;
  const identity: Record<string, unknown> = { event_name: EVENT_LABELS[hook.event], hooks: [handler] };
  if (hook.matcher !== undefined) identity.matcher = hook.matcher;
  return `sha256:${createHash("sha256")
    .update(JSON.stringify(canonical(identity)))
    .digest("hex")}`;
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (isTable(value))
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, canonical(value[key])]),
    );
  return value;
}

export interface HookState {
  enabled?: boolean;
  trustedHash?: string;
}

/** `[hooks.state]` entries; malformed ones are skipped, as upstream skips them. */
export function hookStates(hooks: unknown): Map<string, HookState> {
  const states = new Map<string, HookState>();
  const table = isTable(hooks) && isTable(hooks.state) ? hooks.state : {};
  for (const [key, value] of Object.entries(table)) {
    if (!isTable(value) || !key.trim()) continue;
    const { enabled, trusted_hash: trustedHash } = value;
    if (
      (enabled !== undefined && typeof enabled !== "boolean") ||
      (trustedHash !== undefined && typeof trustedHash !== "string")
    )
      continue;
    states.set(key.trim(), { enabled, trustedHash });
  }
  return states;
}

/** A hook that does not run until it is trusted. */
export interface HookToReview {
  key: string;
  hash: string;
  event: HookEventName;
  command: string;
  /** It was trusted before, and its definition changed since. */
  modified: boolean;
  /** It was given with `-c hooks.<event>=…` for this run. */
  fromFlags: boolean;
}

/**
 * Trusts the hooks: writes their `[hooks.state."<key>"] trusted_hash` as upstream does, updating an
 * entry the file has and appending a table for a new one; comments and layout are kept.
 */
export async function trustHooks(configFile: string, hooks: readonly HookToReview[]): Promise<void> {
  // The TOML editor (about 240 KB) is loaded only to write, never by config loading.
  const { appendConfigTables, editConfigFile } = await import("./edit.js");
  const { table } = await readTomlFile(configFile);
  const known = hookStates(table.hooks);
  const existing = hooks.filter((hook) => known.has(hook.key));
  if (existing.length > 0)
    await editConfigFile(configFile, (doc: Table) => {
      const state = isTable(doc.hooks) && isTable(doc.hooks.state) ? doc.hooks.state : {};
      for (const hook of existing) {
        const entry = state[hook.key];
        if (isTable(entry)) entry.trusted_hash = hook.hash;
      }
    });
  await appendConfigTables(
    configFile,
    hooks
      .filter((hook) => !known.has(hook.key))
      .map((hook) => `[hooks.state.${JSON.stringify(hook.key)}]\ntrusted_hash = ${JSON.stringify(hook.hash)}`),
  );
}

/** Upstream's line for the hooks a session skips until they are trusted. */
export function hooksToReviewLine(count: number): string {
  return count === 1 ? "1 hook needs review before it can run." : `${count} hooks need review before they can run.`;
}

/**
 * The start-up lines about hook trust: the bypass flag's warning (upstream's), or one line per
 * place the skipped hooks came from (config.toml, `-c` flags), naming it and how to trust them.
 */
export function hookTrustNotices(configFile: string, toReview: readonly HookToReview[], bypass: boolean): string[] {
  if (bypass)
    return ["`--dangerously-bypass-hook-trust` is enabled. Enabled hooks may run without review for this invocation."];
  const lines: string[] = [];
  const fromFile = toReview.filter((hook) => !hook.fromFlags);
  if (fromFile.length > 0)
    lines.push(
      `${configFile}: ${hooksToReviewLine(fromFile.length)} Untrusted hooks do not run: trust them when codex-litellm's interactive UI starts, or pass --dangerously-bypass-hook-trust.`,
    );
  const fromFlags = toReview.filter((hook) => hook.fromFlags);
  if (fromFlags.length > 0) {
    const flags = [...new Set(fromFlags.map((hook) => `-c hooks.${hook.event}`))].join(", ");
    const commands = fromFlags.map((hook) => JSON.stringify(hook.command)).join(", ");
    lines.push(
      `${flags}: ${hooksToReviewLine(fromFlags.length)} Skipped until trusted: ${commands}. Trust ${fromFlags.length === 1 ? "it" : "them"} when codex-litellm's interactive UI starts (saved in ${configFile}), or pass --dangerously-bypass-hook-trust.`,
    );
  }
  return lines;
}
