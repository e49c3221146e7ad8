// The composer's slash commands: the list `/` opens, shared by the composer (first frame) and
// the host (which runs them), so the composer loads none of the host's session code.
export const SLASH_COMMANDS = [
  ["model", "choose the model and reasoning effort"],
  ["approvals", "choose what the agent may do without asking"],
  ["new", "start a new session"],
  ["compact", "summarise the conversation to free context"],
  ["diff", "show git diff, including untracked files"],
  ["init", "create an AGENTS.md with instructions for the agent"],
  ["mention", "mention a file (inserts @)"],
  ["mcp", "list MCP servers and their tools"],
  ["skills", "list the skills the agent can use"],
  ["resume", "resume a saved session"],
  ["status", "session, model, context window and LiteLLM usage"],
  ["logout", "remove the saved API key and quit"],
  ["quit", "exit codex-litellm"],
  ["exit", "exit codex-litellm"],
] as const;

export type SlashCommand = (typeof SLASH_COMMANDS)[number][0];

export function isSlashCommand(name: string): name is SlashCommand {
  return SLASH_COMMANDS.some(([known]) => known === name);
}
