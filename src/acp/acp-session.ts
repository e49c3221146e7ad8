// One ACP session: a session of the core (createSession, as exec and the UI make it) whose
// events go to the client as `session/update`s, whose approval questions go to the client as
// `session/request_permission`, with telemetry and the rollout as for exec.
import {
  methods,
  RequestError,
  type AgentContext,
  type ContentBlock,
  type RequestPermissionRequest,
  type SessionUpdate,
  type StopReason,
} from "@agentclientprotocol/sdk";
import type { SessionParts } from "../agent/create-session.js";
import type { ModelChoice } from "../agent/model-choices.js";
import type { ResolvedConfig } from "../config/load.js";
import { hookLines } from "../protocol/hook-lines.js";
import type { AgentEvent, ApprovalDecision } from "../protocol/events.js";
import { recordedSessionCost } from "../telemetry/report/session-cost.js";
import type { Telemetry } from "../telemetry/telemetry.js";
import type { ApprovalQuestion, EditorFiles } from "../tools/tool.js";
import { editorFiles } from "./editor-files.js";
import { EventUpdates, type ClientDisplay } from "./event-updates.js";
import {
  CONFIGURED_MODE,
  configOptions,
  EFFORT_OPTION,
  MODEL_OPTION,
  presetById,
  sessionModes,
  type SessionSettingsView,
} from "./modes.js";
import { decisionOf, PERMISSION_OPTIONS } from "./permissions.js";
import { promptInput } from "./prompt-content.js";
import { questionToolCall } from "./tool-call-content.js";
import { REASONING_EFFORTS, type ReasoningEffort } from "../config/schema.js";

export interface AcpSessionOptions {
  client: AgentContext;
  config: ResolvedConfig;
  display: ClientDisplay;
  /** Lines for stderr (hooks' output, warnings before the session exists). */
  log: (line: string) => void;
  /** The proxy's models for the model option (asked once, shared by the sessions). */
  models(): Promise<ModelChoice[]>;
}

/** The slash commands an editor offers: those that make sense without the terminal UI. */
const COMMANDS = [{ name: "compact", description: "summarise the conversation to free context" }];

export class AcpSession {
  readonly updates: EventUpdates;
  private parts: SessionParts | null = null;
  private telemetry: Telemetry | null = null;
  /** Updates are sent in order, and all of a turn's before its answer. */
  private sending: Promise<void> = Promise.resolve();
  /** The call whose approval the session announced last (its question follows at once). */
  private askedCall: string | null = null;
  private readonly pendingPermissions = new Set<AbortController>();
  private turn: Promise<unknown> | null = null;
  /** The kind of the last turn's failure (the gateway's: `incomplete` when the model stopped early). */
  private failedKind: string | null = null;
  /** The running turn was cancelled (by the client, or by its answer to a permission question). */
  private wasCancelled = false;

  constructor(private readonly options: AcpSessionOptions) {
    this.updates = new EventUpdates(options.display);
  }

  get id(): string {
    return this.live.session.id;
  }

  get gateway(): SessionParts["gateway"] {
    return this.live.gateway;
  }

  private get live(): SessionParts {
    if (!this.parts) throw new Error("the session has not started");
    return this.parts;
  }

  /** Takes the core's session and its telemetry (made by the caller, which knows new from load). */
  attach(parts: SessionParts, telemetry: Telemetry | null): void {
    this.parts = parts;
    this.telemetry = telemetry;
  }

  /** What createSession is given: the subscriber, the approval host and the editor's files. */
  get hooks(): {
    onEvent(event: AgentEvent): void;
    requestApproval(question: ApprovalQuestion): Promise<ApprovalDecision>;
    files?: EditorFiles;
  } {
    const { client, display, log } = this.options;
    const files = editorFiles(client, () => this.id, display.fs, log);
    return {
      onEvent: (event) => this.onEvent(event),
      requestApproval: (question) => this.ask(question),
      ...(files && { files }),
    };
  }

  send(update: SessionUpdate): void {
    const params = { sessionId: this.id, update };
    this.sending = this.sending.then(() =>
      this.options.client.notify(methods.client.session.update, params).catch((err: unknown) => {
        this.options.log(`acp: an update could not be sent (${String(err)})`);
      }),
    );
  }

  /** Sends what starts every session: the commands, and the usage as it stands. */
  announce(): void {
    this.send({ sessionUpdate: "available_commands_update", availableCommands: COMMANDS });
    this.send(this.updates.usage());
  }

  /** A recorded session's usage: the tokens its history holds, and its cost from the usage log. */
  async restoreUsage(tokensInContext: number): Promise<void> {
    const cost = await recordedSessionCost(this.options.config.telemetry.logs.session.path, this.id);
    this.updates.restore(tokensInContext, this.settingsView().contextWindow, cost);
  }

  flushed(): Promise<void> {
    return this.sending;
  }

  async prompt(blocks: ContentBlock[]): Promise<StopReason> {
    if (this.turn) throw RequestError.invalidRequest(undefined, "a prompt is already running in this session");
    const { text, images } = promptInput(blocks);
    const session = this.live.session;
    this.failedKind = null;
    const run =
      text.trim() === "/compact"
        ? session.compact().then(() => ({ status: "completed" as const }))
        : session.runTurn(text, images);
    this.turn = run;
    try {
      const result = await run;
      await this.telemetry?.afterTurn();
      await this.flushed();
      if (result.status === "completed") return "end_turn";
      if (result.status === "aborted") return "cancelled";
      const reason = this.failedKind === "incomplete" ? incompleteStopReason(result.message) : null;
      if (reason) return reason;
      throw RequestError.internalError(undefined, result.message);
    } catch (err) {
      if (this.wasCancelled) return "cancelled";
      throw err;
    } finally {
      this.turn = null;
      this.wasCancelled = false;
    }
  }

  /** `session/cancel`: as the UI's Esc, the questions waiting are withdrawn and the turn stops. */
  cancel(): void {
    if (!this.turn) return;
    this.wasCancelled = true;
    for (const pending of this.pendingPermissions) pending.abort();
    this.live.session.interrupt();
  }

  settingsView(): SessionSettingsView {
    const { session } = this.live;
    const { approvalPolicy, sandboxMode, reasoningEffort } = session.settings;
    return {
      model: session.model,
      approvalPolicy,
      sandboxMode,
      reasoningEffort,
      reasoningLevels: session.modelProfile.reasoningLevels.value,
      contextWindow: session.contextWindowTokens,
    };
  }

  async state() {
    const view = this.settingsView();
    return { modes: sessionModes(view), configOptions: configOptions(view, await this.options.models()) };
  }

  async setMode(modeId: string): Promise<void> {
    const { config } = this.options;
    const preset = presetById(modeId);
    if (!preset && modeId !== CONFIGURED_MODE)
      throw RequestError.invalidParams(undefined, `unknown mode ${modeId}: expected read-only, auto or full-access`);
    const [approvalPolicy, sandboxMode] = preset?.value ?? [config.approvalPolicy, config.sandboxMode];
    this.telemetry?.event("acp.mode.select", { mode: modeId, approvalPolicy, sandboxMode });
    await this.live.session.updateSettings({ approvalPolicy, sandboxMode });
    this.send({ sessionUpdate: "current_mode_update", currentModeId: modeId });
  }

  async setConfigOption(configId: string, value: string | boolean) {
    if (typeof value !== "string")
      throw RequestError.invalidParams(undefined, `${configId} takes a value from its list`);
    if (configId === MODEL_OPTION) {
      const models = await this.options.models();
      if (!models.some((m) => m.model === value) && value !== this.live.session.model)
        throw RequestError.invalidParams(undefined, `model ${value} is not served by the proxy`);
      await this.live.session.updateSettings({ model: value });
      this.updates.resize(this.live.session.contextWindowTokens);
      this.send(this.updates.usage());
    } else if (configId === EFFORT_OPTION) {
      if (!isEffort(value))
        throw RequestError.invalidParams(
          undefined,
          `reasoning effort ${value} is not one of ${REASONING_EFFORTS.join(", ")}`,
        );
      await this.live.session.updateSettings({ reasoningEffort: value });
    } else
      throw RequestError.invalidParams(
        undefined,
        `unknown config option ${configId}: expected model or reasoning_effort`,
      );
    this.telemetry?.event("acp.config_option.select", { option: configId, value });
    return (await this.state()).configOptions;
  }

  async close(): Promise<void> {
    this.cancel();
    await this.turn?.catch(() => {});
    await this.flushed();
    await this.parts?.close();
    await this.telemetry?.close().catch(() => {});
    await this.parts?.gateway.finishRefreshes(2_000);
  }

  private onEvent(event: AgentEvent): void {
    this.telemetry?.handle(event);
    if (event.type === "approval_requested") this.askedCall = event.callId;
    if (event.type === "turn_failed") this.failedKind = event.kind;
    if (event.type === "hook_completed") for (const { text } of hookLines(event)) this.options.log(text);
    if (event.type === "warning") this.options.log(`warning: ${event.message}`);
    if (!this.parts) return; // before the session is attached: nothing to address the updates to
    for (const update of this.updates.updates(event)) this.send(update);
  }

  /** Asks the client whether a tool call may run; a cancelled question (or turn) stops the turn. */
  private async ask(question: ApprovalQuestion): Promise<ApprovalDecision> {
    const toolCallId = this.askedCall ?? crypto.randomUUID();
    this.askedCall = null;
    const shape = questionToolCall(question);
    if (!this.updates.isKnown(toolCallId)) {
      this.updates.markAnnounced(toolCallId);
      this.send({ sessionUpdate: "tool_call", toolCallId, status: "pending", ...shape });
    }
    await this.flushed();
    const abort = new AbortController();
    this.pendingPermissions.add(abort);
    let decision: ApprovalDecision;
    try {
      const request: RequestPermissionRequest = {
        sessionId: this.id,
        toolCall: {
          toolCallId,
          status: "pending",
          ...shape,
          ...(question.reason && { rawInput: { ...asObject(shape.rawInput), reason: question.reason } }),
        },
        options: PERMISSION_OPTIONS,
      };
      const answer = await this.options.client.request(methods.client.session.requestPermission, request, {
        cancellationSignal: abort.signal,
        stopWaitingOnCancel: true,
      });
      decision = decisionOf(answer.outcome);
    } catch (err) {
      if (!abort.signal.aborted)
        this.options.log(`acp: the permission request failed (${String(err)}); the call is not run`);
      decision = "abort";
    } finally {
      this.pendingPermissions.delete(abort);
    }
    this.telemetry?.event("acp.approval", { kind: question.kind, decision });
    if (decision === "abort") {
      this.wasCancelled = true;
      this.live.session.interrupt();
    }
    if (decision === "denied" || decision === "abort")
      for (const update of this.updates.declined(toolCallId)) this.send(update);
    return decision;
  }
}

const isEffort = (value: string): value is ReasoningEffort => REASONING_EFFORTS.some((e) => e === value);

const asObject = (value: unknown): Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? { ...value } : { input: value };

/** A failed turn that ACP names: the output limit, a refusal by the provider's filter. */
/** A response the provider ended early: its filter refused, or the output limit was reached. */
function incompleteStopReason(message: string): StopReason {
  return /content_filter|content filter|refus/i.test(message) ? "refusal" : "max_tokens";
}
