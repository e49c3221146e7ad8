// What each slash command does, given the host's session: the host decides when one may run
// (queued before the session starts, refused during a turn when `availableDuringTurn` says so).
import type { AgentSession } from "../agent/session.js";
import type { ResolvedConfig } from "../config/load.js";
import type { McpConnectionManager } from "../mcp/index.js";
import { errorMessage } from "../util/errors.js";
import { workingTreeDiff } from "./git-diff.js";
import type { SlashCommand } from "./slash-commands.js";
import type { NewCell, UiState } from "./state.js";
import type { Skill } from "../agent/skills.js";
import type { AgentSummary } from "../agent/subagents/control.js";
import { collabState } from "../tools/multi-agent/tools.js";
import type { GoalStore } from "../tools/goals/goal-store.js";
import type { BackgroundTerminal } from "../tools/unified-exec/exec-run.js";
import type { UnifiedExecTools } from "../tools/unified-exec/tools.js";
import type { ReviewRequest } from "../protocol/review.js";

export const INIT_PROMPT =
  "Create an AGENTS.md file at the root of this repository with concise instructions for coding agents: how the project is laid out, how to build, test and lint it, coding conventions visible in the code, and anything a newcomer must not break. Look around first; keep it short and factual.";

export type Overlay =
  | { kind: "model" }
  | { kind: "approvals" }
  | { kind: "review" }
  | { kind: "resume" }
  | { kind: "pager"; title: string; lines: string[] }
  | { kind: "transcript" }
  | null;

/** What the commands may use and change of the host. */
export interface SlashHost {
  state(): UiState;
  config(): ResolvedConfig;
  /** The running session (the host runs no command that needs one before it has started). */
  session(): AgentSession;
  agentsFiles(): string[];
  /** The skills listed to the model (none before the session has started). */
  skills(): readonly Skill[];
  /** The subagents the session spawned. */
  agents(): AgentSummary[];
  mcp(): McpConnectionManager | null;
  /** The session's goal (null: goals are off, or no session yet). */
  goals(): GoalStore | null;
  /** The session's exec_command processes (null: no session yet). */
  backgroundTerminals(): Pick<UnifiedExecTools, "list" | "stopAll"> | null;
  addCell(cell: NewCell): void;
  notice(level: "info" | "warning" | "error", text: string): void;
  showOverlay(overlay: Overlay): void;
  /** /new: closes the session and starts a fresh one. */
  restart(): Promise<void>;
  submit(text: string): Promise<void>;
  /** /review: a code review as the next turn. */
  review(request: ReviewRequest): Promise<void>;
  quit(): void;
}

/** Runs `/name`; `args` is what follows the name. */
export async function runSlashCommand(host: SlashHost, name: SlashCommand, args = ""): Promise<void> {
  switch (name) {
    case "status": {
      const { statusCard } = await import("./status-card.js");
      const session = host.session();
      const source = {
        agentsFiles: host.agentsFiles(),
        sessionSettings: { model: session.model, ...session.settings },
      };
      // The card's border and padding take 4 of the terminal's columns.
      host.addCell(statusCard(source, host.state(), (process.stdout.columns || 80) - 4));
      return;
    }
    case "model":
    case "approvals":
    case "resume":
      return host.showOverlay({ kind: name });
    case "new":
      await host.restart();
      return host.notice("info", "Started a new session.");
    case "compact":
      return host.session().compact();
    case "diff":
      return showDiff(host);
    case "init":
      return host.submit(INIT_PROMPT);
    case "review":
      // `/review <instructions>` reviews by those instructions; a bare `/review` opens the presets.
      if (!args.trim()) return host.showOverlay({ kind: "review" });
      return (await import("./review-command.js")).startReview(host, { type: "custom", instructions: args });
    case "logout": {
      const config = host.config();
      const key = config.provider.env_key;
      const { updateEnvFile } = await import("../config/env-file.js");
      if (key) await updateEnvFile(config.codexHome, key, undefined);
      host.notice("info", `Removed ${key ?? "the key"} from CODEX_HOME/.env.`);
      return host.quit();
    }
    case "quit":
    case "exit":
      return host.quit();
    case "mention":
      return; // the composer inserts "@"
    case "mcp":
      return host.addCell({ kind: "card", title: "/mcp", lines: mcpLines(host.config(), host.mcp()) });
    case "skills":
      return host.addCell({ kind: "card", title: "/skills", lines: skillLines(host.skills()) });
    case "agents":
      return host.addCell({ kind: "card", title: "/agents", lines: agentLines(host.agents()) });
    case "goal":
      return (await import("./goal-command.js")).runGoalCommand(host, args);
    case "ps":
      return host.addCell({
        kind: "card",
        title: "Background terminals",
        lines: backgroundTerminalLines(host.backgroundTerminals()?.list() ?? []),
      });
    case "stop": {
      const stopped = (await host.backgroundTerminals()?.stopAll()) ?? 0;
      return host.notice("info", stopped === 0 ? "No background terminals running." : `Stopped ${plural(stopped)}.`);
    }
  }
}

const plural = (n: number) => `${n} background terminal${n === 1 ? "" : "s"}`;

/** As upstream's /ps: each command's first line (at most 16), its last lines of output below it. */
function backgroundTerminalLines(terminals: BackgroundTerminal[]): string[] {
  if (terminals.length === 0) return ["• No background terminals running."];
  const shown = terminals.slice(0, 16).flatMap(({ sessionId, command, recentOutput }) => {
    const [first = ""] = command.split("\n");
    const preview = first.length > 80 || command.includes("\n") ? `${first.slice(0, 80)} [...]` : first;
    return [`• ${preview} (session ${sessionId})`, ...recentOutput.map((line) => `  ↳ ${line.slice(0, 80)}`)];
  });
  const more = terminals.length - 16;
  return more > 0 ? [...shown, `• ... and ${more} more running`] : shown;
}

/** Each agent with its status and how to open its session. */
function agentLines(agents: AgentSummary[]): string[] {
  if (agents.length === 0) return ["No subagents yet. The model spawns them when you ask it to delegate."];
  return agents.flatMap(({ id, nickname, role, status, rolloutPath }) => {
    const { status: name, message } = collabState(status);
    return [
      `${nickname ?? id}${role ? ` [${role}]` : ""} — ${name}${message ? `: ${message.split("\n")[0]}` : ""}`,
      `    open: codex-litellm resume ${id}${rolloutPath ? "" : " (not recorded)"}`,
    ];
  });
}

function skillLines(skills: readonly Skill[]): string[] {
  if (skills.length === 0)
    return ["No skills. Add one as skills/<name>/SKILL.md under CODEX_HOME, ~/.agents or the repository's .agents."];
  return skills.flatMap((skill) => [
    `${skill.name}${skill.description ? ` — ${skill.description}` : ""}`,
    `    ${skill.path}`,
  ]);
}

function mcpLines(config: ResolvedConfig, mcp: McpConnectionManager | null): string[] {
  const { mcpServers } = config;
  const configured = Object.keys(mcpServers);
  if (configured.length === 0) return ["No MCP servers configured. Add one with `codex-litellm mcp add`."];
  const listed = mcp?.listTools() ?? [];
  return configured.flatMap((name) => {
    const failure = mcp?.failures.find((f) => f.server === name);
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
async function showDiff(host: SlashHost): Promise<void> {
  try {
    const lines = await workingTreeDiff(host.config().cwd);
    host.showOverlay({ kind: "pager", title: "git diff", lines: lines.length ? lines : ["(no changes)"] });
  } catch (err) {
    host.notice("error", `/diff: ${errorMessage(err).split("\n")[0]}`);
  }
}
