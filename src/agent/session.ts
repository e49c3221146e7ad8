import { v7 as uuidv7 } from "uuid";
import type { ResolvedConfig } from "../config/load.js";
import { GatewayError } from "../gateway/errors.js";
import { developerMessage, type ResponseItem, type TokenUsage } from "../gateway/items.js";
import { cachePlan, promptCacheSetting } from "../gateway/prompt-cache.js";
import type { ModelRequest } from "../gateway/types.js";
import type { ModelInfo } from "../gateway/models.js";
import type { SandboxPolicy } from "../protocol/policies.js";
import type { EditorFiles, SpecContext, Tool, ToolContext } from "../tools/tool.js";
import { isToolSearchCall, toolSearchOutput } from "../tools/tool-search.js";
import { compactHistory, retryAfterCompacting } from "./compaction.js";
import { EventSink, NotPersistedError, type EventPersistence } from "./event-sink.js";
import type { ModelClient } from "./model-client.js";
import { fetchModelProfile, offeredTools, resolveModelProfile, type ModelProfile } from "./model-profile.js";
import { initialContext, modelRequest, sandboxPolicyOf, userTurnMessage } from "./model-request.js";
import type { ProjectDocs } from "./project-docs.js";
import type { Skill } from "./skills.js";
import type { HookInputBase, SessionHooks } from "./hooks.js";
import { TurnHooks } from "./turn-hooks.js";
import type { AgentEvent, ApprovalDecision, TurnUsageRecord, UsageStatus } from "../protocol/events.js";
import { sampleResponse, type SampledResponse } from "./sample-response.js";
import { SessionAnnouncer } from "./session-announcement.js";
import { SessionUsage } from "./token-accounting.js";
import { interruptedTurnItems } from "./interrupted-turn.js";
import { callBatches, isToolCall, runToolCall, toolContextFor, withToolName, type ToolCallItem } from "./tool-call.js";
import { tokenUsageOfRecord, TurnUsageAccumulator } from "./usage-sums.js";
import { errorMessage } from "../util/errors.js";
import type { ReviewRequest } from "../protocol/review.js";
import { runReviewTurn, type Reviewer } from "./review/review-turn.js";
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
  /** Asks a person the model's request_user_input questions (the UI); absent: nobody can answer (exec). */
  requestUserInput?: ToolContext["requestUserInput"];
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
  /** The agents this session spawned: their notifications join the next request; an interrupt stops them. */
  subagents?: { takeNotifications(): ResponseItem[]; interruptAll(): void };
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
  private sandboxPolicy: SandboxPolicy;
  private readonly approvedForSession = new Set<string>();
  private turnCount = 0;
  private readonly turnHooks: TurnHooks;
  private current: AbortController | null = null;
  /** Whether requests carry prompt-cache breakpoints (resolved per model in start()). */
  private cacheBreakpoints = false;
  private readonly events: EventSink;
  private readonly usage: SessionUsage;
  private readonly announcer: SessionAnnouncer;

  constructor(private options: SessionOptions) {
    this.history = [...(options.history ?? [])];
    this.turnHooks = new TurnHooks(
      {
        hooks: options.hooks,
        input: (turnId) => this.hookInput(turnId),
        report: (event, command, entries) => this.events.emit({ type: "hook_completed", event, command, entries }),
        append: (items) => this.append(items),
      },
      this.history.length > 0,
    );
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
    this.announcer = new SessionAnnouncer(this.events);
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

  /** A copy of the conversation so far (a subagent forked with the parent's history). */
  historySnapshot(): ResponseItem[] {
    return [...this.history];
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
    const resumed = this.history.length > 0;
    this.announcer.announce({
      ...this.options,
      sessionId: this.id,
      profile,
      info,
      cacheStrategy: cache.strategy,
      resumed,
    });
    this.options.recordedModel = undefined; // another model than the recorded one is warned about once
  }

  /** Stops the running turn: the stream and any running command are cancelled. */
  interrupt(): void {
    this.current?.abort();
    this.options.subagents?.interruptAll();
  }

  /** Runs one turn for a user message; resolves when the model has finished (or it failed / was interrupted). */
  /** `imagePaths`: the files `images` came from, as the user named them (upstream's image tags carry them). */
  async runTurn(text: string, images: string[] = [], imagePaths: string[] = []): Promise<TurnResult> {
    const turnId = uuidv7();
    this.turnCount += 1;
    const { model } = this.options;
    const run = this.startRunning("turn");
    this.events.emit({ type: "turn_started", turnId, input: { text, images: images.length } });
    // The calls of the latest answer and when they were dispatched (an interrupt answers the rest).
    let dispatched: { calls: ToolCallItem[]; at: number } = { calls: [], at: 0 };
    try {
      this.recordTurnContext(turnId);
      if (this.history.length === 0) this.append(this.initialContext());
      const { message, sent } = userTurnMessage({ text, images, imagePaths }, model, this.profile, (warning) =>
        this.events.emit({ type: "warning", message: warning }),
      );
      const hooked = await this.turnHooks.beforePrompt(turnId, text, run.signal);
      if (run.signal.aborted) throw new GatewayError("aborted", "interrupted");
      if (hooked?.stop) {
        // A SessionStart or UserPromptSubmit hook stopped the turn: the prompt is not sent.
        const record = this.usage.finish(run.usage, "completed");
        this.events.emit({ type: "turn_completed", turnId, usage: tokenUsageOfRecord(record), lastAgentMessage: null });
        return { status: "completed", lastAgentMessage: null };
      }
      this.append([message]);
      this.events.recordKept({ type: "user_message", text, images: sent });
      if (hooked?.contexts.length) this.append(hooked.contexts.map((context) => developerMessage(context)));
      let lastAgentMessage: string | null = null;
      let stopHookActive = false;
      for (;;) {
        this.append(this.options.subagents?.takeNotifications() ?? []);
        if (this.usage.tokensInContext >= this.profile.autoCompactLimit.value)
          await this.compactNow(run, turnId, "auto");
        const sampled = await retryAfterCompacting(
          () => this.sample(run),
          () => this.compactNow(run, turnId, "auto"),
          (message) => this.events.emit({ type: "warning", message }),
        );
        this.append(sampled.items);
        lastAgentMessage = sampled.lastMessage ?? lastAgentMessage;
        const calls = sampled.items.filter(isToolCall).map((call) => withToolName(call, this.tools()));
        // tool_search calls are answered at once, from the tools the model is offered.
        const searches = sampled.items.filter(isToolSearchCall);
        this.append(searches.map((search) => toolSearchOutput(search, this.tools(), this.specContext())));
        if (calls.length === 0 && searches.length === 0) {
          const continuation = await this.turnHooks.continuation(turnId, lastAgentMessage, stopHookActive, run.signal);
          if (run.signal.aborted) throw new GatewayError("aborted", "interrupted");
          if (continuation === null) break;
          // A Stop hook blocked the end of the turn: its reason is the model's next prompt.
          this.append([userTurnMessage({ text: continuation, images: [] }, model, this.profile, () => {}).message]);
          stopHookActive = true;
          continue;
        }
        dispatched = { calls, at: performance.now() };
        let hookStopped = false;
        const run1 = (item: ToolCallItem) =>
          runToolCall(this.tools(), item, this.toolContext(run.signal, item, turnId));
        for (const batch of callBatches(calls)) {
          const results = await Promise.all(
            batch.map((call) => this.turnHooks.toolCall(turnId, call, run1, run.signal)),
          );
          // What a call cut short by the interrupt printed is not kept: it is "aborted by user".
          if (run.signal.aborted) throw new GatewayError("aborted", "interrupted");
          for (const done of results) {
            this.append([done.output, ...done.contexts.map((context) => developerMessage(context))]);
            hookStopped ||= done.stop;
          }
        }
        // A PostToolUse hook's `continue: false` ends the turn once this answer's calls are answered.
        if (hookStopped) break;
      }
      const record = this.usage.finish(run.usage, "completed");
      this.events.emit({ type: "turn_completed", turnId, usage: tokenUsageOfRecord(record), lastAgentMessage });
      return { status: "completed", lastAgentMessage };
    } catch (err) {
      if (wasInterrupted(err, run.signal)) {
        // Calls cut short (or never started) get upstream's "aborted by user", then its
        // <turn_aborted> marker tells the model after a resume. The turn is ending either way,
        // so a session file that cannot take them does not matter here.
        const aborted = interruptedTurnItems(this.history, dispatched.calls, performance.now() - dispatched.at);
        this.history.push(...aborted);
        this.events.record({ type: "history_appended", items: aborted });
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

  /** Runs a code review as the next turn: `reviewer` does the reviewing, this session keeps the result. */
  async runReview(request: ReviewRequest, reviewer: Reviewer): Promise<TurnResult> {
    this.turnCount += 1;
    const run = this.startRunning("turn");
    try {
      return await runReviewTurn(
        {
          events: this.events,
          signal: run.signal,
          recordTurnContext: (turnId) => {
            this.recordTurnContext(turnId);
            if (this.history.length === 0) this.append(this.initialContext());
          },
          append: (items) => {
            this.history.push(...items);
            this.events.record({ type: "history_appended", items });
          },
          finishUsage: (status) => tokenUsageOfRecord(this.usage.finish(run.usage, status)),
        },
        request,
        reviewer,
      );
    } finally {
      this.current = null;
    }
  }

  private recordTurnContext(turnId: string): void {
    const { config, model } = this.options;
    this.events.recordKept({
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
  }

  /**
   * Summarises the conversation and continues from the summary (`/compact`, or before a resume).
   * Its usage is a record of its own, numbered with the turn before it.
   */
  async compact(): Promise<void> {
    const run = this.startRunning("compaction");
    let status: UsageStatus = "failed";
    try {
      await this.compactNow(run, uuidv7(), "manual");
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
   * Continues from a summary of the conversation (compaction.ts), between the PreCompact and
   * PostCompact hooks; its requests count as `run`'s.
   */
  private compactNow(run: Running, turnId: string, trigger: "manual" | "auto"): Promise<void> {
    return this.turnHooks.aroundCompaction(turnId, trigger, run.signal, () => this.summariseNow(run));
  }

  private summariseNow(run: Running): Promise<void> {
    return compactHistory(this.history, {
      client: this.options.client,
      request: (input) => this.request(input),
      initialContext: this.initialContext(),
      signal: run.signal,
      account: (served) => this.usage.account(run.usage, "compaction", served, false),
      events: this.events,
      usage: this.usage,
    });
  }

  /** One model request for the history as it stands. */
  private sample(run: Running): Promise<SampledResponse> {
    return sampleResponse(
      this.options.client,
      this.request(this.history),
      run.signal,
      this.events,
      (served, inContext) => this.usage.account(run.usage, "sampling", served, inContext),
      this.options.config.showRawAgentReasoning,
    );
  }

  private initialContext(): ResponseItem[] {
    const { config, projectDocs, skills } = this.options;
    return initialContext(config, projectDocs, this.profile, this.sandboxPolicy, skills);
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

  private append(items: ResponseItem[]): void {
    this.history.push(...items);
    if (items.length > 0) this.events.recordKept({ type: "history_appended", items });
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
  private toolContext(signal: AbortSignal, call: ToolCallItem, turnId: string): ToolContext {
    const { config, redactor, refreshSecrets, requestApproval } = this.options;
    return toolContextFor(call, signal, {
      config,
      cwd: config.cwd,
      sandboxPolicy: this.sandboxPolicy,
      ...(this.options.requestUserInput && { requestUserInput: this.options.requestUserInput }),
      approvedForSession: this.approvedForSession,
      ...(this.options.files && { files: this.options.files }),
      redactor,
      ...(refreshSecrets && { refreshSecrets }),
      truncation: this.profile.truncation.value ?? undefined,
      imagesAllowed: this.profile.imagesAllowed.value,
      imageDetailOriginal: this.profile.imageDetailOriginal.value,
      ask: requestApproval,
      permissionHook: (item, hookSignal) => this.turnHooks.permissionRequest(turnId, item, hookSignal),
      events: this.events,
    });
  }

  /** What the tools' specs depend on. */
  private specContext(): SpecContext {
    return {
      approvalPolicy: this.options.config.approvalPolicy,
      applyPatchToolType: this.profile.applyPatchToolType.value,
    };
  }

  /** The tools the active model is offered (its shell tool shape only). */
  private tools(): Tool[] {
    return offeredTools(this.options.tools, this.profile);
  }
}
