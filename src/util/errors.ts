/**
 * An error caused by what the user gave us (flags, config, input). It is printed as one
 * line without a stack trace, and the process exits with `exitCode` (2: bad input).
 */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = 2,
  ) {
    super(message);
    this.name = "UserError";
  }
}

/** Whether `attempt` runs without throwing: for checks whose only answer is that (a path lstat reaches, text that parses). */
export function succeeds(attempt: () => unknown): boolean {
  try {
    attempt();
    return true;
  } catch {
    return false;
  }
}

/** The message of anything thrown (an Error's message, otherwise its string form). */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The `code` of a failed system call (`ENOENT`, `EACCES`, ...), or undefined for any other error. */
export function errnoCode(err: unknown): string | undefined {
  if (typeof err !== "object" || err === null || !("code" in err)) return undefined;
  return typeof err.code === "string" ? err.code : undefined;
}

/** Why a file operation failed, for a one-line message: the system call's code, else the error as text. */
export function fileErrorReason(err: unknown): string {
  return errnoCode(err) ?? String(err);
}

/** Why a file named on the command line could not be read: "no such file", else the error as text. */
export function unreadableReason(err: unknown): string {
  return errnoCode(err) === "ENOENT" ? "no such file" : String(err);
}
