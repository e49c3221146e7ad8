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
//   --bind R R             each writable root, at its symlink-resolved path. The roots come from
//                          the session's cwd, never from the command's: `--chdir` grants nothing.
//   --ro-bind S S          then each protected subpath (.git, .agents, .codex, and CODEX_HOME
//                          when a root contains it) again read-only; these come after all
//                          writable binds so they win.
//   --tmpfs H              then CODEX_HOME is hidden (codex-home.ts): an empty tmpfs, the entries
//   --ro-bind E H/E        commands may read (config.toml, AGENTS.md, skills, ...) bound back,
//   --remount-ro H         and read-only; a writable root inside it is bound again after. Hiding
//                          the directory survives a rename over `.env` (login), which detaches a
//                          bind mount over the file itself.
//   --ro-bind /dev/null F  CODEX_HOME's credential files that are symlinks to files elsewhere: the
//                          targets are covered (bwrap mounts binds nodev: Permission denied).
//   --tmpfs T              the telemetry dir outside CODEX_HOME, hidden the same way (empty,
//   --remount-ro T         read-only; writable roots inside it bound again), and our log files
//                          outside it covered with /dev/null. A telemetry dir that holds the
//                          session's folder or another writable root is not hidden as a whole
//                          (that would hide the workspace): only our log files in it are.
//   --unshare-pid          own PID namespace; with --proc /proc a matching /proc, so the
//                          command cannot see or signal processes outside the sandbox.
//   --unshare-net          when network access is off: an empty network namespace (only a
//                          loopback of its own), so no connection leaves the sandbox — not even
//                          to 127.0.0.1 services of the host.
//   --seccomp FD           the filter of seccomp.ts, read from fd 3: without network it refuses
//                          connect() and non-Unix sockets (Unix sockets are files, which the
//                          empty network namespace does not hide: docker.sock, D-Bus); with
//                          network it refuses VM sockets.
//   --chdir CWD            start in the command's working directory.
//
// Symlinks: roots are bound by their real path, so a symlink inside the workspace that points
// outside resolves to a read-only location and grants no write access.

import path from "node:path";

import { isWithin } from "../../util/paths.js";
import { codexHomeView, hiddenPathsOutside, isInCodexHome, type CodexHomeView } from "./codex-home.js";
import {
  codexHomeSecretFiles,
  hasFullDiskWriteAccess,
  hasFullNetworkAccess,
  realpathOrUndefined,
  writableRoots,
  type SandboxScope,
  type WritableRoot,
} from "./policy.js";
import type { SandboxPolicy } from "../../protocol/policies.js";

/** The fd bwrap reads the seccomp program from (the runner passes it as the child's fd 3). */
export const BWRAP_SECCOMP_FD = 3;

/** What the sandbox is computed from, and where the command starts. */
export interface SandboxPaths extends SandboxScope {
  /** The directory the command starts in (the model's `workdir`); grants no access. */
  commandCwd: string;
}

export interface BwrapOptions {
  /**
   * Mount a fresh /proc (default true). Some restrictive containers refuse it; then an empty
   * tmpfs hides the host's /proc instead, whose /proc/<pid>/environ of this program holds the key.
   */
  mountProc?: boolean;
  /** Add `--cap-drop ALL` (default: when running as root). */
  dropCapabilities?: boolean;
  /** Environment used to resolve `$TMPDIR` and the temp dir (default `process.env`). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Load a seccomp program from fd {@link BWRAP_SECCOMP_FD} (the caller supplies it). */
  seccomp?: boolean;
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
  paths: SandboxPaths,
  options: BwrapOptions = {},
): string[] {
  if (hasFullDiskWriteAccess(policy)) {
    throw new Error(`bwrap is only used for restricted policies, not ${policy.type}`);
  }
  if (argv.length === 0) throw new Error("empty command");
  const roots = writableRoots(policy, path.resolve(paths.sessionCwd), options.env ?? process.env, paths.codexHome);

  const args: string[] = ["--new-session", "--die-with-parent"];
  if (options.dropCapabilities ?? runningAsRoot()) args.push("--cap-drop", "ALL");
  args.push("--ro-bind", "/", "/", "--dev", "/dev");
  args.push(...writableRootArgs(roots));
  const view = codexHomeView(paths.codexHome);
  if (view) args.push(...hiddenCodexHomeArgs(view, roots));
  for (const secret of codexHomeSecretFiles(paths.codexHome))
    if (!isInCodexHome(secret, view)) args.push("--ro-bind", "/dev/null", secret);
  const workspace = [
    realpathOrUndefined(paths.sessionCwd) ?? path.resolve(paths.sessionCwd),
    ...roots.map((r) => r.root),
  ];
  for (const hidden of hiddenPathsOutside(paths.hiddenPaths ?? [], view, workspace)) {
    if (hidden.directory) args.push(...hiddenDirArgs(hidden.path, [], roots));
    else args.push("--ro-bind", "/dev/null", hidden.path);
  }
  args.push("--unshare-pid");
  if (!hasFullNetworkAccess(policy)) args.push("--unshare-net");
  args.push(...procArgs(options.mountProc ?? true));
  if (options.seccomp) args.push("--seccomp", String(BWRAP_SECCOMP_FD));
  args.push("--chdir", path.resolve(paths.commandCwd), "--", ...argv);
  return args;
}

/** Each root read-write, then the protected paths inside the roots read-only again (after all roots, so they win). */
function writableRootArgs(roots: readonly WritableRoot[]): string[] {
  const args: string[] = [];
  for (const { root } of roots) args.push("--bind", root, root);
  const protectedPaths = new Set<string>();
  for (const { readOnlySubpaths } of roots) for (const sub of readOnlySubpaths) protectedPaths.add(sub);
  for (const sub of [...protectedPaths].sort()) args.push("--ro-bind", sub, sub);
  return args;
}

/**
 * CODEX_HOME as an empty read-only tmpfs with the visible entries bound back read-only, and the
 * writable roots that lie inside it bound again (their mount points are made before the tmpfs
 * turns read-only).
 */
function hiddenCodexHomeArgs(view: CodexHomeView, roots: readonly WritableRoot[]): string[] {
  return hiddenDirArgs(view.home, view.visible, roots);
}

/** `dir` as an empty read-only tmpfs with `visible` entries bound back read-only and the writable roots inside it bound again. */
function hiddenDirArgs(dir: string, visible: CodexHomeView["visible"], roots: readonly WritableRoot[]): string[] {
  const inside = roots.filter(({ root }) => root !== dir && isWithin(root, dir));
  const args = ["--tmpfs", dir];
  for (const { source, target } of visible) args.push("--ro-bind", source, target);
  for (const { root } of inside) args.push("--dir", root);
  args.push("--remount-ro", dir);
  args.push(...writableRootArgs(inside));
  return args;
}

/** A fresh /proc for the sandbox's PID namespace, or (where that is refused) an empty one. */
export function procArgs(mountProc: boolean): string[] {
  return mountProc ? ["--proc", "/proc"] : ["--tmpfs", "/proc"];
}
