// "Known safe" commands: read-only invocations that may run without asking, following upstream
// Codex (core/src/command_safety/is_safe_command.rs, newest list):
// - always: cat cd cut echo expr false grep head id ls nl paste pwd rev seq stat tail tr true
//   uname uniq wc which whoami, and on Linux numfmt and tac;
// - base64 without an output option (-o, --output, --output=…, -oFILE);
// - find without -exec/-execdir/-ok/-okdir/-delete/-fls/-fprint/-fprint0/-fprintf;
// - rg without --pre, --hostname-bin (also as --opt=…), --search-zip, -z;
// - git status/log/diff/show/branch (global options such as -C skipped to find the subcommand),
//   never with a config override (-c, --config-env) anywhere, never with --output, --ext-diff,
//   --textconv, --exec, --paginate; `git branch` only listing (no args, or only --list, -l,
//   --show-current, -a/--all, -r/--remotes, -v/-vv/--verbose, --format=…);
// - sed -n N[,M]p [file] (at most four words);
// - `bash|zsh|sh -c|-lc SCRIPT` when SCRIPT is plain commands joined by && || ; | (see
//   shell-parse.ts), every one of them safe by the rules above.
// `zsh` is treated as `bash`; argv[0] is judged by its basename (`/bin/ls` is `ls`).
// Upstream no longer lists `cargo check` (it runs build scripts); neither do we.
//
// Stricter than upstream, on purpose:
// - inside a script, a word with an unquoted glob (`*`, `?`, `[`) is only accepted as an argument
//   of commands that merely read whatever files they are given (cat, ls, grep, ...); for find,
//   rg, git, sed, base64, uniq the expansion could produce an option such as `-delete`;
// - rg: -z also inside a cluster of short flags (`-nz`);
// - git: --exec-path (chooses the programs git runs) and -p/--paginate before the subcommand;
// - uniq: at most one file argument (`uniq IN OUT` writes OUT).

import path from "node:path";

import { parsePlainCommands, type ShellWord } from "./shell-parse.js";

const ALWAYS_SAFE = new Set([
  "cat", "cd", "cut", "echo", "expr", "false", "grep", "head", "id", "ls", "nl", "paste", "pwd",
  "rev", "seq", "stat", "tail", "tr", "true", "uname", "wc", "which", "whoami",
]);
const LINUX_SAFE = new Set(["numfmt", "tac"]);
/** Commands for which a glob-expanded argument cannot turn a read into a write or an exec. */
const GLOB_TOLERANT = new Set([
  "cat", "cd", "cut", "echo", "grep", "head", "ls", "nl", "paste", "rev", "stat", "tac", "tail", "wc",
]);

const UNSAFE_FIND_OPTIONS = new Set(["-exec", "-execdir", "-ok", "-okdir", "-delete", "-fls", "-fprint", "-fprint0", "-fprintf"]);
const UNSAFE_RG_WITH_VALUE = ["--pre", "--hostname-bin"];
const UNSAFE_RG_FLAGS = new Set(["--search-zip", "-z"]);
const UNSAFE_GIT_ARGS = new Set(["--output", "--ext-diff", "--textconv", "--exec", "--paginate"]);
const GIT_READ_SUBCOMMANDS = new Set(["status", "log", "diff", "show", "branch"]);
const GIT_GLOBAL_WITH_VALUE = new Set(["-C", "-c", "--config-env", "--exec-path", "--git-dir", "--namespace", "--super-prefix", "--work-tree"]);
const GIT_GLOBAL_INLINE_PREFIXES = ["--config-env=", "--exec-path=", "--git-dir=", "--namespace=", "--super-prefix=", "--work-tree="];
const GIT_BRANCH_LIST_FLAGS = new Set(["--list", "-l", "--show-current", "-a", "--all", "-r", "--remotes", "-v", "-vv", "--verbose"]);
const SHELLS = new Set(["bash", "zsh", "sh"]);

function basename(cmd: string): string {
  return path.posix.basename(cmd);
}

function isLinux(): boolean {
  return process.platform === "linux" || process.platform === "android";
}

/** Returns the index and name of git's subcommand, skipping global options; undefined if none. */
function findGitSubcommand(argv: readonly string[]): { index: number; name: string } | undefined {
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (GIT_GLOBAL_INLINE_PREFIXES.some((p) => arg.startsWith(p))) continue;
    if ((arg.startsWith("-C") || arg.startsWith("-c")) && arg.length > 2) continue;
    if (GIT_GLOBAL_WITH_VALUE.has(arg)) {
      i++;
      continue;
    }
    if (arg === "--" || arg.startsWith("-")) continue;
    // In git the first non-option word is the subcommand, whatever follows.
    return { index: i, name: arg };
  }
  return undefined;
}

function isSafeGit(argv: readonly string[]): boolean {
  const hasConfigOverride = argv.some(
    (a) => a === "-c" || a === "--config-env" || (a.startsWith("-c") && a.length > 2) || a.startsWith("--config-env="),
  );
  if (hasConfigOverride) return false;
  const sub = findGitSubcommand(argv);
  if (!sub || !GIT_READ_SUBCOMMANDS.has(sub.name)) return false;
  const globals = argv.slice(1, sub.index);
  if (globals.some((a) => a === "--exec-path" || a.startsWith("--exec-path=") || a === "-p" || a === "--paginate")) return false;
  const args = argv.slice(sub.index + 1);
  if (args.some((a) => UNSAFE_GIT_ARGS.has(a) || a.startsWith("--output=") || a.startsWith("--exec="))) return false;
  if (sub.name !== "branch") return true;
  if (args.length === 0) return true;
  return args.every((a) => GIT_BRANCH_LIST_FLAGS.has(a) || a.startsWith("--format="));
}

function isValidSedPrint(arg: string | undefined): boolean {
  return arg !== undefined && /^(\d+,)?\d+p$/.test(arg);
}

function uniqHasAtMostOneFile(args: readonly string[]): boolean {
  const withValue = new Set(["-f", "-s", "-w", "--skip-fields", "--skip-chars", "--check-chars"]);
  let files = 0;
  let optionsDone = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (!optionsDone && a === "--") {
      optionsDone = true;
      continue;
    }
    if (!optionsDone && withValue.has(a)) {
      i++;
      continue;
    }
    if (!optionsDone && a.startsWith("-") && a !== "-") continue;
    files++;
  }
  return files <= 1;
}

/** Whether `argv`, run directly (no shell), is a known read-only command. */
export function isSafeToCallWithExec(argv: readonly string[]): boolean {
  const first = argv[0];
  if (first === undefined || first.length === 0) return false;
  const cmd = basename(first);
  const args = argv.slice(1);
  if (ALWAYS_SAFE.has(cmd)) return true;
  if (LINUX_SAFE.has(cmd)) return isLinux();
  switch (cmd) {
    case "uniq":
      return uniqHasAtMostOneFile(args);
    case "base64":
      return !args.some((a) => a === "-o" || a === "--output" || a.startsWith("--output=") || (a.startsWith("-o") && a !== "-o"));
    case "find":
      return !args.some((a) => UNSAFE_FIND_OPTIONS.has(a));
    case "rg":
      return !args.some(
        (a) =>
          UNSAFE_RG_FLAGS.has(a) ||
          UNSAFE_RG_WITH_VALUE.some((opt) => a === opt || a.startsWith(`${opt}=`)) ||
          /^-[^-]*z/.test(a),
      );
    case "git":
      return isSafeGit(argv);
    case "sed":
      return argv.length <= 4 && argv[1] === "-n" && isValidSedPrint(argv[2]);
    default:
      return false;
  }
}

function isSafeScriptCommand(words: readonly ShellWord[]): boolean {
  const [name] = words;
  if (!name || name.glob) return false;
  if (words.some((w) => w.glob) && !GLOB_TOLERANT.has(basename(name.text))) return false;
  return isSafeToCallWithExec(words.map((w) => w.text));
}

/** The script of `[bash|zsh|sh, -c|-lc, script]`, or undefined for any other shape. */
export function shellScriptOf(argv: readonly string[]): string | undefined {
  if (argv.length !== 3) return undefined;
  const [shell, flag, script] = argv as [string, string, string];
  if (!SHELLS.has(basename(shell))) return undefined;
  if (flag !== "-c" && flag !== "-lc") return undefined;
  return script;
}

/**
 * True when `argv` is known to only read: a safe command run directly, or a shell script made
 * only of safe plain commands. Anything the checker does not understand is unsafe.
 */
export function isKnownSafeCommand(argv: readonly string[]): boolean {
  const normalized = argv.map((a) => (a === "zsh" ? "bash" : a));
  if (isSafeToCallWithExec(normalized)) return true;
  const script = shellScriptOf(normalized);
  if (script === undefined) return false;
  const commands = parsePlainCommands(script);
  if (!commands || commands.length === 0) return false;
  return commands.every(isSafeScriptCommand);
}
