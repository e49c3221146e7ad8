// The interactive session's controller: owns the agent session, its rollout and telemetry,
// and the UI state. Components read what it shows and call its methods; they change nothing
// of it directly. The slash commands run in slash-runner.ts; the model questions (/model's
// choices and windows) are the agent's (agent/model-choices.ts): nothing in src/tui talks to the gateway.
// It exists from the first frame, before config is read (`open` starts the session): the
// session's code is imported when it is needed, so drawing the prompt loads none of it.
import { ImageAttachments } from "./image-attachments.js";
import { terminalNotifier, type NotificationKind } from "./terminal-notify.js";
import type { SessionParts } from "../agent/create-session.js";
import type { ModelChoice } from "../agent/model-choices.js";
import type { AgentEvent, ApprovalDecision } from "../protocol/events.js";
import type { AgentSession } from "../agent/session.js";
import type { ResolvedConfig } from "../config/load.js";
import type { ApprovalPolicy, ReasoningEffort, SandboxMode } from "../config/schema.js";
import type { McpConnectionManager } from "../mcp/index.js";
import type { LoadedRollout } from "../rollout/resume-history.js";
import type { Telemetry } from "../telemetry/telemetry.js";
import type { ApprovalQuestion } from "../tools/tool.js";
import type { ReviewRequest } from "../protocol/review.js";
import type { UserInputQuestion, UserInputResponse } from "../protocol/user-input.js";
import type { SecretRedactor } from "../util/redact.js";
import { listMentionableFiles } from "./file-mentions.js";
import { resumedState } from "./replay-cells.js";
import { continueTowardGoal } from "./goal-command.js";
import { fileLinksFor } from "./file-links.js";
import { finishedMarkdownPart, loadMarkdown, markdownLoaded, setFileLinks } from "./lazy-markdown.js";
import { errorMessage } from "../util/errors.js";
import { screenTextHiding, type ScreenText } from "./screen-text.js";
import { availableDuringTurn, isSlashCommand } from "./slash-commands.js";
import { runSlashCommand, type Overlay, type SlashHost } from "./slash-runner.js";
import { WaitingQuestions, type PendingApproval, type PendingUserInput } from "./waiting-questions.js";
import { calledTool } from "./turn-activity.js";
import { addCell, committingReducer, initialState, type UiState } from "./state.js";
import { afterDraw, Redraws } from "./redraws.js";

export interface HostOptions {
  /** The redactor shared with telemetry and the UI log; the provider's key joins it in `open`. */
  redactor: SecretRedactor;
  /** Called when the user quits, with the session id to print. */
  onExit(sessionId: string | null): void;
}

/** What the session is started with, once config is read. */
export interface HostSetup {
  config: ResolvedConfig;
  model: string;
  telemetry: Telemetry | null;
}

/** The settings the header, footer and pickers show: the session's, or config's until it has started. */
export type SessionSettings = { model: string } & Pick<
  ResolvedConfig,
  "approvalPolicy" | "sandboxMode" | "reasoningEffort"
>;

type ModelClient = SessionParts["gateway"];

export class TuiHost {
  #state: UiState = initialState;
  readonly #waiting = new WaitingQuestions();
  /** Whether the latest turn ran a tool: a goal's continuation that only talked is not continued again. */
  #turnCalledTools = false;
  #overlay: Overlay = null;
  /** Files `@` can mention; loaded in the background at start. */
  #files: string[] = [];
  /** Set once the markdown renderer has loaded (or failed to): nothing is sent before. */
  #rendersMarkdown = false;
  // Answers move into the scrollback as their lines finish (markdown-stream.ts; once markdown has loaded).
  readonly #reduce = committingReducer(finishedMarkdownPart);
  /** Messages typed while a turn runs or before the session has started, sent in order (upstream's queue). */
  #queued: string[] = [];
  /** Text handed back to the composer (the queue, after an interrupt); the composer takes it. */
  #draft: string | null = null;
  readonly #images = new ImageAttachments();
  private setup: (HostSetup & { gateway: ModelClient }) | null = null;
  /** Set once the session has started; until then what is typed waits in `queued`. */
  private session: AgentSession | null = null;
  private parts: SessionParts | null = null;
  private readonly listeners = new Set<() => void>();
  readonly #redraws = new Redraws(() => {
    this.telemetry?.event("tui.display_update", {
      committed: this.state.committed.length,
      live: this.state.live.length,
    });
    for (const listener of this.listeners) listener();
  });
  /** How the UI shows text it did not write: terminal-safe, with the session's secrets redacted. */
  readonly screenText: ScreenText;
  private mcp: McpConnectionManager | null = null;
  /** The turn being run, so closing can wait for an interrupted turn to record its abort. */
  private turn: Promise<unknown> | null = null;

  constructor(private readonly options: HostOptions) {
    this.screenText = screenTextHiding(options.redactor);
  }

  get state(): UiState {
    return this.#state;
  }

  /** Approval questions waiting for an answer, the first one shown. */
  get approvals(): readonly PendingApproval[] {
    return this.#waiting.approvals;
  }

  /** The model's questions waiting for answers, the first one shown. */
  get userInputs(): readonly PendingUserInput[] {
    return this.#waiting.userInputs;
  }

  get overlay(): Overlay {
    return this.#overlay;
  }

  get files(): readonly string[] {
    return this.#files;
  }

  get queued(): readonly string[] {
    return this.#queued;
  }

  get draft(): string | null {
    return this.#draft;
  }

  /** Null until config is read. */
  get config(): ResolvedConfig | null {
    return this.setup?.config ?? null;
  }

  /** True until the session has started and can send (typed messages are queued meanwhile). */
  get starting(): boolean {
    return this.session === null || !this.#rendersMarkdown;
  }

  get agentsFiles(): string[] {
    return this.parts?.projectDocs.files ?? [];
  }

  get sessionSettings(): SessionSettings | null {
    if (this.session) return { model: this.session.model, ...this.session.settings };
    if (!this.setup) return null;
    const { model, config } = this.setup;
    return {
      model,
      approvalPolicy: config.approvalPolicy,
      sandboxMode: config.sandboxMode,
      reasoningEffort: config.reasoningEffort,
    };
  }

  private get telemetry(): Telemetry | null {
    return this.setup?.telemetry ?? null;
  }

  private get configured(): HostSetup & { gateway: ModelClient } {
    if (!this.setup) throw new Error("config has not been read");
    return this.setup;
  }

  /** The running session: slash commands and pickers run only once it has started (before, they are queued). */
  private get live(): AgentSession {
    if (!this.session) throw new Error("the session has not started");
    return this.session;
  }

  /**
   * Config is read: the header can be drawn, and the session starts (with `resume`'s history).
   * Then what was typed meanwhile is sent, in order.
   */
  async open(setup: HostSetup, resume?: LoadedRollout): Promise<void> {
    // A resume replays its answers as markdown; a new session loads the renderer once it is ready.
    const [{ createModelClient }] = await Promise.all([
      import("../agent/create-session.js"),
      resume ? loadMarkdown() : null,
    ]);
    setFileLinks(fileLinksFor(setup.config.fileOpener, setup.config.cwd));
    const gateway = createModelClient(setup.config, this.options.redactor);
    // No model configured: the one upstream picks from the model catalog.
    let { model } = setup;
    if (!model) {
      const { sessionModel, noModelError } = await import("../agent/session-model.js");
      model = (await sessionModel(setup.config, gateway)) ?? "";
      if (!model) throw noModelError();
    }
    this.setup = { ...setup, model, gateway };
    // The header names the model once the session is ready, in the same frame as the gauge (a
    // frame costs tens of ms at start); a start slower than 250 ms (MCP servers, the proxy) shows it first.
    this.#redraws.soon(250);
    await this.start(resume);
    if (markdownLoaded()) this.#rendersMarkdown = true; // a resume's replay loaded it
    void afterDraw().then(() => this.sendWhenRendering());
  }

  /**
   * The markdown renderer (about half of the UI's code) loads behind the ready session, before
   * anything is sent: a finished answer is drawn once, already rendered. Until then what is typed
   * waits in the queue, as before the session started.
   */
  private async sendWhenRendering(): Promise<void> {
    if (!this.#rendersMarkdown) {
      await loadMarkdown().catch((err: unknown) =>
        this.notice("warning", `answers are shown as plain text: ${errorMessage(err)}`),
      );
      this.#rendersMarkdown = true;
      this.changed();
    }
    // What was typed before, in order: a message waits for the turn before it.
    for (let next = this.#queued.shift(); next !== undefined; next = this.#queued.shift()) await this.submit(next);
  }

  private async start(resume?: LoadedRollout): Promise<void> {
    const { config, model, gateway } = this.configured;
    const { createSession } = await import("../agent/create-session.js");
    this.parts = await createSession({
      config,
      model,
      source: "cli",
      resume,
      gateway,
      redactor: this.options.redactor,
      // MCP servers outlive /new and /resume: started with the first session, closed on quit.
      ...(this.mcp ? { mcp: this.mcp } : {}),
      onEvent: (event) => this.onEvent(event),
      requestApproval: (question) => this.ask(question),
      requestUserInput: (questions) => this.askUser(questions),
      warn: (message) => this.notice("warning", message),
    });
    if (resume) {
      const { state, warning } = await resumedState(this.state, resume);
      this.apply(() => state);
      if (warning) this.notice("warning", warning);
    }
    this.telemetry?.event("tui.session_start", { resumed: !!resume });
    await this.parts.start();
    this.session = this.parts.session;
    this.mcp ??= this.parts.mcp;
    this.#redraws.now(); // the ready session on screen before anything else is loaded or started
    // What `@` can mention is listed behind the ready session (a child process: not on the way to it).
    void afterDraw().then(async () => void (this.#files = await listMentionableFiles(config.cwd)));
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A line from the composer: a slash command or a message for the model. */
  async submit(text: string): Promise<void> {
    const trimmed = text.trim();
    if (!trimmed) return;
    const command = trimmed.startsWith("/") ? (trimmed.slice(1).split(/\s+/)[0] ?? "") : null;
    if (command === "quit" || command === "exit") return this.slash(command, trimmed); // even before the session has started
    if (!this.session || !this.#rendersMarkdown || (command === null && (this.state.running || this.turn))) {
      this.#queued.push(trimmed);
      this.changed();
      return;
    }
    if (command !== null) return this.slash(command, trimmed);
    const { images, paths, labels, failures } = await this.#images.take(trimmed);
    for (const failure of failures) this.notice("warning", `image not attached: ${failure}`);
    this.apply((s) => addCell(s, { kind: "user", text: [...labels, trimmed].join(" ") }));
    const session = this.session;
    const result = await this.runTurn(() => session.runTurn(trimmed, images, paths));
    await continueTowardGoal(result, {
      goal: () => this.parts?.goals?.goal ?? null,
      waiting: () => this.#queued.length > 0,
      calledTools: () => this.#turnCalledTools,
      notice: (text) => this.notice("info", text),
      runTurn: (prompt) => this.runTurn(() => session.runTurn(prompt)),
    });
    const next = this.#queued.shift();
    if (next !== undefined) return this.submit(next);
  }

  /** Runs a turn (a message's, or /review's), which closing waits for. */
  private async runTurn(start: () => ReturnType<AgentSession["runTurn"]>) {
    const turn = (this.turn = start());
    const result = await turn.finally(() => {
      if (this.turn === turn) this.turn = null;
    });
    await this.telemetry?.afterTurn();
    return result;
  }

  /** /review's turn (tui/review-command.ts): a code review on review_model; nothing while a turn runs. */
  async review(request: ReviewRequest): Promise<void> {
    const parts = this.parts;
    if (parts && !this.turn) await this.runTurn(() => parts.review(request));
  }

  /** Images for the next message (`-i`). */
  attachImages(files: readonly string[]): void {
    this.#images.attachFiles(files, process.cwd());
  }

  /** A paste that names an image file attaches it: its `[Image #N]` label goes into the composer instead. */
  pasted(text: string): string {
    return this.#images.attachPasted(text, this.setup?.config.cwd ?? process.cwd()) ?? text;
  }

  /** ↑ while messages wait: the last one comes back to the composer, unsent. */
  takeBackQueued(): string | null {
    const last = this.#queued.pop() ?? null;
    this.changed();
    return last;
  }

  /** Stops the turn; messages waiting for it go back to the composer instead of being sent. */
  interrupt(): void {
    this.#waiting.dismissAll();
    if (this.#queued.length)
      this.#draft = [this.#draft, ...this.#queued.splice(0)].filter((t) => t !== null).join("\n");
    this.session?.interrupt();
    this.changed();
  }

  /** The composer took `draft`. */
  draftTaken(): void {
    this.#draft = null;
  }

  answerApproval(decision: ApprovalDecision): void {
    const pending = this.#waiting.approvals.shift();
    this.telemetry?.event("tui.approval", { kind: pending?.question.kind, decision });
    pending?.resolve(decision);
    const { question } = pending ?? {};
    if (question?.kind === "patch" && (decision === "denied" || decision === "abort")) {
      this.notice(
        "warning",
        `Patch not applied (${decision === "abort" ? "turn stopped" : "denied"}): ${(question.changes ?? []).map((c) => c.path).join(", ")}`,
      );
    }
    // Esc: "no, and tell the agent what to do differently" stops the turn; nothing more is sent.
    if (decision === "abort") this.interrupt();
    this.changed();
  }

  /** Ctrl+T: the transcript view (the whole session with all command output). */
  showTranscript(): void {
    this.telemetry?.event("tui.transcript", {});
    this.#overlay = { kind: "transcript" };
    this.changed();
  }

  closeOverlay(): void {
    this.#overlay = null;
    this.changed();
  }

  /** /model's choices: the proxy's models with the window and efforts a session on each would use. */
  async modelChoices(): Promise<ModelChoice[]> {
    const { gateway, config } = this.configured;
    const { modelChoices } = await import("../agent/model-choices.js");
    return modelChoices(gateway, config, PICKER_WAIT_MS);
  }

  async switchModel(model: string, effort: ReasoningEffort | undefined, persist: boolean): Promise<void> {
    this.telemetry?.event("tui.model.select", { model, effort: effort ?? null, persist });
    await this.live.updateSettings({ model, reasoningEffort: effort });
    if (persist)
      await (await import("../config/edit.js")).saveModelChoice(this.configured.config.configFile, model, effort);
    this.notice(
      "info",
      `Model: ${model}${effort ? ` (${effort})` : ""}${persist ? " — saved to config.toml" : " — for this session"}`,
    );
  }

  async setApprovals(approvalPolicy: ApprovalPolicy, sandboxMode: SandboxMode): Promise<void> {
    this.telemetry?.event("tui.approvals.select", { approvalPolicy, sandboxMode });
    await this.live.updateSettings({ approvalPolicy, sandboxMode });
    this.notice("info", `Approvals: ${approvalPolicy}, sandbox: ${sandboxMode}`);
  }

  quit(): void {
    this.telemetry?.event("tui.quit", {});
    this.options.onExit(this.state.session?.sessionId ?? null);
  }

  async close(): Promise<void> {
    this.interrupt();
    await this.turn?.catch(() => {});
    await this.parts?.close({ keepMcp: true });
    await this.mcp?.close().catch(() => {});
  }

  private async slash(name: string, full: string): Promise<void> {
    this.telemetry?.event("tui.slash", { command: name });
    if (!isSlashCommand(name))
      return this.notice("warning", `Unknown command ${full.split(/\s/)[0]}; type / to see the commands.`);
    if (this.state.running && !availableDuringTurn(name))
      return this.notice("warning", `/${name} is not available while a turn is running.`);
    return runSlashCommand(this.slashHost(), name, full.trim().slice(name.length + 1));
  }

  /** What the slash commands see of this host. */
  private slashHost(): SlashHost {
    return {
      state: () => this.state,
      config: () => this.configured.config,
      session: () => this.live,
      agentsFiles: () => this.agentsFiles,
      skills: () => this.parts?.skills ?? [],
      agents: () => this.parts?.subagents?.list() ?? [],
      mcp: () => this.mcp,
      goals: () => this.parts?.goals ?? null,
      backgroundTerminals: () => this.parts?.backgroundTerminals ?? null,
      addCell: (cell) => this.apply((s) => addCell(s, cell)),
      notice: (level, text) => this.notice(level, text),
      showOverlay: (overlay) => {
        this.#overlay = overlay;
        this.changed();
      },
      restart: async () => {
        await this.parts?.close({ keepMcp: true });
        this.#state = initialState;
        await this.start();
      },
      submit: (text) => this.submit(text),
      review: (request) => this.review(request),
      quit: () => this.quit(),
    };
  }

  /** Switches to a recorded session: its history is replayed and new turns append to its file. */
  async resumeFrom(path: string): Promise<void> {
    const { loadRolloutForResume } = await import("../rollout/resume-history.js");
    const resume = await loadRolloutForResume(path);
    await this.parts?.close({ keepMcp: true });
    this.#state = initialState;
    this.#overlay = null;
    await this.start(resume);
    this.notice("info", `Resumed session ${resume.meta?.id ?? path}.`);
  }

  /** The user answered the first waiting questions; the transcript keeps what was answered. */
  answerUserInput(response: UserInputResponse): void {
    const pending = this.#waiting.userInputs.shift();
    if (!pending) return;
    pending.resolve(response);
    const lines = pending.questions.map(
      (q) => `${q.header}: ${(response.answers[q.id]?.answers ?? []).join("; ") || "(no answer)"}`,
    );
    this.notice("info", `Answered: ${lines.join(" · ")}`);
    this.changed();
  }

  private askUser(questions: UserInputQuestion[]): Promise<UserInputResponse | null> {
    const answer = this.#waiting.userInput(questions);
    this.notify("approval-requested", "Codex has a question for you");
    this.changed();
    return answer;
  }

  private ask(question: ApprovalQuestion): Promise<ApprovalDecision> {
    const decision = this.#waiting.approval(question);
    this.telemetry?.event("tui.approval.request", { kind: question.kind, command: question.command ?? null });
    this.notify("approval-requested", "Codex is waiting for your approval");
    this.changed();
    return decision;
  }

  private notify(kind: NotificationKind, text: string): void {
    const tui = this.setup?.config.tui;
    if (tui) terminalNotifier(tui, process.env, (bytes) => process.stdout.write(bytes))(kind, text);
  }

  notice(level: "info" | "warning" | "error", text: string): void {
    this.apply((s) => addCell(s, { kind: "notice", level, text }));
  }

  private onEvent(event: AgentEvent): void {
    this.telemetry?.handle(event);
    // Upstream's `hide_agent_reasoning`: reasoning summaries are not shown.
    const reasoning = event.type === "reasoning" || event.type === "reasoning_delta";
    if (reasoning && this.setup?.config.hideAgentReasoning) return;
    if (event.type === "turn_completed") this.notify("agent-turn-complete", "Codex finished its turn");
    if (event.type === "turn_started") this.#turnCalledTools = false;
    if (calledTool(event)) this.#turnCalledTools = true;
    this.apply((s) => this.#reduce(s, event));
  }

  private apply(change: (state: UiState) => UiState): void {
    this.#state = change(this.state);
    this.changed();
  }

  private changed(): void {
    this.#redraws.soon();
  }
}

/** How long /model waits for the proxy's fresh answers before it shows what it already knows. */
const PICKER_WAIT_MS = 3_000;
