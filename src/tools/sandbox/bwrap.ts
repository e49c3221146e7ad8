// Linux sandbox: bubblewrap (bwrap) builds a private mount namespace in which the whole
// filesystem is read-only and only the writable roots are bound read-write, mirroring upstream
// Codex's bwrap backend (codex-rs/linux-sandbox/src/bwrap.rs):
//
//   --new-session          setsid() for the command: it cannot inject keystrokes into our
//                          terminal (TIOCSTI) and is not in our process group.
//   --die-with-parent      the sandboxed tree is SIGKILLed when bwrap dies, so killing bwrap's
//                          process group on timeout/abort tears the whole sandbox down.
//   --cap-drop ALL         only when we run as root: bwrap then keeps every capability by
//                          default, and CAP_SYS_ADMIN would let the command simply remount `/`
//                          read-write (tested). Unprivileged bwrap drops them anyway.
//   --ro-bind / /          everything readable, nothing writable ...
//   --dev /dev             ... except a fresh minimal /dev (null, zero, urandom, tty, shm).
//   --bind R R             each writable root, at its symlink-resolved path.
//   --ro-bind S S          then each protected subpath (.git, .agents, .codex) again read-only;
//                          these come after all writable binds so they win.
//   --unshare-pid          own PID namespace; with --proc /proc a matching /proc, so the
//                          command cannot see or signal processes outside the sandbox.
//   --unshare-net          when network access is off: an empty network namespace (only a
//                          loopback of its own), so no connection leaves the sandbox — not even
//                          to 127.0.0.1 services of the host.
//   --chdir CWD            start in the command's working directory.
//
// Symlinks: roots are bound by their real path, so a symlink inside the workspace that points
// outside resolves to a read-only location and grants no write access.

import path from "node:path";

import { hasFullDiskWriteAccess, hasFullNetworkAccess, writableRoots, type SandboxPolicy } from "./policy.js";

export interface BwrapOptions {
  /** Mount a fresh /proc (default true). Some restrictive containers refuse it. */
  mountProc?: boolean;
  /** Add `--cap-drop ALL` (default: when running as root). */
  dropCapabilities?: boolean;
  /** Environment used to resolve `$TMPDIR` and the temp dir (default `process.env`). */
  env?: Readonly<Record<string, string | undefined>>;
}

function runningAsRoot(): boolean {
  return typeof process.getuid === "function" && process.getuid() === 0;
}

/**
 * The bwrap arguments (everything after the `bwrap` executable) that run `argv` under a
 * read-only or workspace-write `policy`. Throws for policies that do not restrict the filesystem
 * (the caller runs those without bwrap).
 */
export function buildBwrapArgs(
  argv: readonly string[],
  policy: SandboxPolicy,
  cwd: string,
  options: BwrapOptions = {},
): string[] {
  if (hasFullDiskWriteAccess(policy)) {
    throw new Error(`bwrap is only used for restricted policies, not ${policy.type}`);
  }
  if (argv.length === 0) throw new Error("empty command");
  const absCwd = path.resolve(cwd);
  const roots = writableRoots(policy, absCwd, options.env ?? process.env);

  const args: string[] = ["--new-session", "--die-with-parent"];
  if (options.dropCapabilities ?? runningAsRoot()) args.push("--cap-drop", "ALL");
  args.push("--ro-bind", "/", "/", "--dev", "/dev");
  for (const { root } of roots) args.push("--bind", root, root);
  const protectedPaths = new Set<string>();
  for (const { readOnlySubpaths } of roots) for (const sub of readOnlySubpaths) protectedPaths.add(sub);
  for (const sub of [...protectedPaths].sort()) args.push("--ro-bind", sub, sub);
  args.push("--unshare-pid");
  if (!hasFullNetworkAccess(policy)) args.push("--unshare-net");
  if (options.mountProc ?? true) args.push("--proc", "/proc");
  args.push("--chdir", absCwd, "--", ...argv);
  return args;
}
