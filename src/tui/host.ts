// The interactive session's controller: owns the agent session, its rollout and telemetry,
// and the UI state. Components read `state` and call the methods here; nothing in src/tui
// talks to the gateway except through this host's session and model picker helpers.
import { createSession, type SessionParts } from "../agent/create-session.js";
import type { AgentEvent, ApprovalDecision } from "../agent/protocol.js";
import { AgentSession } from "../agent/session.js";
import { editConfigFile } from "../config/edit.js";
import { updateEnvFile } from "../config/env-file.js";
import type { ResolvedConfig } from "../config/load.js";
import type { ApprovalPolicy, ReasoningEffort, SandboxMode } from "../config/schema.js";
import { Gateway, gatewayOptionsOf } from "../gateway/client.js";
import { catalogEntry, type CatalogEntry } from "../gateway/model-catalog.js";
import type { ModelEntry, ModelInfo } from "../gateway/types.js";
import type { McpConnectionManager } from "../mcp/index.js";
import type { LoadedRollout } from "../rollout/resume-history.js";
import { skippedLinesSummary } from "../rollout/rollout-reader.js";
import { Telemetry } from "../telemetry/telemetry.js";
import type { ApprovalQuestion } from "../tools/tool.js";
import { sessionSecrets } from "../util/redact.js";
import { listMentionableFiles } from "./file-mentions.js";
import { workingTreeDiff } from "./git-diff.js";
import { screenTextHiding, type ScreenText } from "./screen-text.js";
import { addCell, initialState, reduce, type UiState } from "./state.js";
import { statusCard } from "./status-card.js";
import { withDeadline } from "../util/deadline.js";

export interface PendingApproval {
  question: ApprovalQuestion;
  resolve(decision: ApprovalDecision): void;
}

export const SLASH_COMMANDS = [
  ["model", "choose the model and reasoning effort"],
  ["approvals", "choose what the agent may do without asking"],
  ["new", "start a new session"],
  ["compact", "summarise the conversation to free context"],
  ["diff", "show git diff, including untracked files"],
  ["init", "create an AGENTS.md with instructions for the agent"],
  ["mention", "mention a file (inserts @)"],
  ["mcp", "list MCP servers and their tools"],
  ["resume", "resume a saved session"],
  ["status", "session, model, context window and LiteLLM usage"],
  ["logout", "remove the saved API key and quit"],
  ["quit", "exit codex-litellm"],
  ["exit", "exit codex-litellm"],
] as const;

export type SlashCommand = (typeof SLASH_COMMANDS)[number][0];

export const INIT_PROMPT =
  "Create an AGENTS.md file at the root of this repository with concise instructions for coding agents: how the project is laid out, how to build, test and lint it, coding conventions visible in the code, and anything a newcomer must not break. Look around first; keep it short and factual.";

export type Overlay =
  | { kind: "model" }
  | { kind: "approvals" }
  | { kind: "resume" }
  | { kind: "pager"; title: string; lines: string[] }
  | null;

export interface HostOptions {
  config: ResolvedConfig;
  model: string;
  resume?: LoadedRollout;
  telemetry: Telemetry | null;
  /** Called when the user quits, with the session id to print. */
  onExit(sessionId: string | null): void;
}

export class TuiHost {
  state: UiState = initialState;
  approvals: PendingApproval[] = [];
  overlay: Overlay = null;
  readonly gateway: Gateway;
  private session!: AgentSession;
  private parts: SessionParts | null = null;
  private readonly listeners = new Set<() => void>();
  private scheduled: NodeJS.Timeout | null = null;
  private readonly secrets: string[];
  /** How the UI shows text it did not write: terminal-safe, with the session's secrets redacted. */
  readonly screenText: ScreenText;
  /** Files `@` can mention; loaded in the background at start. */
  files: string[] = [];
  private mcp: McpConnectionManager | null = null;
  /** The turn being run, so closing can wait for an interrupted turn to record its abort. */
  private turn: Promise<unknown> | null = null;
  /** Messages typed while a turn runs, sent in order when it ends (upstream's queue). */
  queued: string[] = [];
  /** Text handed back to the composer (the queue, after an interrupt); the composer takes it. */
  draft: string | null = null;

  constructor(private readonly options: HostOptions) {
    this.gateway = new Gateway(options.config.provider, gatewayOptionsOf(options.config));
    this.secrets = sessionSecrets(options.config.provider);
    this.screenText = screenTextHiding(this.secrets);
  }

  get config(): ResolvedConfig {
    return this.options.config;
  }

  get agentsFiles(): string[] {
    return this.parts?.projectDocs.files ?? [];
  }

  get sessionSettings() {
    return { model: this.session.model, ...this.session.settings };
  }

  async start(resume?: LoadedRollout): Promise<void> {
    const { config } = this.options;
    void listMentionableFiles(config.cwd).then((files) => {
      this.files = files;
    });
    this.parts = await createSession({
      config,
      model: this.options.model,
      source: "cli",
      resume,
      gateway: this.gateway,
      // MCP servers outlive /new and /resume: started with the first session, closed on quit.
      ...(this.mcp ? { mcp: this.mcp } : {}),
      onEvent: (event) => this.onEvent(event),
      requestApproval: (question) => this.ask(question),
      warn: (message) => this.notice("warning", message),
    });
    this.session = this.parts.session;
    if (resume) {
      for (const entry of resume.transcript) {
        if (entry.kind === "user") this.apply((s) => addCell(s, { kind: "user", text: entry.text }));
        else if (entry.kind === "assistant")
          this.apply((s) => addCell(s, { kind: "assistant", text: entry.text, done: true }));
      }
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
    this.options.telemetry?.event("tui.session_start", { resumed: !!resume });
    await this.parts.start();
    this.mcp ??= this.parts.mcp;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A line from the composer: a slash command or a message for the model. */
  async submit(text: string): Promise<void> {
    const trimmed = text.trim();
    if (!trimmed) return;
    if (trimmed.startsWith("/")) return this.slash(trimmed.slice(1).split(/\s+/)[0] ?? "", trimmed);
    if (this.state.running || this.turn) {
      this.queued.push(trimmed);
      this.changed();
      return;
    }
    this.apply((s) => addCell(s, { kind: "user", text: trimmed }));
    const turn = (this.turn = this.session.runTurn(trimmed));
    await turn.finally(() => {
      if (this.turn === turn) this.turn = null;
    });
    await this.options.telemetry?.afterTurn();
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
    this.options.telemetry?.event("tui.approval", { kind: pending?.question.kind, decision });
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
    const known = this.gateway.modelCatalog();
    const [models, catalog] = await Promise.all([
      this.gateway.listModels(),
      withDeadline(this.gateway.modelCatalog({ refresh: true }), PICKER_WAIT_MS, known),
    ]);
    return Promise.all(
      models.map(async (entry) => {
        const described = catalogEntry(catalog, entry.id);
        return {
          entry,
          catalog: described,
          info: described?.context_window
            ? null
            : await withDeadline(this.gateway.modelInfo(entry.id), PICKER_WAIT_MS, null),
        };
      }),
    );
  }

  async switchModel(model: string, effort: ReasoningEffort | undefined, persist: boolean): Promise<void> {
    this.options.telemetry?.event("tui.model.select", { model, effort: effort ?? null, persist });
    await this.session.updateSettings({ model, reasoningEffort: effort });
    if (persist) {
      await editConfigFile(this.options.config.configFile, (doc) => {
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
    this.options.telemetry?.event("tui.approvals.select", { approvalPolicy, sandboxMode });
    await this.session.updateSettings({ approvalPolicy, sandboxMode });
    this.notice("info", `Approvals: ${approvalPolicy}, sandbox: ${sandboxMode}`);
  }

  quit(): void {
    this.options.telemetry?.event("tui.quit", {});
    this.options.onExit(this.state.session?.sessionId ?? null);
  }

  async close(): Promise<void> {
    this.interrupt();
    await this.turn?.catch(() => {});
    await this.parts?.close({ keepMcp: true });
    await this.mcp?.close().catch(() => {});
  }

  private async slash(name: string, full: string): Promise<void> {
    this.options.telemetry?.event("tui.slash", { command: name });
    const busy =
      ["new", "resume", "compact", "model", "approvals", "init", "logout"].includes(name) && this.state.running;
    if (busy) return this.notice("warning", `/${name} is not available while a turn is running.`);
    switch (name as SlashCommand) {
      case "status":
        // The card's border and padding take 4 of the terminal's columns.
        this.apply((s) => addCell(s, statusCard(this, s, (process.stdout.columns || 80) - 4)));
        return;
      case "model":
      case "approvals":
      case "resume":
        this.overlay = { kind: name as "model" | "approvals" | "resume" };
        this.changed();
        return;
      case "new":
        await this.parts?.close({ keepMcp: true });
        this.state = initialState;
        await this.start();
        this.notice("info", "Started a new session.");
        return;
      case "compact":
        await this.session.compact();
        return;
      case "diff":
        return this.showDiff();
      case "init":
        return this.submit(INIT_PROMPT);
      case "logout": {
        const key = this.options.config.provider.env_key;
        if (key) await updateEnvFile(this.options.config.codexHome, key, undefined);
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
      default:
        this.notice("warning", `Unknown command ${full.split(/\s/)[0]}; type / to see the commands.`);
    }
  }

  private mcpLines(): string[] {
    const configured = Object.keys(this.options.config.mcpServers);
    if (configured.length === 0) return ["No MCP servers configured. Add one with `codex-litellm mcp add`."];
    const listed = this.mcp?.listTools() ?? [];
    return configured.flatMap((name) => {
      const failure = this.mcp?.failures.find((f) => f.server === name);
      const tools = listed.filter((t) => t.server === name);
      if (failure) return [`✗ ${name}: ${failure.error}`];
      if (this.options.config.mcpServers[name]?.enabled === false) return [`– ${name}: disabled`];
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
      const lines = await workingTreeDiff(this.options.config.cwd);
      this.overlay = { kind: "pager", title: "git diff", lines: lines.length ? lines : ["(no changes)"] };
      this.changed();
    } catch (err) {
      this.notice("error", `/diff: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`);
    }
  }

  /** Sessions recorded in this directory, newest first (for /resume). */
  async sessionChoices() {
    const { listSessions } = await import("../rollout/session-list.js");
    return (
      await listSessions({ codexHome: this.options.config.codexHome, cwd: this.options.config.cwd, pageSize: 50 })
    ).sessions;
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
      this.options.telemetry?.event("tui.approval.request", { kind: question.kind, command: question.command ?? null });
      this.changed();
    });
  }

  notice(level: "info" | "warning" | "error", text: string): void {
    this.apply((s) => addCell(s, { kind: "notice", level, text }));
  }

  private onEvent(event: AgentEvent): void {
    this.options.telemetry?.handle(event);
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
      this.options.telemetry?.event("tui.display_update", {
        committed: this.state.committed.length,
        live: this.state.live.length,
      });
      for (const listener of this.listeners) listener();
    }, 16);
  }
}

/** How long /model waits for the proxy's fresh answers before it shows what it already knows. */
const PICKER_WAIT_MS = 3_000;
