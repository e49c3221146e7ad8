// The few places where the host platform changes paths for command execution. Termux (Android)
// has no /tmp and no /bin/bash: everything lives under $PREFIX (e.g.
// /data/data/com.termux/files/usr). Everything that needs "the temp dir" or "the shell" asks here.

import { existsSync } from "node:fs";
import path from "node:path";

type Env = Readonly<Record<string, string | undefined>>;

/** True when running under Termux: `TERMUX_VERSION` is set, or `PREFIX` points into com.termux. */
export function isTermux(env: Env = process.env): boolean {
  if (env.TERMUX_VERSION) return true;
  const prefix = env.PREFIX;
  return typeof prefix === "string" && prefix.includes("/com.termux/");
}

function termuxPrefix(env: Env): string {
  return env.PREFIX && path.isAbsolute(env.PREFIX) ? env.PREFIX : "/data/data/com.termux/files/usr";
}

/**
 * The system-wide temp directory that plays the role of `/tmp` (the sandbox's "slash tmp"
 * writable root): `$PREFIX/tmp` on Termux, `/tmp` elsewhere. Not `$TMPDIR` — that is a separate,
 * per-user root.
 */
export function tempDir(env: Env = process.env): string {
  return isTermux(env) ? path.join(termuxPrefix(env), "tmp") : "/tmp";
}

/** The shell used to run scripts: `$PREFIX/bin/bash` (or `sh`) on Termux, `/bin/bash` (or `/bin/sh`) elsewhere. */
export function defaultShell(env: Env = process.env, exists: (p: string) => boolean = existsSync): string {
  const bin = isTermux(env) ? path.join(termuxPrefix(env), "bin") : "/bin";
  const bash = path.join(bin, "bash");
  return exists(bash) ? bash : path.join(bin, "sh");
}

const STANDARD_SHELLS = new Set(["/bin/bash", "/bin/sh", "/usr/bin/bash", "/usr/bin/sh", "/usr/bin/env"]);

function onPath(name: string, env: Env, exists: (p: string) => boolean): boolean {
  return findOnPath(name, env, exists) !== undefined;
}

/** The absolute path PATH finds `name` at (its first absolute directory holding it), or undefined. */
export function findOnPath(name: string, env: Env = process.env, exists: (p: string) => boolean = existsSync) {
  for (const dir of (env.PATH ?? "").split(path.delimiter))
    if (path.isAbsolute(dir) && exists(path.join(dir, name))) return path.join(dir, name);
  return undefined;
}

/**
 * Fits a command's `argv[0]` to the host: on Termux a standard shell path (`/bin/bash`,
 * `/bin/sh`, `/usr/bin/env`) becomes its `$PREFIX/bin` counterpart; and where there is no bash
 * (OpenWrt's BusyBox, a minimal container), `bash` — the shell models ask for by habit — becomes
 * `sh` from the same place, which takes the same `-lc SCRIPT` form.
 */
export function adaptArgvForPlatform(
  argv: readonly string[],
  env: Env = process.env,
  exists: (p: string) => boolean = existsSync,
): string[] {
  const out = [...argv];
  const first = out[0];
  if (first === undefined) return out;
  const shell =
    isTermux(env) && STANDARD_SHELLS.has(first) ? path.join(termuxPrefix(env), "bin", path.basename(first)) : first;
  out[0] = shell;
  if (path.basename(shell) === "bash") {
    const found = path.isAbsolute(shell) ? exists(shell) : onPath(shell, env, exists);
    if (!found) out[0] = path.isAbsolute(shell) ? path.join(path.dirname(shell), "sh") : "sh";
  }
  return out;
}
