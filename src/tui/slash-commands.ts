// The composer's slash commands: the list `/` opens, shared by the composer (first frame) and
// the host (which runs them), so the composer loads none of the host's session code.
export const SLASH_COMMANDS = [
  ["model", "choose the model and reasoning effort"],
  ["approvals", "choose what the agent may do without asking"],
  ["new", "start a new session"],
  ["compact", "summarise the conversation to free context"],
  ["review", "review my current changes and find issues"],
  ["diff", "show git diff, including untracked files"],
  ["init", "create an AGENTS.md with instructions for the agent"],
  ["mention", "mention a file (inserts @)"],
  ["mcp", "list MCP servers and their tools"],
  ["skills", "list the skills the agent can use"],
  ["agents", "list the subagents this session spawned"],
  ["resume", "resume a saved session"],
  ["status", "session, model, context window and LiteLLM usage"],
  ["goal", "set or view the goal for a long-running task"],
  ["ps", "list background terminals"],
  ["stop", "stop all background terminals"],
  ["logout", "remove the saved API key and quit"],
  ["quit", "exit codex-litellm"],
  ["exit", "exit codex-litellm"],
] as const;

export type SlashCommand = (typeof SLASH_COMMANDS)[number][0];

export function isSlashCommand(name: string): name is SlashCommand {
  return SLASH_COMMANDS.some(([known]) => known === name);
}

/**
 * What waits for the running turn to end (upstream's `available_during_task` is false): what
 * changes the session, its settings or its history. The others may run during a turn.
 */
const WAIT_FOR_TURN: ReadonlySet<SlashCommand> = new Set([
  "model",
  "approvals",
  "new",
  "compact",
  "review",
  "init",
  "resume",
  "logout",
]);

/** Whether `/name` may run while a turn is running. */
export function availableDuringTurn(name: SlashCommand): boolean {
  return !WAIT_FOR_TURN.has(name);
}
