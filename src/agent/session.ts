import { v7 as uuidv7 } from "uuid";
import type { ResolvedConfig } from "../config/load.js";
import { GatewayError } from "../gateway/errors.js";
import { developerMessage, type ResponseItem, type TokenUsage } from "../gateway/items.js";
import { cachePlan, promptCacheSetting, type CacheStrategy } from "../gateway/prompt-cache.js";
import type { ModelInfo, ModelRequest } from "../gateway/types.js";
import type { SandboxPolicy } from "../tools/sandbox/index.js";
import type { EditorFiles, Tool, ToolContext } from "../tools/tool.js";
import { buildCompactedHistory, collectUserMessages } from "../rollout/compaction-bridge.js";
import { missingCallOutputs } from "../gateway/dangling-calls.js";
import { retryAfterCompacting, summariseHistory } from "./compaction.js";
import { EventSink, NotPersistedError, type EventPersistence } from "./event-sink.js";
import type { ModelClient } from "./model-client.js";
import {
  catalogSettings,
  fetchModelProfile,
  offeredTools,
  resolveModelProfile,
  type ModelProfile,
} from "./model-profile.js";
import { initialContext, modelRequest, sandboxPolicyOf, userTurnMessage } from "./model-request.js";
import type { ProjectDocs } from "./project-docs.js";
import type { Skill } from "./skills.js";
import type { HookInputBase, SessionHooks } from "./hooks.js";
import type {
  AgentEvent,
  ApprovalDecision,
  DecisionSource,
  HookOutputEntry,
  TurnUsageRecord,
  UsageStatus,
} from "../protocol/events.js";
import { sampleResponse, type SampledResponse } from "./sample-response.js";
import { SessionUsage } from "./token-accounting.js";
import { abortedByUser, turnAbortedMessage } from "./interrupted-turn.js";
import { isToolCall, runToolCall, type ToolCallItem } from "./tool-call.js";
import { tokenUsageOfRecord, TurnUsageAccumulator } from "./usage-sums.js";
import { errorMessage } from "../util/errors.js";
import { formatWithSeparators } from "../util/numbers.js";
import type { SecretRedactor } from "../util/redact.js";

export interface SessionOptions {
  config: ResolvedConfig;
  model: string;
  client: ModelClient;
  tools: Tool[];
  persistence?: EventPersistence;
  /** Announced in `session_configured` (null: nothing is recorded). */
  rolloutPath: string | null;
  projectDocs: ProjectDocs;
  /** Skills listed to the model at the start of the conversation (none when absent). */
  skills?: Skill[];
  sessionId: string;
  /** The model a resumed session last ran on (its last turn_context): another model is warned about. */
  recordedModel?: string;
  /** A resumed session's recorded base instructions (`session_meta.base_instructions`), sent again. */
  recordedInstructions?: string;
  /** The front-end's subscriber. */
  onEvent(event: AgentEvent): void;
  /** Asks a person (the UI); absent: nobody can be asked (exec), so what needs asking is declined by the configuration. */
  requestApproval?: (question: Parameters<ToolContext["requestApproval"]>[0]) => Promise<ApprovalDecision>;
  /** The session's secrets: command environments drop them, tool output has them redacted. */
  redactor: SecretRedactor;
  /** Registers secrets that appeared meanwhile (see ToolContext.refreshSecrets). */
  refreshSecrets?: () => void;
  outputSchema?: Record<string, unknown>;
  /** An editor's view of the files (ACP's `fs/*`), for the tools. */
  files?: EditorFiles;
  /** `[hooks]`: Stop handlers run when the model is done, before the turn ends. */
  hooks?: SessionHooks | null;
  /** History restored from a rollout (resume). */
  history?: ResponseItem[];
  totalUsage?: TokenUsage;
  /** Tokens in context at the end of the restored history (its last token_count). */
  tokensInContext?: number;
  /** Turns the restored session already had, so turn numbers continue. */
  turnsSoFar?: number;
}

type TurnResult =
  | { status: "completed"; lastAgentMessage: string | null }
  | { status: "failed"; message: string }
  | { status: "aborted" };

/** The running turn (or compaction): how it is interrupted and where its usage goes. */
interface Running {
  signal: AbortSignal;
  usage: TurnUsageAccumulator;
}

const wasInterrupted = (err: unknown, signal: AbortSignal): boolean =>
  signal.aborted || (err instanceof GatewayError && err.kind === "aborted");

/**
 * One conversation with the model: assembles requests, streams answers, runs tool calls and
 * feeds their outputs back until the model ends the turn. Emits AgentEvents only; it never
 * prints or renders.
 */
export class AgentSession {
  private readonly history: ResponseItem[];
  private profile: ModelProfile;
  /** Efforts already reported as unsupported, `model:effort`, so the user is told once. */
  private readonly noticesGiven = new Set<string>();
  private sandboxPolicy: SandboxPolicy;
  private readonly approvedForSession = new Set<string>();
  private turnCount = 0;
  private current: AbortController | null = null;
  /** Whether requests carry prompt-cache breakpoints (resolved per model in start()). */
  private cacheBreakpoints = false;
  private readonly events: EventSink;
  private readonly usage: SessionUsage;

  constructor(private options: SessionOptions) {
    this.history = [...(options.history ?? [])];
    this.turnCount = options.turnsSoFar ?? 0;
    this.sandboxPolicy = sandboxPolicyOf(options.config);
    this.profile = resolveModelProfile(options.config, null, null);
    this.events = new EventSink(options.persistence, (event) => options.onEvent(event));
    this.usage = new SessionUsage(
      this.events,
      () => this.prices(),
      () => this.profile.contextWindow.window,
      options,
    );
  }

  get model(): string {
    return this.options.model;
  }

  get settings(): Pick<ResolvedConfig, "approvalPolicy" | "sandboxMode" | "reasoningEffort"> {
    const { approvalPolicy, sandboxMode } = this.options.config;
    return { approvalPolicy, sandboxMode, reasoningEffort: this.profile.reasoningEffort.value };
  }

  /** The active model's settings and where each came from. */
  get modelProfile(): ModelProfile {
    return this.profile;
  }

  /**
   * Changes settings for the next turns (`/model`, `/approvals`). A new model re-resolves the
   * context window; the change is announced with a fresh session_configured event.
   */
  async updateSettings(change: {
    model?: string;
    reasoningEffort?: ResolvedConfig["reasoningEffort"];
    approvalPolicy?: ResolvedConfig["approvalPolicy"];
    sandboxMode?: ResolvedConfig["sandboxMode"];
  }): Promise<void> {
    const { model, ...configChange } = change;
    if (model !== undefined) this.options.model = model;
    this.options.config = { ...this.options.config, ...configChange };
    this.sandboxPolicy = sandboxPolicyOf(this.options.config);
    await this.start();
  }

  get id(): string {
    return this.options.sessionId;
  }

  /** Resolves the model's settings (config, else the catalog, else /model/info, else ours) and announces the session. */
  async start(): Promise<void> {
    const { config, client, model } = this.options;
    const { profile, info } = await fetchModelProfile(config, client, model, this.options.recordedInstructions);
    this.profile = profile;
    const cache = cachePlan(promptCacheSetting(config, model), info);
    this.cacheBreakpoints = cache.breakpoints;
    this.events.emit({
      type: "session_configured",
      sessionId: this.id,
      model,
      reasoningEffort: this.profile.reasoningEffort.value ?? null,
      provider: {
        id: client.provider.id,
        name: client.provider.name,
        baseUrl: client.provider.base_url,
        wireApi: client.provider.wire_api,
      },
      cwd: config.cwd,
      approvalPolicy: config.approvalPolicy,
      sandboxMode: config.sandboxMode,
      contextWindow: this.profile.contextWindow,
      catalogSettings: catalogSettings(this.profile),
      reasoningLevels: this.profile.reasoningLevels.value,
      rolloutPath: this.options.rolloutPath,
      resumed: this.history.length > 0,
    });
    // What the session had to decide on its own is said once, after it is announced (as upstream,
    // whose warnings follow the session's start).
    this.tellOtherModel();
    this.tellUnsupportedEffort();
    this.tellMissingModelInfo(info === null ? client.modelInfoFailure?.(model) : undefined, cache.strategy);
  }

  /** Upstream's warning, once, when a resume runs on another model than the session's last. */
  private tellOtherModel(): void {
    const { model, recordedModel: recorded } = this.options;
    this.options.recordedModel = undefined;
    if (!recorded || recorded === model) return;
    this.events.emit({
      type: "warning",
      message: `This session was recorded with model \`${recorded}\` but is resuming with \`${model}\`. Consider switching back to \`${recorded}\` as it may affect Codex performance.`,
    });
  }

  private tellUnsupportedEffort(): void {
    const { model } = this.options;
    const unsupported = this.profile.unsupportedEffort;
    if (!unsupported || this.noticesGiven.has(`${model}:${unsupported}`)) return;
    this.noticesGiven.add(`${model}:${unsupported}`);
    const levels = this.profile.reasoningLevels.value.map((l) => l.effort).join(", ");
    this.events.emit({
      type: "warning",
      message: `${model} does not take reasoning effort "${unsupported}" (the model catalog lists ${levels}); it is not sent`,
    });
  }

  /**
   * A lookup that failed (a busy proxy, a timeout) is not the proxy saying it does not know the
   * model: what the session then falls back to is said once, with how to decide without it.
   */
  private tellMissingModelInfo(failure: string | undefined, strategy: CacheStrategy): void {
    const { model } = this.options;
    const fallbacks = [
      ...(this.profile.contextWindow.source === "baseline"
        ? [`the context window is the ${formatWithSeparators(this.profile.contextWindow.window)}-token baseline`]
        : []),
      ...(strategy === "unknown" ? ["prompts carry no cache breakpoints"] : []),
    ];
    if (!failure || fallbacks.length === 0 || this.noticesGiven.has(`${model}:info`)) return;
    this.noticesGiven.add(`${model}:info`);
    this.events.emit({
      type: "warning",
      message: `the proxy's model info for ${model} did not arrive (${failure}): ${fallbacks.join(" and ")}; set model_context_window or prompt_cache in config.toml to decide without it`,
    });
  }

  /** Stops the running turn: the stream and any running command are cancelled. */
  interrupt(): void {
    this.current?.abort();
  }

  /** Runs one turn for a user message; resolves when the model has finished (or it failed / was interrupted). */
  async runTurn(text: string, images: string[] = []): Promise<TurnResult> {
    const turnId = uuidv7();
    this.turnCount += 1;
    const { config, model } = this.options;
    const run = this.startRunning("turn");
    this.events.emit({ type: "turn_started", turnId, input: { text, images: images.length } });
    // The calls of the latest answer and when they were dispatched (an interrupt answers the rest).
    let dispatched: { calls: ToolCallItem[]; at: number } = { calls: [], at: 0 };
    try {
      this.events.emitKept({
        type: "turn_context",
        settings: {
          turnId,
          cwd: config.cwd,
          approvalPolicy: config.approvalPolicy,
          sandboxPolicy: this.sandboxPolicy,
          model,
          effort: this.profile.reasoningEffort.value ?? null,
          summary: config.reasoningSummary ?? "auto",
        },
      });
      if (this.history.length === 0) this.append(this.initialContext());
      const { message, sent } = userTurnMessage(text, images, model, this.profile, (warning) =>
        this.events.emit({ type: "warning", message: warning }),
      );
      const submit = { ...this.hookInput(turnId), prompt: text };
      const hooked = await this.options.hooks?.userPromptSubmit(submit, this.reportHook, run.signal);
      if (run.signal.aborted) throw new GatewayError("aborted", "interrupted");
      if (hooked?.stop) {
        // A UserPromptSubmit hook blocked the prompt: it is not sent, and the turn ends here.
        const record = this.usage.finish(run.usage, "completed");
        this.events.emit({ type: "turn_completed", turnId, usage: tokenUsageOfRecord(record), lastAgentMessage: null });
        return { status: "completed", lastAgentMessage: null };
      }
      this.append([message]);
      this.events.emitKept({ type: "user_message", text, images: sent });
      if (hooked?.contexts.length) this.append(hooked.contexts.map((context) => developerMessage(context)));
      let lastAgentMessage: string | null = null;
      let stopHookActive = false;
      for (;;) {
        if (this.usage.tokensInContext >= this.profile.autoCompactLimit.value) await this.compactNow(run);
        const sampled = await retryAfterCompacting(
          () => this.sample(run),
          () => this.compactNow(run),
          (message) => this.events.emit({ type: "warning", message }),
        );
        this.append(sampled.items);
        lastAgentMessage = sampled.lastMessage ?? lastAgentMessage;
        const calls = sampled.items.filter(isToolCall);
        if (calls.length === 0) {
          const continuation = await this.runStopHooks(turnId, lastAgentMessage, stopHookActive, run.signal);
          if (run.signal.aborted) throw new GatewayError("aborted", "interrupted");
          if (continuation === null) break;
          // A Stop hook blocked the end of the turn: its reason is the model's next prompt.
          this.append([userTurnMessage(continuation, [], model, this.profile, () => {}).message]);
          stopHookActive = true;
          continue;
        }
        dispatched = { calls, at: performance.now() };
        for (const call of calls) {
          const output = await runToolCall(this.tools(), call, this.toolContext(run.signal, call));
          // What a call cut short by the interrupt printed is not kept: it is "aborted by user".
          if (run.signal.aborted) throw new GatewayError("aborted", "interrupted");
          this.append([output]);
        }
      }
      const record = this.usage.finish(run.usage, "completed");
      this.events.emit({ type: "turn_completed", turnId, usage: tokenUsageOfRecord(record), lastAgentMessage });
      return { status: "completed", lastAgentMessage };
    } catch (err) {
      if (wasInterrupted(err, run.signal)) {
        // Calls cut short (or never started) get upstream's "aborted by user" (the next request must
        // pair every call), then its <turn_aborted> marker tells the model after a resume.
        // The turn is ending either way, so a session file that cannot take them does not matter here.
        const since = performance.now() - dispatched.at;
        const answered = new Set(
          this.history.flatMap((i) =>
            i.type === "function_call_output" || i.type === "custom_tool_call_output" ? [i.call_id] : [],
          ),
        );
        const aborted = dispatched.calls.filter((c) => !answered.has(c.call_id)).map((c) => abortedByUser(c, since));
        aborted.push(...missingCallOutputs([...this.history, ...aborted]), turnAbortedMessage());
        this.history.push(...aborted);
        this.events.emit({ type: "history_appended", items: aborted });
        this.usage.finish(run.usage, "interrupted");
        this.events.emit({ type: "turn_aborted", turnId, reason: "interrupted" });
        return { status: "aborted" };
      }
      // A session file that cannot be written stops the session: nothing more can be recorded.
      const message =
        err instanceof NotPersistedError
          ? `${err.message}; the session stopped (what was recorded can be resumed)`
          : errorMessage(err);
      const kind = err instanceof GatewayError ? err.kind : err instanceof Error ? err.name : "error";
      this.usage.finish(run.usage, "failed");
      this.events.emit({ type: "turn_failed", turnId, message, kind });
      return { status: "failed", message };
    } finally {
      this.current = null;
    }
  }

  /**
   * Summarises the conversation and continues from the summary (`/compact`, or before a resume).
   * Its usage is a record of its own, numbered with the turn before it.
   */
  async compact(): Promise<void> {
    const run = this.startRunning("compaction");
    let status: UsageStatus = "failed";
    try {
      await this.compactNow(run);
      status = "completed";
    } catch (err) {
      if (wasInterrupted(err, run.signal)) status = "interrupted";
      throw err;
    } finally {
      this.usage.finish(run.usage, status);
      this.current = null;
    }
  }

  get contextWindowTokens(): number {
    return this.profile.contextWindow.window;
  }

  /** Starts a turn (or a compaction outside one): it can be interrupted, and its usage is collected. */
  private startRunning(kind: TurnUsageRecord["kind"]): Running {
    this.current = new AbortController();
    const effort = this.profile.reasoningEffort.value ?? null;
    return {
      signal: this.current.signal,
      usage: new TurnUsageAccumulator(this.turnCount, this.options.model, effort, kind),
    };
  }

  /**
   * Replaces the history with initial context + recent user messages (up to ~20k tokens) + a
   * hand-off summary. Recorded as a `compacted` record with the replacement history, so a resume
   * continues from exactly this.
   */
  private async compactNow(run: Running): Promise<void> {
    const summary = await summariseHistory(this.history, {
      client: this.options.client,
      request: (input) => this.request(input),
      signal: run.signal,
      account: (served) => this.usage.account(run.usage, "compaction", served, false),
    });
    const replacement = buildCompactedHistory(this.initialContext(), collectUserMessages(this.history), summary);
    this.history.length = 0;
    this.history.push(...replacement);
    this.usage.compacted();
    this.events.emitKept({ type: "compacted", summary, replacementHistory: replacement });
  }

  /** One model request for the history as it stands. */
  private sample(run: Running): Promise<SampledResponse> {
    return sampleResponse(
      this.options.client,
      this.request(this.history),
      run.signal,
      this.events,
      (served, inContext) => this.usage.account(run.usage, "sampling", served, inContext),
    );
  }

  private initialContext(): ResponseItem[] {
    const { config, projectDocs, skills } = this.options;
    return initialContext(config, projectDocs, this.profile, this.sandboxPolicy, skills);
  }

  /** The Stop hooks' continuation prompt when one blocked the end of the turn, else null. */
  private async runStopHooks(turnId: string, lastMessage: string | null, active: boolean, signal: AbortSignal) {
    const input = { ...this.hookInput(turnId), stop_hook_active: active, last_assistant_message: lastMessage };
    const outcome = await this.options.hooks?.stop(input, this.reportHook, signal);
    return outcome && !outcome.stop ? outcome.blockReason : null;
  }

  /** What every hook's stdin carries (upstream's fields). */
  private hookInput(turnId: string): HookInputBase {
    const { config, model } = this.options;
    return {
      session_id: this.id,
      turn_id: turnId,
      transcript_path: this.options.rolloutPath,
      cwd: config.cwd,
      model,
      permission_mode: config.approvalPolicy === "never" ? "bypassPermissions" : "default",
    };
  }

  private readonly reportHook = (event: string, command: string, entries: HookOutputEntry[]) =>
    this.events.emit({ type: "hook_completed", event, command, entries });

  private append(items: ResponseItem[]): void {
    this.history.push(...items);
    if (items.length > 0) this.events.emitKept({ type: "history_appended", items });
  }

  /** Per-token prices from the proxy's /model/info (the gateway asks once per model). */
  private prices(): Promise<ModelInfo | null> {
    return this.options.client.modelInfo(this.options.model).catch(() => null);
  }

  private request(input: ResponseItem[]): ModelRequest {
    const { profile, cacheBreakpoints } = this;
    return modelRequest({ ...this.options, profile, tools: this.tools(), cacheBreakpoints }, input);
  }

  /** What the tool answering `call` may use; its approval decisions are announced as events. */
  private toolContext(signal: AbortSignal, call: ToolCallItem): ToolContext {
    const { call_id: callId, name: tool } = call;
    const decided = (decision: ApprovalDecision, source: DecisionSource) =>
      this.events.emit({ type: "approval_decided", callId, tool, decision, source });
    const ask = this.options.requestApproval;
    return {
      config: this.options.config,
      cwd: this.options.config.cwd,
      sandboxPolicy: this.sandboxPolicy,
      signal,
      emit: (e) => {
        // A command's end carries its whole output to the front-end: a key saved meanwhile is known first.
        if (e.type === "command_end") this.options.refreshSecrets?.();
        this.events.emit(e);
      },
      requestApproval: async (question) => {
        if (!ask) {
          decided("denied", "config");
          return "denied";
        }
        this.events.emit({ type: "approval_requested", callId, tool, kind: question.kind, reason: question.reason });
        const decision = await ask(question);
        decided(decision, "user");
        return decision;
      },
      decided,
      approvedForSession: this.approvedForSession,
      ...(this.options.files && { files: this.options.files }),
      redactor: this.options.redactor,
      ...(this.options.refreshSecrets && { refreshSecrets: this.options.refreshSecrets }),
      truncation: this.profile.truncation.value ?? undefined,
    };
  }

  /** The tools the active model is offered (its shell tool shape only). */
  private tools(): Tool[] {
    return offeredTools(this.options.tools, this.profile);
  }
}
