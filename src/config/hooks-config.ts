// Upstream's `[hooks]`: per event, a list of matcher groups `{ matcher, hooks = [{ type = "command",
// command, timeout, statusMessage }] }`. Only `command` handlers run (upstream's `prompt`/`agent`
// handlers are skipped, as upstream skips them); `features.hooks = false` (or its old name
// `codex_hooks`) turns every hook off. A hook runs once trusted (hook-trust.ts), as in upstream
// 0.171: hooks given with `-c` too (LiteLLM's `lite codex` passes its Stop hook so), whose trust
// upstream keys by the path `/<session-flags>/config.toml`.
import { UserError } from "../util/errors.js";
import { hookTrustHash, hookTrustKey, type HookState, type HookToReview } from "./hook-trust.js";
import { HOOK_EVENTS, type ConfigToml, type HookEventName } from "./schema.js";

/** Where upstream says hooks given with `-c` come from: their trust keys start with it. */
export const SESSION_FLAGS_CONFIG = "/<session-flags>/config.toml";

/** Upstream's default when a handler sets no `timeout`. */
export const DEFAULT_HOOK_TIMEOUT_SEC = 600;

export interface HookHandler {
  event: HookEventName;
  /**
   * Tested against the tool name and its aliases (PreToolUse/PermissionRequest/PostToolUse), the start source
   * (SessionStart), the compaction's trigger (PreCompact/PostCompact) or the subagent's role
   * (SubagentStart/SubagentStop); null matches everything. UserPromptSubmit and Stop ignore matchers, as upstream.
   */
  matcher: HookMatcher | null;
  command: string;
  timeoutSec: number;
  statusMessage: string | null;
}

/** Where one event's hooks came from: config.toml or `-c` flags (both trusted per hook). */
export interface HookSource {
  path: string;
  fromFlags: boolean;
}

export interface HookTrustOptions {
  source: (event: HookEventName) => HookSource;
  states: Map<string, HookState>;
  /** `--dangerously-bypass-hook-trust`: enabled hooks run without review. */
  bypassTrust: boolean;
}

export interface ResolvedHooks {
  /** The handlers that run, in upstream's order. */
  handlers: HookHandler[];
  /** config.toml hooks skipped until the user trusts them (upstream's review). */
  toReview: HookToReview[];
}

export function resolveHooks(
  settings: Pick<ConfigToml, "hooks" | "features">,
  where: string,
  trust: HookTrustOptions,
): ResolvedHooks {
  const features = settings.features ?? {};
  const resolved: ResolvedHooks = { handlers: [], toReview: [] };
  if (features.hooks === false || (features.hooks === undefined && features.codex_hooks === false)) return resolved;
  for (const event of HOOK_EVENTS) {
    const source = trust.source(event);
    for (const [index, group] of (settings.hooks?.[event] ?? []).entries()) {
      const usesMatcher = MATCHED_EVENTS.has(event);
      const matcher = usesMatcher ? compileMatcher(group.matcher, `${where}: hooks.${event}[${index}].matcher`) : null;
      for (const [position, handler] of (group.hooks ?? []).entries()) {
        if (handler.type !== "command") continue;
        const command = handler.command?.trim();
        if (!command)
          throw new UserError(`${where}: hooks.${event}[${index}]: a "command" hook needs a non-empty command`);
        const key = hookTrustKey(source.path, event, index, position);
        const state = trust.states.get(key);
        if (state?.enabled === false) continue;
        if (!trust.bypassTrust) {
          const hash = hookTrustHash({
            event,
            matcher: usesMatcher ? group.matcher : undefined,
            command: handler.command ?? "",
            timeoutSec: Math.max(1, handler.timeout ?? DEFAULT_HOOK_TIMEOUT_SEC),
            async: handler.async ?? false,
            statusMessage: handler.statusMessage,
            additionalContextLimit: handler.additionalContextLimit,
          });
          if (state?.trustedHash !== hash) {
            const modified = state?.trustedHash !== undefined;
            resolved.toReview.push({ key, hash, event, command, modified, fromFlags: source.fromFlags });
            continue;
          }
        }
        resolved.handlers.push({
          event,
          matcher,
          command,
          timeoutSec: handler.timeout ?? handler.timeoutSec ?? DEFAULT_HOOK_TIMEOUT_SEC,
          statusMessage: handler.statusMessage ?? null,
        });
      }
    }
  }
  return resolved;
}

/** The events whose groups are selected by their `matcher` (upstream ignores it on the others). */
const MATCHED_EVENTS: ReadonlySet<HookEventName> = new Set([
  "PreToolUse",
  "PermissionRequest",
  "PostToolUse",
  "SessionStart",
  "PreCompact",
  "PostCompact",
  "SubagentStart",
  "SubagentStop",
]);

/** Upstream's matcher: `A|B` of plain names matches those names exactly; anything else is a regex search. */
export type HookMatcher = (subject: string) => boolean;

/** Upstream: no matcher, `""` and `"*"` match everything. */
function compileMatcher(matcher: string | undefined, where: string): HookMatcher | null {
  if (matcher === undefined || matcher === "" || matcher === "*") return null;
  if (/^[A-Za-z0-9_|]+$/.test(matcher)) {
    const names = new Set(matcher.split("|"));
    return (subject) => names.has(subject);
  }
  try {
    const regex = new RegExp(matcher);
    return (subject) => regex.test(subject);
  } catch {
    throw new UserError(`${where}: ${JSON.stringify(matcher)} is not a valid regular expression`);
  }
}
