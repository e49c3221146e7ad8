// One help layout for every command: commander's usage, description, arguments, options and
// commands, then examples (for the commands that have them) and where the documentation is
// and how to report a problem, the same lines under every command.
import { realpathSync } from "node:fs";
import path from "node:path";
import type { Command } from "commander";

/** Typical invocations, by command path (without the program's name). */
const EXAMPLES: Record<string, string[]> = {
  "": [
    "codex-litellm                                # the UI in this directory",
    'codex-litellm "explain this repo"            # the UI, with a first message',
    "codex-litellm -m gpt-4o -C ~/src/app         # another model and folder",
  ],
  exec: [
    'codex-litellm exec "add a test for parse()"  # one turn, answer on stdout',
    "git diff | codex-litellm exec - --json       # prompt from stdin, events as JSONL",
    'codex-litellm exec --full-auto "fix lint"    # may edit files and run commands in the sandbox',
    'codex-litellm exec resume --last "go on"     # continue the last session',
  ],
  resume: [
    "codex-litellm resume                         # pick a session recorded in this directory",
    "codex-litellm resume --last                  # the most recent one",
  ],
  login: [
    "codex-litellm login                          # asks for the URL, key and model",
    'echo "$KEY" | codex-litellm login --with-api-key --base-url http://proxy:4000',
    "codex-litellm login --sso --base-url https://litellm.example.com",
  ],
  logout: ["codex-litellm logout"],
  doctor: ["codex-litellm doctor                         # every check; exit 1 when one fails"],
  telemetry: ["codex-litellm telemetry summary --since 7d", "codex-litellm telemetry export --format csv > usage.csv"],
  mcp: ["codex-litellm mcp list", "codex-litellm mcp add fs -- npx -y @modelcontextprotocol/server-filesystem ."],
  config: ["codex-litellm config get model", 'codex-litellm config set model "gpt-4o"', "codex-litellm config check"],
  completion: ["codex-litellm completion bash >> ~/.bashrc"],
  debug: ["codex-litellm debug models"],
};

const WIDTH = 80;

/** An example as one line when it fits 80 columns, else its comment on the line below it. */
function exampleLines(example: string): string[] {
  const line = `  ${example}`;
  const at = example.search(/\s+# /);
  if (line.length <= WIDTH || at < 0) return [line];
  return [`  ${example.slice(0, at)}`, `      ${example.slice(at).trim()}`];
}

const pathOf = (cmd: Command): string => {
  const names: string[] = [];
  for (let c: Command | null = cmd; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(" ");
};

/** The README of the installed package (the program is dist/cli.cjs, however it was linked onto PATH). */
const readme = (): string => {
  try {
    return path.join(path.dirname(path.dirname(realpathSync(process.argv[1] ?? ""))), "README.md");
  } catch {
    return "README.md";
  }
};

/** Adds the examples and the documentation lines to `cmd`'s help and its subcommands'. */
export function addHelpLayout(cmd: Command): void {
  cmd.addHelpText("after", () => {
    const examples = EXAMPLES[pathOf(cmd)];
    const lines = examples ? ["", "Examples:", ...examples.flatMap(exampleLines)] : [];
    lines.push(
      "",
      `Documentation: ${readme()}`,
      "Problems: `codex-litellm doctor` checks the set-up; bugs: see CONTRIBUTING.md.",
    );
    return lines.join("\n");
  });
  for (const sub of cmd.commands) addHelpLayout(sub);
}
