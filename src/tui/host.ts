// The interactive session's controller: owns the agent session, its rollout and telemetry,
// and the UI state. Components read `state` and call the methods here; nothing in src/tui
// talks to the gateway except through this host's session and model picker helpers.
// It exists from the first frame, before config is read (`open` starts the session): the
// session's code is imported when it is needed, so drawing the prompt loads none of it.
import { terminalNotifier, type NotificationKind } from "./terminal-notify.js";
import type { SessionParts } from "../agent/create-session.js";
import type { AgentEvent, ApprovalDecision } from "../protocol/events.js";
import type { AgentSession } from "../agent/session.js";
import type { ResolvedConfig } from "../config/load.js";
import type { ApprovalPolicy, ReasoningEffort, SandboxMode } from "../config/schema.js";
import type { Gateway } from "../gateway/client.js";
import type { CatalogEntry } from "../gateway/model-catalog.js";
import type { ModelEntry, ModelInfo } from "../gateway/types.js";
import type { McpConnectionManager } from "../mcp/index.js";
import type { LoadedRollout } from "../rollout/resume-history.js";
import type { Telemetry } from "../telemetry/telemetry.js";
import type { ApprovalQuestion } from "../tools/tool.js";
import { withDeadline } from "../util/deadline.js";
import { errorMessage } from "../util/errors.js";
import type { SecretRedactor } from "../util/redact.js";
import { listMentionableFiles } from "./file-mentions.js";
import { workingTreeDiff } from "./git-diff.js";
import { loadMarkdown } from "./lazy-markdown.js";
import { screenTextHiding, type ScreenText } from "./screen-text.js";
import { isSlashCommand } from "./slash-commands.js";
import { addCell, initialState, reduce, type UiState } from "./state.js";

export interface PendingApproval {
  question: ApprovalQuestion;
  resolve(decision: ApprovalDecision): void;
}

export const INIT_PROMPT =
  "Create an AGENTS.md file at the root of this repository with concise instructions for coding agents: how the project is laid out, how to build, test and lint it, coding conventions visible in the code, and anything a newcomer must not break. Look around first; keep it short and factual.";

export type Overlay =
  | { kind: "model" }
  | { kind: "approvals" }
  | { kind: "resume" }
  | { kind: "pager"; title: string; lines: string[] }
  | null;

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

export class TuiHost {
  state: UiState = initialState;
  approvals: PendingApproval[] = [];
  overlay: Overlay = null;
  private setup: (HostSetup & { gateway: Gateway }) | null = null;
  /** Set once the session has started; until then what is typed waits in `queued`. */
  private session: AgentSession | null = null;
  private parts: SessionParts | null = null;
  private readonly listeners = new Set<() => void>();
  private scheduled: NodeJS.Timeout | null = null;
  /** How the UI shows text it did not write: terminal-safe, with the session's secrets redacted. */
  readonly screenText: ScreenText;
  /** Files `@` can mention; loaded in the background at start. */
  files: string[] = [];
  private mcp: McpConnectionManager | null = null;
  /** The turn being run, so closing can wait for an interrupted turn to record its abort. */
  private turn: Promise<unknown> | null = null;
  /** Messages typed while a turn runs or before the session has started, sent in order (upstream's queue). */
  queued: string[] = [];
  /** Text handed back to the composer (the queue, after an interrupt); the composer takes it. */
  draft: string | null = null;

  constructor(private readonly options: HostOptions) {
    this.screenText = screenTextHiding(options.redactor);
  }

  /** Null until config is read. */
  get config(): ResolvedConfig | null {
    return this.setup?.config ?? null;
  }

  /** False until the session has started (typed messages are queued meanwhile). */
  get ready(): boolean {
    return this.session !== null;
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

  private get configured(): HostSetup & { gateway: Gateway } {
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
    const [{ Gateway, gatewayOptionsOf }] = await Promise.all([import("../gateway/client.js"), loadMarkdown()]);
    const gateway = new Gateway(setup.config.provider, gatewayOptionsOf(setup.config, this.options.redactor));
    // No model configured: the one upstream picks from the model catalog.
    let { model } = setup;
    if (!model) {
      const { sessionModel, noModelError } = await import("../agent/session-model.js");
      model = (await sessionModel(setup.config, gateway)) ?? "";
      if (!model) throw noModelError();
    }
    this.setup = { ...setup, model, gateway };
    this.changed();
    await this.start(resume);
    void this.sendQueued();
  }

  private async start(resume?: LoadedRollout): Promise<void> {
    const { config, model, gateway } = this.configured;
    void listMentionableFiles(config.cwd).then((files) => {
      this.files = files;
    });
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
      warn: (message) => this.notice("warning", message),
    });
    if (resume) {
      for (const entry of resume.transcript) {
        if (entry.kind === "user") this.apply((s) => addCell(s, { kind: "user", text: entry.text }));
        else if (entry.kind === "assistant")
          this.apply((s) => addCell(s, { kind: "assistant", text: entry.text, done: true }));
      }
      const { skippedLinesSummary } = await import("../rollout/rollout-reader.js");
      const skipped = skippedLinesSummary(resume.path, resume.stats);
      if (skipped) this.notice("warning", skipped);
      // The footer and /status show the restored counts until the next response updates them.
      const usage = resume.tokenUsage;
      this.apply((s) => ({
        ...s,
        last: usage?.last_token_usage ?? null,
        total: usage?.total_token_usage ?? null,
        tokensInContext: resume.tokensInContext,
      }));
    }
    this.telemetry?.event("tui.session_start", { resumed: !!resume });
    await this.parts.start();
    this.session = this.parts.session;
    this.mcp ??= this.parts.mcp;
    this.changed();
  }

  /** Sends what was typed before the session started; a message waits for the turn before it. */
  private async sendQueued(): Promise<void> {
    for (let next = this.queued.shift(); next !== undefined; next = this.queued.shift()) await this.submit(next);
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
    if (!this.session || (command === null && (this.state.running || this.turn))) {
      this.queued.push(trimmed);
      this.changed();
      return;
    }
    if (command !== null) return this.slash(command, trimmed);
    this.apply((s) => addCell(s, { kind: "user", text: trimmed }));
    const turn = (this.turn = this.session.runTurn(trimmed));
    await turn.finally(() => {
      if (this.turn === turn) this.turn = null;
    });
    await this.telemetry?.afterTurn();
    const next = this.queued.shift();
    if (next !== undefined) return this.submit(next);
  }

  /** ↑ while messages wait: the last one comes back to the composer, unsent. */
  takeBackQueued(): string | null {
    const last = this.queued.pop() ?? null;
    this.changed();
    return last;
  }

  /** Stops the turn; messages waiting for it go back to the composer instead of being sent. */
  interrupt(): void {
    for (const pending of this.approvals.splice(0)) pending.resolve("abort");
    if (this.queued.length) this.draft = [this.draft, ...this.queued.splice(0)].filter((t) => t !== null).join("\n");
    this.session?.interrupt();
    this.changed();
  }

  /** The composer took `draft`. */
  draftTaken(): void {
    this.draft = null;
  }

  answerApproval(decision: ApprovalDecision): void {
    const pending = this.approvals.shift();
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

  closeOverlay(): void {
    this.overlay = null;
    this.changed();
  }

  /**
   * Models the proxy serves, with what the model catalog (asked again now) or /model/info knows
   * of them. A busy proxy gets a few seconds: then the picker shows what is already known, and
   * the answers still on their way serve the next /model.
   */
  async modelChoices(): Promise<{ entry: ModelEntry; info: ModelInfo | null; catalog: CatalogEntry | null }[]> {
    const { gateway } = this.configured;
    const { catalogEntry } = await import("../gateway/model-catalog.js");
    const known = gateway.modelCatalog();
    const [models, catalog] = await Promise.all([
      gateway.listModels(),
      withDeadline(gateway.modelCatalog({ refresh: true }), PICKER_WAIT_MS, known),
    ]);
    return Promise.all(
      models.map(async (entry) => {
        const described = catalogEntry(catalog, entry.id);
        return {
          entry,
          catalog: described,
          info: described?.context_window
            ? null
            : await withDeadline(gateway.modelInfo(entry.id), PICKER_WAIT_MS, null),
        };
      }),
    );
  }

  async switchModel(model: string, effort: ReasoningEffort | undefined, persist: boolean): Promise<void> {
    this.telemetry?.event("tui.model.select", { model, effort: effort ?? null, persist });
    await this.live.updateSettings({ model, reasoningEffort: effort });
    if (persist) {
      const { editConfigFile } = await import("../config/edit.js");
      await editConfigFile(this.configured.config.configFile, (doc) => {
        doc.model = model;
        if (effort) doc.model_reasoning_effort = effort;
        else delete doc.model_reasoning_effort;
      });
    }
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
    const busy =
      ["new", "resume", "compact", "model", "approvals", "init", "logout"].includes(name) && this.state.running;
    if (busy) return this.notice("warning", `/${name} is not available while a turn is running.`);
    if (!isSlashCommand(name))
      return this.notice("warning", `Unknown command ${full.split(/\s/)[0]}; type / to see the commands.`);
    switch (name) {
      case "status": {
        const { statusCard } = await import("./status-card.js");
        const source = {
          agentsFiles: this.agentsFiles,
          sessionSettings: { model: this.live.model, ...this.live.settings },
        };
        // The card's border and padding take 4 of the terminal's columns.
        this.apply((s) => addCell(s, statusCard(source, s, (process.stdout.columns || 80) - 4)));
        return;
      }
      case "model":
      case "approvals":
      case "resume":
        this.overlay = { kind: name };
        this.changed();
        return;
      case "new":
        await this.parts?.close({ keepMcp: true });
        this.state = initialState;
        await this.start();
        this.notice("info", "Started a new session.");
        return;
      case "compact":
        await this.live.compact();
        return;
      case "diff":
        return this.showDiff();
      case "init":
        return this.submit(INIT_PROMPT);
      case "logout": {
        const { config } = this.configured;
        const key = config.provider.env_key;
        const { updateEnvFile } = await import("../config/env-file.js");
        if (key) await updateEnvFile(config.codexHome, key, undefined);
        this.notice("info", `Removed ${key ?? "the key"} from CODEX_HOME/.env.`);
        return this.quit();
      }
      case "quit":
      case "exit":
        return this.quit();
      case "mention":
        return; // the composer inserts "@"
      case "mcp":
        this.apply((s) => addCell(s, { kind: "card", title: "/mcp", lines: this.mcpLines() }));
        return;
      case "skills":
        this.apply((s) => addCell(s, { kind: "card", title: "/skills", lines: this.skillLines() }));
        return;
    }
  }

  private skillLines(): string[] {
    const skills = this.parts?.skills ?? [];
    if (skills.length === 0)
      return ["No skills. Add one as skills/<name>/SKILL.md under CODEX_HOME, ~/.agents or the repository's .agents."];
    return skills.flatMap((skill) => [
      `${skill.name}${skill.description ? ` — ${skill.description}` : ""}`,
      `    ${skill.path}`,
    ]);
  }

  private mcpLines(): string[] {
    const { mcpServers } = this.configured.config;
    const configured = Object.keys(mcpServers);
    if (configured.length === 0) return ["No MCP servers configured. Add one with `codex-litellm mcp add`."];
    const listed = this.mcp?.listTools() ?? [];
    return configured.flatMap((name) => {
      const failure = this.mcp?.failures.find((f) => f.server === name);
      const tools = listed.filter((t) => t.server === name);
      if (failure) return [`✗ ${name}: ${failure.error}`];
      if (mcpServers[name]?.enabled === false) return [`– ${name}: disabled`];
      return [
        `✓ ${name}: ${tools.length} tool${tools.length === 1 ? "" : "s"}`,
        ...tools.map(
          (t) => `    ${t.qualifiedName}${t.tool.description ? ` — ${t.tool.description.split("\n")[0]}` : ""}`,
        ),
      ];
    });
  }

  /** /diff: `git diff` against HEAD plus untracked files' contents, in a pager. */
  private async showDiff(): Promise<void> {
    try {
      const lines = await workingTreeDiff(this.configured.config.cwd);
      this.overlay = { kind: "pager", title: "git diff", lines: lines.length ? lines : ["(no changes)"] };
      this.changed();
    } catch (err) {
      this.notice("error", `/diff: ${errorMessage(err).split("\n")[0]}`);
    }
  }

  /** Sessions recorded in this directory, newest first (for /resume). */
  async sessionChoices() {
    const { listSessions } = await import("../rollout/session-list.js");
    const { codexHome, cwd } = this.configured.config;
    return (await listSessions({ codexHome, cwd, pageSize: 50 })).sessions;
  }

  /** Switches to a recorded session: its history is replayed and new turns append to its file. */
  async resumeFrom(path: string): Promise<void> {
    const { loadRolloutForResume } = await import("../rollout/resume-history.js");
    const resume = await loadRolloutForResume(path);
    await this.parts?.close({ keepMcp: true });
    this.state = initialState;
    this.overlay = null;
    await this.start(resume);
    this.notice("info", `Resumed session ${resume.meta?.id ?? path}.`);
  }

  private ask(question: ApprovalQuestion): Promise<ApprovalDecision> {
    return new Promise((resolve) => {
      this.approvals.push({ question, resolve });
      this.telemetry?.event("tui.approval.request", { kind: question.kind, command: question.command ?? null });
      this.notify("approval-requested", "Codex is waiting for your approval");
      this.changed();
    });
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
    this.apply((s) => reduce(s, event));
  }

  private apply(change: (state: UiState) => UiState): void {
    this.state = change(this.state);
    this.changed();
  }

  /** Coalesces updates: at most one render every 16 ms however fast tokens stream. */
  private changed(): void {
    if (this.scheduled) return;
    this.scheduled = setTimeout(() => {
      this.scheduled = null;
      this.telemetry?.event("tui.display_update", {
        committed: this.state.committed.length,
        live: this.state.live.length,
      });
      for (const listener of this.listeners) listener();
    }, 16);
  }
}

/** How long /model waits for the proxy's fresh answers before it shows what it already knows. */
const PICKER_WAIT_MS = 3_000;
