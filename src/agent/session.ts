import { v7 as uuidv7 } from "uuid";
import type { ResolvedConfig } from "../config/load.js";
import { GatewayError } from "../gateway/errors.js";
import {
  developerMessage,
  userMessage,
  type CustomToolCallItem,
  type FunctionCallItem,
  type ResponseItem,
  type TokenUsage,
} from "../gateway/items.js";
import { costFromPrices, reportedCost } from "../gateway/cost.js";
import { cachePlan, promptCacheSetting } from "../gateway/prompt-cache.js";
import type { GatewayEvent, ModelInfo, ModelRequest } from "../gateway/types.js";
import { sandboxPolicyFromMode, type SandboxPolicy } from "../tools/sandbox/index.js";
import type { Tool, ToolCall, ToolContext, ToolResult } from "../tools/tool.js";
import { runTool } from "../tools/run-tool.js";
import { buildCompactedHistory, collectUserMessages } from "../rollout/compaction-bridge.js";
import { missingCallOutputs } from "../rollout/dangling-calls.js";
import { COMPACT_PROMPT } from "./compact-prompt.js";
import { catalogEntry, type CatalogEntry, type ModelCatalog } from "../gateway/model-catalog.js";
import { addUsage, percentContextLeft, ZERO_USAGE } from "./context-window.js";
import { catalogSettings, offeredTools, resolveModelProfile, type ModelProfile } from "./model-profile.js";
import { environmentContextText, userShellName } from "./environment-context.js";
import { projectDocsMessageText, type ProjectDocs } from "./project-docs.js";
import type { AgentEvent, ApprovalDecision, RequestUsageRecord, TurnUsageRecord, UsageStatus } from "./protocol.js";
import { assistantText, reasoningText } from "./response-text.js";
import { requestUsage, tokenUsageOf, tokenUsageOfRecord, TurnUsageAccumulator } from "./turn-usage.js";
import { errorMessage } from "../util/errors.js";

/** What the agent needs from a model client (the Gateway, or a test double). */
export interface ModelClient {
  readonly provider: { id: string; name: string; base_url: string; wire_api: "responses" | "chat" };
  stream(req: ModelRequest, signal?: AbortSignal): AsyncIterable<GatewayEvent>;
  modelInfo(model: string): Promise<ModelInfo | null>;
  /** The Codex model catalog (null: none); `refresh` asks the proxy again. */
  modelCatalog?(options?: { refresh?: boolean }): Promise<ModelCatalog | null>;
}

/**
 * Where the session's events are kept (the rollout file): it gets every event before the
 * front-end. Its writes are synchronous, so it can say at once that an event was not kept; it
 * returns that failure instead of throwing, and the session decides what it stops (see
 * `emitKept`): a turn cannot go on when its history or usage is not on disk, but a turn that is
 * already ending still ends, and the front-end still hears of it.
 */
export interface EventPersistence {
  persist(event: AgentEvent): Error | null;
}

/** An event the session cannot go on without keeping was not kept: the turn (or compaction) stops. */
class NotPersistedError extends Error {
  constructor(failure: Error) {
    super(failure.message, { cause: failure });
    this.name = failure.name;
  }
}

export interface SessionOptions {
  config: ResolvedConfig;
  model: string;
  client: ModelClient;
  tools: Tool[];
  persistence?: EventPersistence;
  /** Announced in `session_configured` (null: nothing is recorded). */
  rolloutPath: string | null;
  projectDocs: ProjectDocs;
  sessionId: string;
  /** The front-end's subscriber. */
  onEvent(event: AgentEvent): void;
  requestApproval(question: Parameters<ToolContext["requestApproval"]>[0]): Promise<ApprovalDecision>;
  secrets: string[];
  outputSchema?: Record<string, unknown>;
  /** History restored from a rollout (resume). */
  history?: ResponseItem[];
  totalUsage?: TokenUsage;
  /** Tokens in context at the end of the restored history (its last token_count). */
  tokensInContext?: number;
  /** Turns the restored session already had, so turn numbers continue. */
  turnsSoFar?: number;
}

/** A response the proxy served and reported usage for (complete, or an attempt that failed after). */
type ServedResponse = Extract<GatewayEvent, { type: "completed" | "attempt_usage" }>;

type TurnResult =
  | { status: "completed"; lastAgentMessage: string | null }
  | { status: "failed"; message: string }
  | { status: "aborted" };

type ToolCallItem = FunctionCallItem | CustomToolCallItem;
const isCall = (item: ResponseItem): item is ToolCallItem =>
  item.type === "function_call" || item.type === "custom_tool_call";

/**
 * One conversation with the model: assembles requests, streams answers, runs tool calls and
 * feeds their outputs back until the model ends the turn. Emits AgentEvents only; it never
 * prints or renders.
 */
export class AgentSession {
  private readonly history: ResponseItem[];
  private totalUsage: TokenUsage;
  private profile: ModelProfile;
  /** Efforts already reported as unsupported, `model:effort`, so the user is told once. */
  private readonly toldUnsupported = new Set<string>();
  private sandboxPolicy: SandboxPolicy;
  private readonly approvedForSession = new Set<string>();
  private turnCount = 0;
  private current: AbortController | null = null;
  /** Tokens the last response said were in context: drives "% left" and auto-compaction. */
  private tokensInContext = 0;
  /** The running turn's (or compaction's) usage: every request LiteLLM serves is added to it. */
  private usage: TurnUsageAccumulator | null = null;
  /** Whether requests carry prompt-cache breakpoints (resolved per model in start()). */
  private cacheBreakpoints = false;

  constructor(private options: SessionOptions) {
    this.history = [...(options.history ?? [])];
    this.totalUsage = options.totalUsage ?? ZERO_USAGE;
    this.tokensInContext = options.tokensInContext ?? 0;
    this.turnCount = options.turnsSoFar ?? 0;
    this.sandboxPolicy = policyOf(options.config);
    this.profile = resolveModelProfile(options.config, null, null);
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
    this.sandboxPolicy = policyOf(this.options.config);
    await this.start();
  }

  /** The catalog entry for the active model; the catalog's failure is a start-up error only when it is config's file. */
  private async catalogEntry(): Promise<CatalogEntry | null> {
    const catalog = await this.options.client.modelCatalog?.();
    return catalogEntry(catalog ?? null, this.options.model);
  }

  get id(): string {
    return this.options.sessionId;
  }

  /** Resolves the model's settings (config, else the catalog, else /model/info, else ours) and announces the session. */
  async start(): Promise<void> {
    const { config, client, model } = this.options;
    // Fetched now, used for the context window and for costs LiteLLM does not report.
    const prices = this.prices();
    const entry = await this.catalogEntry();
    const info = config.modelContextWindow || entry?.context_window ? null : await prices;
    this.profile = resolveModelProfile(config, entry, info);
    this.cacheBreakpoints = cachePlan(promptCacheSetting(config, model), await prices).breakpoints;
    const unsupported = this.profile.unsupportedEffort;
    if (unsupported && !this.toldUnsupported.has(`${model}:${unsupported}`)) {
      this.toldUnsupported.add(`${model}:${unsupported}`);
      const levels = this.profile.reasoningLevels.value.map((l) => l.effort).join(", ");
      this.emit({
        type: "warning",
        message: `${model} does not take reasoning effort "${unsupported}" (the model catalog lists ${levels}); it is not sent`,
      });
    }
    this.emit({
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
  }

  /** Stops the running turn: the stream and any running command are cancelled. */
  interrupt(): void {
    this.current?.abort();
  }

  /** Runs one turn for a user message; resolves when the model has finished (or it failed / was interrupted). */
  async runTurn(text: string, images: string[] = []): Promise<TurnResult> {
    const turnId = uuidv7();
    const controller = new AbortController();
    this.current = controller;
    this.turnCount += 1;
    const { config, model } = this.options;
    const usage = this.startUsage("turn");
    this.emit({ type: "turn_started", turnId, input: { text, images: images.length } });
    try {
      this.emitKept({
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
      const message = userMessage(text);
      if (images.length > 0 && !this.profile.imagesAllowed.value) {
        this.emit({
          type: "warning",
          message: `${model} does not take images (${this.profile.imagesAllowed.source === "catalog" ? "the model catalog" : "the proxy's /model/info"} says so); ${images.length === 1 ? "the image was" : `the ${images.length} images were`} not sent`,
        });
        images = [];
      }
      for (const url of images) message.content.push({ type: "input_image", image_url: url });
      this.append([message]);
      this.emitKept({ type: "user_message", text, images });
      let lastAgentMessage: string | null = null;
      for (;;) {
        if (this.tokensInContext >= this.compactLimit()) await this.compactNow(controller.signal);
        const sampled = await this.sampleCompactingOnOverflow(controller.signal);
        this.append(sampled.items);
        lastAgentMessage = sampled.lastMessage ?? lastAgentMessage;
        const calls = sampled.items.filter(isCall);
        if (calls.length === 0) break;
        for (const call of calls) {
          this.append([await this.runTool(call, controller.signal)]);
          if (controller.signal.aborted) throw new GatewayError("aborted", "interrupted");
        }
      }
      const record = this.finishUsage(usage, "completed");
      this.emit({ type: "turn_completed", turnId, usage: tokenUsageOfRecord(record), lastAgentMessage });
      return { status: "completed", lastAgentMessage };
    } catch (err) {
      if (controller.signal.aborted || (err instanceof GatewayError && err.kind === "aborted")) {
        // Calls cut short (or never started) get the output "aborted": the next request must pair every call.
        // The turn is ending either way, so a session file that cannot take them does not matter here.
        const aborted = missingCallOutputs(this.history);
        this.history.push(...aborted);
        if (aborted.length > 0) this.emit({ type: "history_appended", items: aborted });
        this.finishUsage(usage, "interrupted");
        this.emit({ type: "turn_aborted", turnId, reason: "interrupted" });
        return { status: "aborted" };
      }
      // A session file that cannot be written stops the session: nothing more can be recorded.
      const message =
        err instanceof NotPersistedError
          ? `${err.message}; the session stopped (what was recorded can be resumed)`
          : errorMessage(err);
      const kind = err instanceof GatewayError ? err.kind : err instanceof Error ? err.name : "error";
      this.finishUsage(usage, "failed");
      this.emit({ type: "turn_failed", turnId, message, kind });
      return { status: "failed", message };
    } finally {
      this.usage = null;
      this.current = null;
    }
  }

  /**
   * Summarises the conversation and continues from the summary (`/compact`, or before a resume).
   * Its usage is a record of its own, numbered with the turn before it.
   */
  async compact(): Promise<void> {
    const controller = new AbortController();
    this.current = controller;
    const usage = this.startUsage("compaction");
    let status: UsageStatus = "failed";
    try {
      await this.compactNow(controller.signal);
      status = "completed";
    } catch (err) {
      if (controller.signal.aborted || (err instanceof GatewayError && err.kind === "aborted")) status = "interrupted";
      throw err;
    } finally {
      this.finishUsage(usage, status);
      this.usage = null;
      this.current = null;
    }
  }

  get contextWindowTokens(): number {
    return this.profile.contextWindow.window;
  }

  private compactLimit(): number {
    return this.profile.autoCompactLimit.value;
  }

  /** When the proxy says the context window is exceeded: compact once and retry, then give up clearly. */
  private async sampleCompactingOnOverflow(signal: AbortSignal): ReturnType<AgentSession["sample"]> {
    try {
      return await this.sample(signal);
    } catch (err) {
      if (!(err instanceof GatewayError) || err.kind !== "context_window_exceeded") throw err;
      this.emit({
        type: "warning",
        message: "the model's context window is full; compacting the conversation and retrying",
      });
      await this.compactNow(signal);
      try {
        return await this.sample(signal);
      } catch (again) {
        if (again instanceof GatewayError && again.kind === "context_window_exceeded") {
          throw new GatewayError(
            "context_window_exceeded",
            `the conversation does not fit the model's context window even after compacting (${again.message}); start a new session or use a model with a larger window`,
          );
        }
        throw again;
      }
    }
  }

  /**
   * Upstream's compaction: ask for a hand-off summary, then continue from initial context +
   * recent user messages (up to ~20k tokens) + the summary. Recorded as a `compacted` record
   * with the replacement history, so a resume continues from exactly this.
   */
  private async compactNow(signal: AbortSignal): Promise<void> {
    let source = [...this.history];
    let summary: string | null = null;
    for (let attempt = 0; summary === null; attempt++) {
      try {
        summary = await this.summarise(source, signal);
      } catch (err) {
        // The summary request itself may not fit: drop the oldest items and try again.
        if (
          !(err instanceof GatewayError) ||
          err.kind !== "context_window_exceeded" ||
          source.length <= 2 ||
          attempt >= 8
        )
          throw err;
        source = source.slice(Math.ceil(source.length / 4));
      }
    }
    const replacement = buildCompactedHistory(this.initialContext(), collectUserMessages(this.history), summary);
    this.history.length = 0;
    this.history.push(...replacement);
    this.tokensInContext = 0;
    this.emitKept({ type: "compacted", summary, replacementHistory: replacement });
  }

  private async summarise(history: ResponseItem[], signal: AbortSignal): Promise<string> {
    const req: ModelRequest = { ...this.request(), input: [...history, userMessage(COMPACT_PROMPT)], tools: [] };
    let summary = "";
    for await (const event of this.options.client.stream(req, signal)) {
      if (event.type === "created") summary = "";
      if (event.type === "output_item_done" && event.item.type === "message" && event.item.role === "assistant") {
        summary = assistantText(event.item);
      }
      if (event.type === "attempt_usage") await this.account("compaction", event, false);
      if (event.type === "completed") {
        await this.account("compaction", event, false);
        return summary || "(no summary available)";
      }
    }
    throw new GatewayError("stream", "the compaction request ended without a result");
  }

  private initialContext(): ResponseItem[] {
    const { config, projectDocs } = this.options;
    const items: ResponseItem[] = [];
    const { instructions } = this.profile;
    if (instructions.placement === "developer_message") items.push(developerMessage(instructions.value));
    if (projectDocs.text) items.push(userMessage(projectDocsMessageText(config.cwd, projectDocs.text)));
    const roots =
      this.sandboxPolicy.type === "workspace-write" ? [config.cwd, ...(this.sandboxPolicy.writable_roots ?? [])] : [];
    items.push(
      userMessage(
        environmentContextText({
          cwd: config.cwd,
          approvalPolicy: config.approvalPolicy,
          sandboxMode: config.sandboxMode,
          networkAccess:
            this.sandboxPolicy.type === "danger-full-access" ||
            (this.sandboxPolicy.type === "workspace-write" && this.sandboxPolicy.network_access === true),
          writableRoots: roots,
          shell: userShellName(),
        }),
      ),
    );
    return items;
  }

  private append(items: ResponseItem[]): void {
    this.history.push(...items);
    if (items.length > 0) this.emitKept({ type: "history_appended", items });
  }

  /** Per-token prices from the proxy's /model/info (the gateway asks once per model). */
  private prices(): Promise<ModelInfo | null> {
    return this.options.client.modelInfo(this.options.model).catch(() => null);
  }

  /**
   * Accounts one request LiteLLM served: to the running turn's usage (cost as LiteLLM reported
   * it, else from the proxy's prices) and to the session's token totals. `inContext`: its
   * tokens are what the conversation now holds (a sampling request that completed).
   */
  private async account(kind: RequestUsageRecord["kind"], served: ServedResponse, inContext: boolean): Promise<void> {
    const { usage, meta } = served;
    const cost = reportedCost(meta) ?? (usage ? costFromPrices(usage, await this.prices()) : null);
    this.usage?.add(requestUsage(kind, usage, meta, served.type === "completed" ? served.responseId : null, cost));
    this.recordUsage(tokenUsageOf(usage), inContext);
  }

  /** Starts collecting the usage of a turn, or of a compaction outside a turn. */
  private startUsage(kind: TurnUsageRecord["kind"]): TurnUsageAccumulator {
    const { model } = this.options;
    return (this.usage = new TurnUsageAccumulator(
      this.turnCount,
      model,
      this.profile.reasoningEffort.value ?? null,
      kind,
    ));
  }

  /** Announces a turn's (or compaction's) usage record: the usage log's line. */
  private finishUsage(usage: TurnUsageAccumulator, status: UsageStatus): TurnUsageRecord {
    const record = usage.finish(status);
    this.emit({ type: "turn_usage", record });
    return record;
  }

  private recordUsage(last: TokenUsage, inContext: boolean): void {
    this.totalUsage = addUsage(this.totalUsage, last);
    if (inContext) this.tokensInContext = last.total_tokens;
    const window = this.profile.contextWindow.window;
    this.emitKept({
      type: "token_count",
      last,
      total: this.totalUsage,
      contextWindow: window,
      tokensInContext: this.tokensInContext,
      percentLeft: percentContextLeft(this.tokensInContext, window),
    });
  }

  private request(): ModelRequest {
    const { config, model, client } = this.options;
    const { instructions, reasoningEffort, parallelToolCalls, applyPatchToolType } = this.profile;
    const tools = this.tools();
    const effort = reasoningEffort.value;
    const summary = config.reasoningSummary;
    return {
      model,
      instructions: instructions.placement === "instructions" ? instructions.value : "",
      input: this.history,
      tools: tools.map((t) =>
        t.spec(client.provider.wire_api, {
          approvalPolicy: config.approvalPolicy,
          applyPatchToolType: applyPatchToolType.value,
        }),
      ),
      parallelToolCalls: parallelToolCalls.value,
      reasoning:
        effort || summary
          ? { ...(effort && { effort }), ...(summary && summary !== "none" && { summary }) }
          : undefined,
      verbosity: config.verbosity,
      maxOutputTokens: config.modelMaxOutputTokens,
      outputSchema: this.options.outputSchema,
      sessionId: this.id,
      cacheBreakpoints: this.cacheBreakpoints,
    };
  }

  /** One model request: streams deltas to renderers and returns the completed output items. */
  private async sample(signal: AbortSignal): Promise<{ items: ResponseItem[]; lastMessage: string | null }> {
    let items: ResponseItem[] = [];
    let messageId = uuidv7();
    let reasoningId = uuidv7();
    let lastMessage: string | null = null;
    // A stream that breaks and is retried starts over with `created`. What an attempt said is
    // final only once its response completed (no half answer in the rollout), and a finished
    // item an earlier attempt already showed is not shown again.
    let shown: string[] = [];
    let shownBefore: string[] = [];
    const showOnce = (key: string) => {
      const index = shown.length;
      shown.push(key);
      return shownBefore[index] !== key;
    };
    for await (const event of this.options.client.stream(this.request(), signal)) {
      switch (event.type) {
        case "created":
          items = [];
          if (shown.length > 0) shownBefore = shown;
          shown = [];
          messageId = uuidv7();
          reasoningId = uuidv7();
          break;
        case "retrying":
          this.emit({
            type: "retrying",
            attempt: event.attempt,
            maxAttempts: event.maxAttempts,
            delayMs: event.delayMs,
            reason: event.reason,
          });
          break;
        case "warning":
          this.emit({ type: "warning", message: event.message });
          break;
        case "text_delta":
          this.emit({ type: "agent_message_delta", itemId: messageId, delta: event.delta });
          break;
        case "reasoning_summary_delta":
        case "reasoning_content_delta":
          this.emit({ type: "reasoning_delta", itemId: reasoningId, delta: event.delta });
          break;
        case "output_item_done": {
          const item = event.item;
          items.push(item);
          if (item.type === "message" && item.role === "assistant") {
            const text = assistantText(item);
            lastMessage = text;
            if (showOnce(`message:${text}`)) this.emit({ type: "agent_message", itemId: messageId, text });
            messageId = uuidv7();
          } else if (item.type === "reasoning") {
            const text = reasoningText(item);
            if (text && showOnce(`reasoning:${text}`)) this.emit({ type: "reasoning", itemId: reasoningId, text });
            reasoningId = uuidv7();
          }
          break;
        }
        case "attempt_usage":
          await this.account("sampling", event, false);
          break;
        case "completed":
          this.emitKept({ type: "response_completed", items });
          await this.account("sampling", event, true);
          return { items, lastMessage };
      }
    }
    throw new GatewayError("stream", "the model stream ended without a result", { retryable: false });
  }

  private async runTool(item: ToolCallItem, signal: AbortSignal): Promise<ResponseItem> {
    const call: ToolCall =
      item.type === "custom_tool_call"
        ? { kind: "custom", callId: item.call_id, name: item.name, input: item.input }
        : { kind: "function", callId: item.call_id, name: item.name, arguments: item.arguments };
    const ctx: ToolContext = {
      config: this.options.config,
      cwd: this.options.config.cwd,
      sandboxPolicy: this.sandboxPolicy,
      signal,
      emit: (e) => this.emit(e),
      requestApproval: (q) => this.options.requestApproval(q),
      approvedForSession: this.approvedForSession,
      secrets: this.options.secrets,
      truncation: this.profile.truncation.value ?? undefined,
    };
    let result: ToolResult;
    try {
      result = await runTool(this.tools(), call, ctx);
    } catch (err) {
      if (signal.aborted) throw new GatewayError("aborted", "interrupted");
      result = { output: `tool ${call.name} failed: ${errorMessage(err)}`, success: false };
    }
    if (call.kind === "custom") return { type: "custom_tool_call_output", call_id: call.callId, output: result.output };
    return { type: "function_call_output", call_id: call.callId, output: result.contentItems ?? result.output };
  }

  /** The tools the active model is offered (its shell tool shape only). */
  private tools(): Tool[] {
    return offeredTools(this.options.tools, this.profile);
  }

  /** Tells persistence, then the front-end; a failure to keep the event stops nothing. */
  private emit(event: AgentEvent): void {
    this.options.persistence?.persist(event);
    this.options.onEvent(event);
  }

  /**
   * For an event the session cannot go on without keeping (history, usage, a turn's settings):
   * when persistence could not keep it, the front-end is not told and the running turn (or
   * compaction) stops with the failure; no tool runs whose call is not on disk.
   */
  private emitKept(event: AgentEvent): void {
    const failure = this.options.persistence?.persist(event);
    if (failure) throw new NotPersistedError(failure);
    this.options.onEvent(event);
  }
}

function policyOf(config: ResolvedConfig): SandboxPolicy {
  return sandboxPolicyFromMode(config.sandboxMode, {
    writable_roots: config.sandboxWorkspaceWrite.writable_roots,
    network_access: config.sandboxWorkspaceWrite.network_access,
    exclude_tmpdir_env_var: config.sandboxWorkspaceWrite.exclude_tmpdir_env_var,
    exclude_slash_tmp: config.sandboxWorkspaceWrite.exclude_slash_tmp,
  });
}
