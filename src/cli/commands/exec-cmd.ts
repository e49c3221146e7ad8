import { Option, type Command } from "commander";
import { loadConfig } from "../../config/load.js";
import { HumanRenderer } from "../../exec/human-renderer.js";
import { JsonlRenderer } from "../../exec/jsonl-renderer.js";
import { resolvePrompt, runExec } from "../../exec/run-exec.js";
import { addSessionOptions, configOptionsOf } from "../options.js";
import { notBuilt } from "./not-built.js";

interface ExecOptions {
  json?: boolean;
  outputLastMessage?: string;
  outputSchema?: string;
  color: "always" | "never" | "auto";
  image?: string[];
  skipGitRepoCheck?: boolean;
  ephemeral?: boolean;
}

export function registerExecCommand(program: Command): void {
  const exec = addSessionOptions(program.command("exec").alias("e").description("run the agent non-interactively (prompt from the argument, or stdin when '-' or piped)"))
    .argument("[prompt]", "the task; '-' or omitted reads it from stdin")
    .option("--json", "print events as JSON lines (the Codex exec --json format)")
    .option("-o, --output-last-message <file>", "write the agent's last message to <file>")
    .option("--output-schema <file>", "JSON Schema the final answer must follow")
    .addOption(new Option("--color <when>", "colour in human output").choices(["always", "never", "auto"]).default("auto"))
    .option("-i, --image <file...>", "attach image(s) to the prompt")
    .option("--skip-git-repo-check", "allow running outside a git repository")
    .option("--ephemeral", "do not record the session (no rollout file)")
    .action(async (promptArg: string | undefined, opts: ExecOptions, cmd: Command) => {
      const loadOptions = configOptionsOf(cmd);
      // Nobody can answer an approval question in exec: `never` unless a flag says otherwise.
      loadOptions.flags = { approvalPolicy: "never", ...stripUndefined(loadOptions.flags ?? {}) };
      const config = await loadConfig(loadOptions);
      const prompt = await resolvePrompt(promptArg);
      const renderer = opts.json
        ? new JsonlRenderer(process.stdout, { cwd: config.cwd })
        : new HumanRenderer({ stdout: process.stdout, stderr: process.stderr, color: opts.color, prompt, resumeHint: !opts.ephemeral });
      process.exitCode = await runExec({
        prompt, config, renderer, skipGitRepoCheck: opts.skipGitRepoCheck === true, outputLastMessage: opts.outputLastMessage,
        outputSchemaFile: opts.outputSchema, images: opts.image, ephemeral: opts.ephemeral === true,
      });
    });
  addSessionOptions(exec.command("resume").description("continue a recorded session non-interactively"))
    .argument("[session_id]", "session id (UUID) to resume")
    .argument("[prompt]", "next message")
    .option("--last", "resume the most recent session")
    .option("--all", "do not limit --last to sessions started in this directory")
    .action(() => notBuilt("exec resume"));
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
