// The session's side of `[hooks]`: which event runs when in a turn, with upstream's stdin fields,
// and where their results go (lines for the front-ends, context for the model).
import { developerMessage, type ResponseItem } from "../gateway/items.js";
import type { HookOutputEntry } from "../protocol/events.js";
import type { HookInputBase, SessionHooks } from "./hooks.js";
import type { ToolCallItem } from "./tool-call.js";
import { hookToolOf, runHookedToolCall, type HookedCallResult } from "./tool-hooks.js";

export interface TurnHookSession {
  hooks: SessionHooks | null | undefined;
  /** Fields every hook's stdin carries, for the turn. */
  input(turnId: string): HookInputBase;
  report(event: string, command: string, entries: HookOutputEntry[]): void;
  append(items: ResponseItem[]): void;
}

export class TurnHooks {
  /** SessionStart's `source` until the first turn has run those hooks. */
  private startSource: "startup" | "resume" | null;

  constructor(
    private readonly session: TurnHookSession,
    resumed: boolean,
  ) {
    this.startSource = resumed ? "resume" : "startup";
  }

  private readonly report = (event: string, command: string, entries: HookOutputEntry[]) =>
    this.session.report(event, command, entries);

  /**
   * SessionStart (the session's first turn: `startup`, or `resume` for a restored history), then
   * UserPromptSubmit. SessionStart's context goes before the prompt, UserPromptSubmit's after it.
   */
  async beforePrompt(turnId: string, prompt: string, signal: AbortSignal) {
    const { hooks } = this.session;
    if (!hooks) return null;
    const base = this.session.input(turnId);
    if (this.startSource) {
      const source = this.startSource;
      this.startSource = null;
      const started = await hooks.sessionStart({ ...base, source }, this.report, signal);
      if (started.stop || signal.aborted) return { stop: true, contexts: [] };
      this.session.append(started.contexts.map((context) => developerMessage(context)));
    }
    return hooks.userPromptSubmit({ ...base, prompt }, this.report, signal);
  }

  /** The Stop hooks' continuation prompt when one blocked the end of the turn, else null. */
  async continuation(turnId: string, lastMessage: string | null, active: boolean, signal: AbortSignal) {
    const input = { ...this.session.input(turnId), stop_hook_active: active, last_assistant_message: lastMessage };
    const outcome = await this.session.hooks?.stop(input, this.report, signal);
    return outcome && !outcome.stop ? outcome.blockReason : null;
  }

  /** PermissionRequest: the hooks' verdict on an approval the call needs (null: ask as usual). */
  async permissionRequest(turnId: string, call: ToolCallItem, signal: AbortSignal) {
    const { hooks } = this.session;
    const tool = hooks ? hookToolOf(call) : null;
    if (!hooks || !tool) return null;
    return hooks.permissionRequest({ ...this.session.input(turnId), tool }, this.report, signal);
  }

  /**
   * A compaction between its PreCompact and PostCompact hooks (matched on `trigger`); a hook's
   * `continue: false` ends the turn (before a PreCompact's compaction), as upstream aborts it.
   */
  async aroundCompaction(
    turnId: string,
    trigger: "manual" | "auto",
    signal: AbortSignal,
    compact: () => Promise<void>,
  ) {
    const { hooks } = this.session;
    if (!hooks) return compact();
    const { permission_mode: _mode, ...base } = this.session.input(turnId);
    const input = { ...base, trigger };
    const stopped = (event: string, reason: string) => new Error(`${event} hook stopped the turn: ${reason}`);
    const before = await hooks.compact("PreCompact", input, this.report, signal);
    if (before !== null) throw stopped("PreCompact", before);
    await compact();
    const after = await hooks.compact("PostCompact", input, this.report, signal);
    if (after !== null) throw stopped("PostCompact", after);
  }

  /** One tool call between its PreToolUse and PostToolUse hooks. */
  toolCall(
    turnId: string,
    call: ToolCallItem,
    run: (item: ToolCallItem) => Promise<ResponseItem>,
    signal: AbortSignal,
  ): Promise<HookedCallResult> {
    return runHookedToolCall(this.session.hooks, this.session.input(turnId), this.report, run, call, signal);
  }
}
