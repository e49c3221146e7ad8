import { constants } from "node:os";

/** The exit code a shell reports for a process ended by `signal`: 128 + its number (SIGTERM → 143). */
export function signalExitCode(signal: NodeJS.Signals): number {
  return 128 + (constants.signals[signal] ?? 0);
}
