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

/** The message of anything thrown (an Error's message, otherwise its string form). */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
