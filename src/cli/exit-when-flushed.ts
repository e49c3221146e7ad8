/**
 * Ends the process with `code` once stdout and stderr are flushed. The command has finished and
 * awaited everything it wrote; what may still hold the event loop (idle keep-alive sockets to the
 * proxy, a price lookup nobody needs any more) must not delay the exit. `beforeExit` runs last.
 */
export function exitWhenFlushed(code: number, beforeExit?: () => void): void {
  process.exitCode = code;
  let pending = 2;
  const done = () => {
    if (--pending > 0) return;
    beforeExit?.();
    process.exit(code);
  };
  process.stdout.write("", done);
  process.stderr.write("", done);
}
