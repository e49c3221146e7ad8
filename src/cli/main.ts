import { Command, CommanderError, Help } from "commander";
import { VERSION_LINE } from "../version.js";
import { registerAcpCommand } from "./commands/acp-cmd.js";
import { registerCompletionCommand } from "./commands/completion.js";
import { registerExecCommand } from "./commands/exec-cmd.js";
import { registerReviewCommand } from "./commands/review-cmd.js";
import { registerConfigCommand } from "./commands/config-cmd.js";
import { registerDebugCommand } from "./commands/debug-cmd.js";
import { registerLoginCommand } from "./commands/login.js";
import { registerLogoutCommand } from "./commands/logout.js";
import { registerDoctorCommand } from "./commands/doctor-cmd.js";
import { registerMcpCommand } from "./commands/mcp-cmd.js";
import { registerTelemetryCommand } from "./commands/telemetry-cmd.js";
import { loadTui } from "../tui/load-tui.js";
import { addSessionOptions, configOptionsOf } from "./options.js";
import { reportError as reportUserOrUnexpected } from "./report-error.js";
import { addHelpPointers, checkCommandWord } from "./usage-errors.js";
import { addHelpLayout } from "./help-layout.js";

/** The subcommands by the words that name them; `completion` describes them all, so it has every one. */
const SUBCOMMANDS: [words: string[], register: (program: Command) => void][] = [
  [["exec", "e"], registerExecWithReview],
  [["review"], (program) => registerReviewCommand(program, "run a code review non-interactively (as exec review)")],
  [["resume"], registerResumeCommand],
  [["login"], registerLoginCommand],
  [["logout"], registerLogoutCommand],
  [["telemetry"], registerTelemetryCommand],
  [["doctor"], registerDoctorCommand],
  [["mcp"], registerMcpCommand],
  [["acp"], registerAcpCommand],
  [["config"], registerConfigCommand],
  [["completion"], registerCompletionCommand],
  [["debug"], registerDebugCommand],
];

/**
 * The command line's program. When `argv` starts with a subcommand's word, the program has that
 * subcommand alone, without the UI's own options: commander builds every option of every command
 * it is given (several ms at each start), and the parse of `exec …` looks at no other command.
 */
export function buildProgram(argv: readonly string[] = []): Command {
  const program = new Command("codex-litellm")
    .description("A terminal coding agent for LiteLLM proxies, compatible with OpenAI Codex's config and sessions.")
    .version(VERSION_LINE, "-V, --version", "print the version (ours and the Codex version whose formats we follow)")
    .enablePositionalOptions()
    .showSuggestionAfterError()
    .exitOverride()
    .helpCommand("help [command]", "show help for a command")
    .configureHelp({ formatItem: formatHelpItem });
  const named = argv[0] === "completion" ? undefined : SUBCOMMANDS.find(([words]) => words.includes(argv[0] ?? ""));
  if (named) named[1](program);
  else {
    registerInteractiveUi(program);
    for (const [, register] of SUBCOMMANDS) register(program);
  }
  addHelpPointers(program);
  addHelpLayout(program);
  return program;
}

function registerExecWithReview(program: Command): void {
  registerReviewCommand(registerExecCommand(program), "run a code review non-interactively (on review_model)");
}

/** The program's own options and action: the UI, with an optional first message. */
function registerInteractiveUi(program: Command): void {
  addSessionOptions(program)
    .option("-i, --image <file...>", "attach image(s) to the first message (repeatable; comma-separated lists too)")
    .option("--search", 'enable live web search (web_search = "live")')
    .argument("[prompt]", "first message to send")
    .action(async (prompt: string | undefined, opts: { image?: string[] }, cmd: Command) => {
      const [{ runTui }, { imageFiles }] = await Promise.all([loadTui(), import("../headless/images.js")]);
      process.exitCode = await runTui({ load: configOptionsOf(cmd), prompt, images: imageFiles(opts.image) });
    });
}

function registerResumeCommand(program: Command): void {
  addSessionOptions(program.command("resume").description("continue a recorded session (a picker when no id is given)"))
    .argument("[session_id]", "session id (UUID) to resume")
    .option("--last", "resume the most recent session")
    .option("--all", "show sessions from every directory")
    .action(async (id: string | undefined, opts: { last?: boolean; all?: boolean }, cmd: Command) => {
      const { runTui } = await loadTui();
      process.exitCode = await runTui({ load: configOptionsOf(cmd), resume: { id, last: opts.last, all: opts.all } });
    });
}

/**
 * Commander keeps an option and its description on one line, and stops wrapping altogether
 * when the longest option leaves under 40 columns (an 80-column terminal, with
 * --dangerously-bypass-approvals-and-sandbox): the terminal then breaks words mid-way.
 * There the description goes under its option instead, wrapped to the terminal's width.
 */
function formatHelpItem(this: Help, term: string, termWidth: number, description: string, helper: Help): string {
  const width = helper.helpWidth ?? 80;
  if (!description || width - termWidth - 4 >= helper.minWidthToWrap)
    return Help.prototype.formatItem.call(this, term, termWidth, description, helper);
  const indent = "      ";
  return `  ${term}\n${helper.boxWrap(description, width - indent.length).replace(/^/gm, indent)}`;
}

/** Runs the CLI; returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram(argv);
  try {
    checkCommandWord(program, argv, process.stdin.isTTY === true);
    await program.parseAsync(argv, { from: "user" });
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (err) {
    return reportError(err);
  }
}

function reportError(err: unknown): number {
  // Commander already printed its message; help and --version end with exit code 0.
  if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
  return reportUserOrUnexpected(err);
}
