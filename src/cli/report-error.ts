import { UserError, errorMessage } from "../util/errors.js";
import { terminalSafe } from "../util/terminal-text.js";

/** Writes a command's failure to stderr in one line; returns the exit code. */
export function reportError(err: unknown): number {
  if (err instanceof UserError) {
    process.stderr.write(`codex-litellm: ${terminalSafe(err.message)}\n`);
    return err.exitCode;
  }
  const message = errorMessage(err);
  process.stderr.write(`codex-litellm: unexpected error: ${terminalSafe(message)}\n`);
  if (process.env.CODEX_LITELLM_DEBUG && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  return 1;
}
