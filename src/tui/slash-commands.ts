// The composer's slash commands: the list `/` opens, shared by the composer (first frame) and
// the host (which runs them), so the composer loads none of the host's session code.
// Each: name, what it does, and whether it may run while a turn is running (upstream's
// `available_during_task`): what changes the session, its settings or its history waits.
export const SLASH_COMMANDS = [
  ["model", "choose the model and reasoning effort", false],
  ["approvals", "choose what the agent may do without asking", false],
  ["new", "start a new session", false],
  ["compact", "summarise the conversation to free context", false],
  ["diff", "show git diff, including untracked files", true],
  ["init", "create an AGENTS.md with instructions for the agent", false],
  ["mention", "mention a file (inserts @)", true],
  ["mcp", "list MCP servers and their tools", true],
  ["resume", "resume a saved session", false],
  ["status", "session, model, context window and LiteLLM usage", true],
  ["logout", "remove the saved API key and quit", false],
  ["quit", "exit codex-litellm", true],
  ["exit", "exit codex-litellm", true],
] as const;

export type SlashCommand = (typeof SLASH_COMMANDS)[number][0];

export function isSlashCommand(name: string): name is SlashCommand {
  return SLASH_COMMANDS.some(([known]) => known === name);
}

/** Whether `/name` may run while a turn is running. */
export function availableDuringTurn(name: SlashCommand): boolean {
  return SLASH_COMMANDS.some(([known, , duringTurn]) => known === name && duringTurn);
}
