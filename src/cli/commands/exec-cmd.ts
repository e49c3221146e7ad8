import { Option, type Command } from "commander";
import { loadConfig, type LoadConfigOptions, type ResolvedConfig } from "../../config/load.js";
import type { ExecRenderer, TextSink } from "../../headless/renderer.js";
import { UserError } from "../../util/errors.js";
import { missingKeyMessage } from "../../config/providers.js";
import { configSecrets } from "../../config/secrets.js";
import { SecretRedactor } from "../../util/redact.js";
import { HumanRenderer } from "../../headless/human-renderer.js";
import { JsonlRenderer } from "../../headless/jsonl-renderer.js";
import { resolvePrompt, runExec } from "../../headless/run-exec.js";
import { imageFiles } from "../../headless/images.js";
import { addSessionOptions, configOptionsOf } from "../options.js";
import { stderrSink } from "../../headless/stderr-lines.js";
import { terminalSafe } from "../../util/terminal-text.js";

export interface ExecOptions {
  json?: boolean;
  outputLastMessage?: string;
  outputSchema?: string;
  color: "always" | "never" | "auto";
  image?: string[];
  skipGitRepoCheck?: boolean;
  ephemeral?: boolean;
}

/** Adds `exec` and `exec resume`; returns `exec` (main.ts adds `exec review`). */
export function registerExecCommand(program: Command): Command {
  const exec = addSessionOptions(
    program
      .command("exec")
      .alias("e")
      .description("run the agent non-interactively (prompt from the argument, or stdin when '-' or piped)"),
  )
    .argument("[prompt]", "the task; '-' or omitted reads it from stdin")
    .option("--json", "print events as JSON lines (the Codex exec --json format)")
    .option("-o, --output-last-message <file>", "write the agent's last message to <file>")
    .option("--output-schema <file>", "JSON Schema the final answer must follow")
    .addOption(
      new Option("--color <when>", "colour in human output").choices(["always", "never", "auto"]).default("auto"),
    )
    .option("-i, --image <file...>", "attach image(s) to the prompt (repeatable; comma-separated lists too)")
    .option("--skip-git-repo-check", "allow running outside a git repository")
    .option("--ephemeral", "do not record the session (no rollout file)")
    .action(async (promptArg: string | undefined, opts: ExecOptions, cmd: Command) => {
      const config = keyedConfig(await loadConfig(execConfigOptions(cmd)));
      const prompt = await resolvePrompt(promptArg);
      process.exitCode = await runExec({
        ...commonRunOptions(opts, config, prompt),
        outputSchemaFile: opts.outputSchema,
        images: imageFiles(opts.image),
        ephemeral: opts.ephemeral === true,
      });
    });
  addSessionOptions(exec.command("resume").description("continue a recorded session non-interactively"))
    .argument("[session_id]", "session id (UUID) to resume")
    .argument("[prompt]", "next message ('-' or omitted: stdin)")
    .option("--last", "resume the most recent session (started in this directory unless --all)")
    .option("--all", "do not limit --last to sessions started in this directory")
    .option(
      "--compact",
      "when the stored session is larger than the context window, compact it first instead of stopping",
    )
    .option("--json", "print events as JSON lines (the Codex exec --json format)")
    .option("-o, --output-last-message <file>", "write the agent's last message to <file>")
    .addOption(
      new Option("--color <when>", "colour in human output").choices(["always", "never", "auto"]).default("auto"),
    )
    .option("-i, --image <file...>", "attach image(s) to the prompt (repeatable; comma-separated lists too)")
    .option("--skip-git-repo-check", "allow running outside a git repository")
    .action(
      async (
        first: string | undefined,
        second: string | undefined,
        opts: ExecOptions & ResumeOptions,
        cmd: Command,
      ) => {
        const config = keyedConfig(await loadConfig(execConfigOptions(cmd)));
        // Listing and reading stored sessions is resume's alone: a plain exec never loads it.
        const [{ findLatestSession, findSessionById }, { loadRolloutForResume }, { skippedLinesSummary }] =
          await Promise.all([
            import("../../rollout/session-list.js"),
            import("../../rollout/resume-history.js"),
            import("../../rollout/rollout-reader.js"),
          ]);
        const [sessionArg, promptArg] = opts.last ? [undefined, first] : [first, second];
        const found = opts.last
          ? (await findLatestSession({ codexHome: config.codexHome, cwd: config.cwd, all: opts.all === true }))?.path
          : sessionArg
            ? await findSessionById(config.codexHome, sessionArg)
            : undefined;
        if (!opts.last && !sessionArg) throw new UserError("exec resume: give a session id, or --last");
        if (!found)
          throw new UserError(
            opts.last
              ? `no recorded session to resume${opts.all ? "" : ` in ${config.cwd} (try --all)`}`
              : `no session with id ${sessionArg} in ${config.codexHome}/sessions`,
            1,
          );
        const resume = await loadRolloutForResume(found);
        const skipped = skippedLinesSummary(found, resume.stats);
        if (skipped) process.stderr.write(`warning: ${skipped}\n`);
        const prompt = await resolvePrompt(promptArg);
        process.exitCode = await runExec({
          ...commonRunOptions(opts, config, prompt),
          resume,
          images: imageFiles(opts.image),
          compactFirst: opts.compact === true,
        });
      },
    );
  return exec;
}

interface ResumeOptions {
  last?: boolean;
  all?: boolean;
  compact?: boolean;
}

/** Nobody can answer an approval question in exec: `never` unless a flag says otherwise. */
export function execConfigOptions(cmd: Command): LoadConfigOptions {
  const options = configOptionsOf(cmd);
  const flags = options.flags ?? {};
  return { ...options, flags: { ...flags, approvalPolicy: flags.approvalPolicy ?? "never" } };
}

/** What `exec` and `exec resume` pass alike. */
export function commonRunOptions(opts: ExecOptions, config: ResolvedConfig, prompt: string) {
  // Config keys we do not use are named once, on stderr (stdout stays the answer, or JSONL).
  for (const notice of config.keyNotices) process.stderr.write(`warning: ${terminalSafe(notice.text)}\n`);
  for (const line of config.hookNotices) process.stderr.write(`warning: ${terminalSafe(line)}\n`);
  // Text the model produces could carry a secret (it may read a file holding it): the session's
  // redactor masks it on screen too, with every secret the session registers.
  const redactor = new SecretRedactor(configSecrets(config));
  return {
    prompt,
    config,
    redactor,
    renderer: renderer(opts, config, prompt, redactor),
    skipGitRepoCheck: opts.skipGitRepoCheck === true,
    outputLastMessage: opts.outputLastMessage,
  };
}

function renderer(opts: ExecOptions, config: ResolvedConfig, prompt: string, redactor: SecretRedactor): ExecRenderer {
  const stdout = redactingSink(process.stdout, redactor);
  const stderr = redactingSink(stderrSink, redactor);
  return opts.json
    ? new JsonlRenderer(stdout, { cwd: config.cwd })
    : new HumanRenderer({
        stdout,
        stderr,
        color: opts.color,
        prompt,
        resumeHint: !opts.ephemeral,
        showReasoning: !config.hideAgentReasoning,
      });
}

function redactingSink(stream: TextSink, redactor: SecretRedactor): TextSink {
  return { isTTY: stream.isTTY, write: (chunk: string) => stream.write(redactor.text(chunk)) };
}

/** A run without the key would fail at its first request: it stops here, before a session (and its file) exists. */
export function keyedConfig(config: ResolvedConfig): ResolvedConfig {
  const missing = missingKeyMessage(config.provider);
  if (missing) throw new UserError(missing);
  return config;
}
