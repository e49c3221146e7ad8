/**
 * `codex-litellm` with no arguments in a terminal: the interactive UI, started without the
 * command-line parser (cli/interactive.ts). The launcher and the ES-module entry both decide so.
 */
export function isPlainInteractiveStart(argv: readonly string[]): boolean {
  return argv.length === 0 && process.stdin.isTTY && process.stdout.isTTY;
}
