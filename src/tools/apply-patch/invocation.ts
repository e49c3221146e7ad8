/**
 * Detects a model running apply_patch through a shell tool instead of calling the
 * apply_patch tool, the forms upstream Codex intercepts:
 *   ["apply_patch", "<patch>"]  or  ["applypatch", "<patch>"]
 *   ["bash", "-lc", "apply_patch <<'EOF'\n...\nEOF\n"]   (also -c; sh, zsh; any path to them)
 *   ["bash", "-lc", "cd <dir> && apply_patch <<'EOF'\n...\nEOF\n"]
 *   ["pwsh" | "powershell", ["-NoProfile",] "-Command", <same script>], ["cmd", "/c", <same script>]
 * The patch is then applied in-process (and a bad patch reported) rather than run.
 */
import path from "node:path";
import { succeeds } from "../../util/errors.js";
import { IMPLICIT_INVOCATION_MESSAGE } from "./errors.js";
import { extractApplyPatchHeredoc } from "./heredoc.js";
import { parsePatch } from "./parse.js";

export interface ApplyPatchInvocation {
  /** The patch text to apply (not yet validated: apply it to get the parse error, if any). */
  patch: string;
  /** Absolute directory to apply it in: `cwd`, or `cwd` joined with the script's `cd` path. */
  workdir: string;
}

export type ShellPatchClassification =
  | ({ kind: "apply-patch" } & ApplyPatchInvocation)
  /** A bare patch given as the command or as the shell script: upstream refuses it with `message`. */
  | { kind: "implicit-patch"; message: string }
  | { kind: "not-apply-patch" };

const APPLY_PATCH_COMMANDS = new Set(["apply_patch", "applypatch"]);

/** Returns the patch and working directory when `argv` runs apply_patch, else null. */
export function detectApplyPatchInvocation(argv: readonly string[], cwd: string): ApplyPatchInvocation | null {
  const [command, body] = argv;
  if (argv.length === 2 && command !== undefined && body !== undefined && APPLY_PATCH_COMMANDS.has(command)) {
    return { patch: body, workdir: path.resolve(cwd) };
  }
  const script = shellScriptOf(argv);
  if (script === null) return null;
  return detectApplyPatchInScript(script, cwd);
}

/**
 * Same as `detectApplyPatchInvocation` for a command string run by the user's shell
 * (the `shell_command` / `exec_command` tools).
 */
export function detectApplyPatchInScript(script: string, cwd: string): ApplyPatchInvocation | null {
  const heredoc = extractApplyPatchHeredoc(script);
  if (heredoc === null) return null;
  const workdir = heredoc.cdPath === null ? path.resolve(cwd) : path.resolve(cwd, heredoc.cdPath);
  return { patch: heredoc.body, workdir };
}

/** True when `argv` is a bare patch (`[patch]`, or a shell whose whole script is a patch). */
export function isImplicitPatchInvocation(argv: readonly string[]): boolean {
  const [only] = argv;
  if (argv.length === 1 && only !== undefined && parsesAsPatch(only)) return true;
  const script = shellScriptOf(argv);
  return script !== null && parsesAsPatch(script);
}

/** Upstream's order of checks: a bare patch is refused first, then apply_patch is detected. */
export function classifyShellCommand(argv: readonly string[], cwd: string): ShellPatchClassification {
  if (isImplicitPatchInvocation(argv)) return { kind: "implicit-patch", message: IMPLICIT_INVOCATION_MESSAGE };
  const invocation = detectApplyPatchInvocation(argv, cwd);
  return invocation === null ? { kind: "not-apply-patch" } : { kind: "apply-patch", ...invocation };
}

function parsesAsPatch(text: string): boolean {
  return succeeds(() => parsePatch(text));
}

/** The script of `<shell> <flag> <script>` for the shells upstream recognises, else null. */
function shellScriptOf(argv: readonly string[]): string | null {
  if (argv.length === 3) {
    const [shell = "", flag = "", script = ""] = argv;
    return runsScript(shell, flag) ? script : null;
  }
  if (argv.length === 4) {
    const [shell = "", skipped = "", flag = "", script = ""] = argv;
    const isPowerShell = ["pwsh", "powershell"].includes(shellName(shell));
    return isPowerShell && skipped.toLowerCase() === "-noprofile" && runsScript(shell, flag) ? script : null;
  }
  return null;
}

function runsScript(shell: string, flag: string): boolean {
  switch (shellName(shell)) {
    case "bash":
    case "zsh":
    case "sh":
      return flag === "-lc" || flag === "-c";
    case "pwsh":
    case "powershell":
      return flag.toLowerCase() === "-command";
    case "cmd":
      return flag.toLowerCase() === "/c";
    default:
      return false;
  }
}

/** The program's file name without its extension, lower-cased (`/bin/bash` → `bash`, `pwsh.exe` → `pwsh`). */
function shellName(program: string): string {
  const base = path.posix.basename(program);
  const dot = base.lastIndexOf(".");
  return (dot > 0 ? base.slice(0, dot) : base).toLowerCase();
}
