import { readFile, writeFile } from "node:fs/promises";
import type { ResolvedConfig } from "../config/load.js";
import { createSession } from "../agent/create-session.js";
import { chooseSessionModel } from "../agent/session-model.js";
import { findGitRepository } from "../agent/project-docs.js";
import { AgentSession } from "../agent/session.js";
import type { LoadedRollout } from "../rollout/resume-history.js";
import type { AgentEvent } from "../protocol/events.js";
import type { ReviewRequest } from "../protocol/review.js";
import { Telemetry } from "../telemetry/telemetry.js";
import { UserError, errorMessage, unreadableReason } from "../util/errors.js";
import { isJsonObject } from "../util/json.js";
import type { SecretRedactor } from "../util/redact.js";
import { terminalSafe } from "../util/terminal-text.js";
import { hookLines } from "../protocol/hook-lines.js";
import { imageDataUrl } from "./images.js";
import type { ExecRenderer } from "./renderer.js";
import { stderrLine } from "./stderr-lines.js";
import { withDeadline } from "../util/deadline.js";

/** How long exec's exit waits for a stale model catalog / model_info answer being refreshed in the background. */
const REFRESH_WAIT_MS = 2_000;

export interface ExecOptions {
  prompt: string;
  config: ResolvedConfig;
  renderer: ExecRenderer;
  skipGitRepoCheck: boolean;
  outputLastMessage?: string;
  outputSchemaFile?: string;
  images?: string[];
  ephemeral?: boolean;
  /** The redactor of exec's output (stdout, stderr); the session's secrets join it. */
  redactor?: SecretRedactor;
  /** Continue this recorded session instead of starting one. */
  resume?: LoadedRollout;
  /** Run this code review (`exec review`) instead of a turn for `prompt`. */
  review?: ReviewRequest;
  /** With `resume`: compact first when the stored session exceeds the context window. */
  compactFirst?: boolean;
}

/**
 * Reads the prompt: the argument, or stdin when it is `-` or absent and stdin is not a terminal.
 * With an argument and a piped stdin, the piped text follows the prompt in a `<stdin>` block,
 * as upstream's exec does (`git diff | codex-litellm exec "review this"`).
 */
export async function resolvePrompt(arg: string | undefined): Promise<string> {
  if (arg !== undefined && arg !== "-") {
    if (process.stdin.isTTY) return arg;
    const piped = await readStdin();
    return piped.trim() ? promptWithStdin(arg, piped) : arg;
  }
  if (arg === undefined && process.stdin.isTTY)
    throw new UserError("no prompt: pass it as an argument, or pipe it on stdin (use '-' to read stdin explicitly)");
  const text = await readStdin();
  if (!text.trim()) throw new UserError("no prompt: stdin was empty");
  return text;
}

async function readStdin(): Promise<string> {
  process.stdin.setEncoding("utf8"); // a character split between chunks stays whole
  const chunks: AsyncIterable<string> = process.stdin;
  let text = "";
  for await (const chunk of chunks) text += chunk;
  return text;
}

/** Upstream's layout: the prompt, a blank line, then the piped text between `<stdin>` tags. */
export function promptWithStdin(prompt: string, piped: string): string {
  return `${prompt}\n\n<stdin>\n${piped}${piped.endsWith("\n") ? "" : "\n"}</stdin>`;
}

async function readSchema(file: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    throw new UserError(`--output-schema ${file}: ${unreadableReason(err)}`);
  }
  let schema: unknown;
  try {
    schema = JSON.parse(text);
  } catch (err) {
    throw new UserError(`--output-schema ${file}: not a JSON Schema object (${errorMessage(err)})`);
  }
  if (!isJsonObject(schema))
    throw new UserError(`--output-schema ${file}: not a JSON Schema object (expected a JSON object)`);
  return schema;
}

/**
 * Runs one headless turn: the session's events go to the renderer; returns the exit code
 * (0 on success, 1 when the turn failed or was interrupted).
 */
export async function runExec(options: ExecOptions): Promise<number> {
  const { config } = options;
  if (!options.skipGitRepoCheck && !(await findGitRepository(config.cwd))) {
    throw new UserError(
      `${config.cwd} is not inside a git repository; run it in one, or pass --skip-git-repo-check`,
      1,
    );
  }
  const { model, gateway } = await chooseSessionModel(config, options.resume?.turnContext?.model);
  const outputSchema = options.outputSchemaFile ? await readSchema(options.outputSchemaFile) : undefined;
  const images = await Promise.all((options.images ?? []).map((file) => imageDataUrl(file)));
  let telemetry: Telemetry | null = null;
  const onEvent = (event: AgentEvent) => {
    if (event.type === "hook_completed")
      for (const { text } of hookLines(event)) stderrLine(terminalSafe(options.redactor?.text(text) ?? text));
    options.renderer.handle(event);
    telemetry?.handle(event);
  };
  const resume = options.resume;
  const parts = await createSession({
    config,
    model,
    source: "exec",
    ...(gateway && { gateway }),
    resume,
    ephemeral: options.ephemeral,
    ...(options.redactor && { redactor: options.redactor }),
    outputSchema,
    onEvent,
    warn: (message) => stderrLine(`warning: ${terminalSafe(message)}`),
    // No requestApproval: nobody can answer in exec, so what would need approval is declined (and the model is told).
  });
  const { session, redactor } = parts;
  telemetry = await Telemetry.start(config.telemetry, { notices: stderrLine, secrets: redactor, otel: config.otel });
  let interrupts = 0;
  const onSigint = () => {
    interrupts += 1;
    if (interrupts > 1) {
      // Leave at once, with what the logs and the rollout hold buffered written (half a second at most).
      const written = Promise.all([telemetry?.flush(), parts.recorder?.flush()]).catch(() => {});
      void withDeadline(written, 500, undefined).finally(() => process.exit(130));
      return;
    }
    session.interrupt();
  };
  process.on("SIGINT", onSigint);
  process.on("SIGTERM", onSigint);
  try {
    await parts.start();
    if (resume) await guardResumedSize(session, resume, options.compactFirst === true);
    const result = options.review
      ? await parts.review(options.review)
      : await session.runTurn(options.prompt, images, options.images ?? []);
    await telemetry?.afterTurn();
    options.renderer.finish();
    if (result.status === "completed" && options.outputLastMessage)
      await writeFile(options.outputLastMessage, redactor.text(result.lastAgentMessage ?? ""));
    return result.status === "completed" ? 0 : 1;
  } finally {
    process.off("SIGINT", onSigint);
    process.off("SIGTERM", onSigint);
    await parts.close();
    await telemetry?.close().catch(() => {});
    await parts.gateway.finishRefreshes(REFRESH_WAIT_MS);
  }
}

/**
 * The resume safeguard: a stored session larger than the context window is compacted
 * first when asked (`--compact`), else the resume stops with a clear message (exit 2).
 */
async function guardResumedSize(session: AgentSession, resume: LoadedRollout, compactFirst: boolean): Promise<void> {
  const tokens = resume.tokensInContext;
  const window = session.contextWindowTokens;
  if (tokens <= window) return;
  if (!compactFirst) {
    throw new UserError(
      `session ${session.id} holds about ${tokens.toLocaleString("en-US")} tokens, more than the context window of ${window.toLocaleString("en-US")}; ` +
        "run again with --compact to summarise it first, or raise model_context_window",
    );
  }
  await session.compact();
}
