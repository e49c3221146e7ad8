// A pseudo-terminal without native modules (the bundle is pure JS, for OpenWrt and Termux too):
// the command is started under a program that owns a PTY and relays it over plain pipes.
//
// - util-linux `script -qfec CMD /dev/null`: quiet, flushed at once, returns the command's exit
//   code; CMD is run by `$SHELL -c`, so it gets the argv shell-quoted and SHELL is set to sh (a
//   user's fish would not read POSIX quoting).
// - else Python's pty module (`pty.spawn`, which relays stdin and returns the wait status).
// - else nothing: the command runs with plain pipes and the model is told so.
//
// The wrapper runs inside the sandbox (bwrap's fresh /dev has its own devpts; measured with
// util-linux 2.38 and bwrap 0.8), so the terminal belongs to the sandboxed tree.
import { spawnSync } from "node:child_process";
import { shellJoin } from "../../util/shell-quote.js";
import { adaptArgvForPlatform } from "../exec/platform.js";

export type PtyWrapper = { kind: "script" } | { kind: "python"; program: string } | { kind: "none" };

/** What the model reads when no PTY could be had. */
export const NO_PTY_NOTE =
  "Note: no pseudo-terminal is available on this host (needs util-linux `script` or python3); the process runs with plain pipes.\n";

// Relays the PTY and exits like the command (a signal as 128+N, as shells report it).
const PYTHON_PTY =
  "import os,pty,sys\ns=pty.spawn(sys.argv[1:])\nsys.exit(os.WEXITSTATUS(s) if os.WIFEXITED(s) else 128+os.WTERMSIG(s))";

let detected: PtyWrapper | undefined;

function answers(program: string, args: string[], expect: (out: string) => boolean): boolean {
  const r = spawnSync(program, args, { encoding: "utf8", timeout: 5_000, stdio: ["ignore", "pipe", "pipe"] });
  return r.status === 0 && expect(`${r.stdout}${r.stderr}`);
}

/** The PTY wrapper of this host, looked up once (a `--version` or two on the first `tty: true`). */
export function detectPtyWrapper(): PtyWrapper {
  if (detected) return detected;
  if (process.platform === "linux" && answers("script", ["--version"], (out) => out.includes("util-linux")))
    return (detected = { kind: "script" });
  for (const program of ["python3", "python"])
    if (answers(program, ["-c", "import pty,sys; print(sys.version_info[0])"], (out) => out.trim() === "3"))
      return (detected = { kind: "python", program });
  return (detected = { kind: "none" });
}

/** `argv` started under `wrapper`'s terminal; the environment changes it needs. */
export function wrapInPty(
  argv: readonly string[],
  wrapper: PtyWrapper,
): { argv: string[]; env: Record<string, string> } {
  switch (wrapper.kind) {
    case "script":
      return {
        argv: ["script", "-qfec", shellJoin(argv), "/dev/null"],
        env: { SHELL: adaptArgvForPlatform(["/bin/sh"])[0] ?? "/bin/sh" },
      };
    case "python":
      return { argv: [wrapper.program, "-c", PYTHON_PTY, ...argv], env: {} };
    case "none":
      return { argv: [...argv], env: {} };
  }
}
