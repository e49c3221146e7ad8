// Upstream's `[hooks]`: per event, a list of matcher groups `{ matcher, hooks = [{ type = "command",
// command, timeout, statusMessage }] }`. Only `command` handlers run (upstream's `prompt`/`agent`
// handlers are skipped, as upstream skips them); `features.hooks = false` (or its old name
// `codex_hooks`) turns every hook off.
import { UserError } from "../util/errors.js";
import { HOOK_EVENTS, type ConfigToml, type HookEventName } from "./schema.js";

/** Upstream's default when a handler sets no `timeout`. */
export const DEFAULT_HOOK_TIMEOUT_SEC = 600;

export interface HookHandler {
  event: HookEventName;
  /** A regular expression tested against the tool name (PreToolUse/PostToolUse) or the start source. */
  matcher: RegExp | null;
  command: string;
  timeoutSec: number;
  statusMessage: string | null;
}

export function resolveHooks(settings: Pick<ConfigToml, "hooks" | "features">, where: string): HookHandler[] {
  const features = settings.features ?? {};
  if (features.hooks === false || (features.hooks === undefined && features.codex_hooks === false)) return [];
  const handlers: HookHandler[] = [];
  for (const event of HOOK_EVENTS) {
    for (const [index, group] of (settings.hooks?.[event] ?? []).entries()) {
      const matcher = compileMatcher(group.matcher, `${where}: hooks.${event}[${index}].matcher`);
      for (const handler of group.hooks ?? []) {
        if (handler.type !== "command") continue;
        const command = handler.command?.trim();
        if (!command)
          throw new UserError(`${where}: hooks.${event}[${index}]: a "command" hook needs a non-empty command`);
        handlers.push({
          event,
          matcher,
          command,
          timeoutSec: handler.timeout ?? handler.timeoutSec ?? DEFAULT_HOOK_TIMEOUT_SEC,
          statusMessage: handler.statusMessage ?? null,
        });
      }
    }
  }
  return handlers;
}

/** Upstream: no matcher, `""` and `"*"` match everything. */
function compileMatcher(matcher: string | undefined, where: string): RegExp | null {
  if (matcher === undefined || matcher === "" || matcher === "*") return null;
  try {
    return new RegExp(matcher);
  } catch {
    throw new UserError(`${where}: ${JSON.stringify(matcher)} is not a valid regular expression`);
  }
}
