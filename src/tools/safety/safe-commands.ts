// "Known safe" commands: read-only invocations that may run without asking under `untrusted`,
// following upstream Codex (shell-command/src/command_safety/is_safe_command.rs):
// - always: cat cd cut echo expr false grep head id ls nl paste pwd rev seq stat tail tr true
//   uname uniq wc which whoami, and on Linux numfmt and tac;
// - base64 without an output option (-o, --output, --output=…, -oFILE);
// - find without -exec/-execdir/-ok/-okdir/-delete/-fls/-fprint/-fprint0/-fprintf;
// - rg without --pre, --hostname-bin (also as --opt=…), --search-zip, -z;
// - sed -n N[,M]p [file];
// - `bash|zsh|sh -c|-lc SCRIPT` when SCRIPT is plain commands joined by && || ; | (see
//   shell-parse.ts), every one of them safe by the rules above.
// `zsh` is treated as `bash`. Upstream no longer lists `cargo check` (it runs build scripts);
// neither do we.
//
// Stricter than upstream, on purpose:
// - the program must be the host's: a name with a `/` (`./ls`, `bin/cat`, `/bin/ls`, `./bash -lc`)
//   is never known-safe, and a bare name must resolve along PATH to a program outside the
//   workspace (host-program.ts) — upstream judges argv[0] by its basename;
// - git is never known-safe. Even `git status` / `git diff` / `git log` / `git show` start
//   programs named by the repository: core.fsmonitor (status, diff), the clean/smudge/process
//   filters of .gitattributes (status re-reads modified files through them), diff.external,
//   diff.<driver>.command and textconv, core.pager and pager.<cmd>, gpg.program
//   (log.showSignature), the post-index-change hook (an index refresh; core.hooksPath moves it)…
//   read from .git/config, from files it [include]s, and from GIT_* variables. Running git with
//   `-c key=safe` overrides would be a deny-list of today's keys that any missed or future key
//   defeats, and `-c`, `-C`, `--git-dir`, `--exec-path`, `--output`, `--ext-diff`, `--textconv`
//   options make the argv itself dangerous too; so git asks, as upstream's newest exec policy
//   does for git under `untrusted` (its test git_status_requires_approval_under_unless_trusted);
// - inside a script, a word with an unquoted glob (`*`, `?`, `[`) is only accepted as an argument
//   of commands that merely read whatever files they are given (cat, ls, grep, ...); for find,
//   rg, sed, base64, uniq the expansion could produce an option such as `-delete`;
// - rg: -z also inside a cluster of short flags (`-nz`), and --pre-glob too;
// - sed: the file may not look like an option. GNU sed permutes its arguments, so upstream's
//   `sed -n 1p '-ew FILE'` writes FILE, and `sed -n 1p '-e1e CMD'` (with a file named `1p`)
//   runs CMD; here the fourth word must not start with `-`;
// - base64: `o` anywhere in a cluster of short flags (`-do FILE`, BSD) and any abbreviation of
//   --output (`--out=FILE`: getopt_long accepts unambiguous prefixes);
// - find: any word that starts like one of its unsafe primaries;
// - uniq: at most one file argument (`uniq IN OUT` writes OUT).
// Everything else (awk, sort, xargs, env, nice, timeout, stdbuf, git, tee, …) asks.

import { parsePlainCommands, type ShellWord } from "./shell-parse.js";

const ALWAYS_SAFE = new Set([
  "cat",
  "cd",
  "cut",
  "echo",
  "expr",
  "false",
  "grep",
  "head",
  "id",
  "ls",
  "nl",
  "paste",
  "pwd",
  "rev",
  "seq",
  "stat",
  "tail",
  "tr",
  "true",
  "uname",
  "wc",
  "which",
  "whoami",
]);
const LINUX_SAFE = new Set(["numfmt", "tac"]);
/** Commands for which a glob-expanded argument cannot turn a read into a write or an exec. */
const GLOB_TOLERANT = new Set([
  "cat",
  "cd",
  "cut",
  "echo",
  "grep",
  "head",
  "ls",
  "nl",
  "paste",
  "rev",
  "stat",
  "tac",
  "tail",
  "wc",
]);

/** -exec, -execdir, -ok, -okdir, -delete, -fls, -fprint, -fprint0, -fprintf, and anything starting like them. */
const UNSAFE_FIND_OPTION = /^-(exec|ok|delete|fls|fprint)/;
const UNSAFE_RG_WITH_VALUE = ["--pre", "--pre-glob", "--hostname-bin"];
const UNSAFE_RG_FLAGS = new Set(["--search-zip", "-z"]);
const SHELLS = new Set(["bash", "zsh", "sh"]);
/** Safe commands that bash, zsh and sh run as builtins: inside a script, no program is looked up. */
const SHELL_BUILTINS = new Set(["cd", "echo", "false", "pwd", "true"]);

/** Whether a bare command name runs the host's program of that name (see host-program.ts). */
export type HostProgramCheck = (name: string) => boolean;

function isLinux(): boolean {
  return process.platform === "linux" || process.platform === "android";
}

function isValidSedPrint(arg: string | undefined): boolean {
  return arg !== undefined && /^(\d+,)?\d+p$/.test(arg);
}

/** `sed -n N[,M]p [FILE]`, FILE not an option in disguise (`-ew OUT`, `--expression=…`, `-i`, `-s`). */
function isSedPrintLines(args: readonly string[]): boolean {
  const [quiet, script, file, ...rest] = args;
  return quiet === "-n" && isValidSedPrint(script) && rest.length === 0 && !(file?.startsWith("-") ?? false);
}

/** base64 -o FILE, -oFILE, -do FILE (a cluster), --output, --output=FILE and its abbreviations (--out=FILE). */
function isBase64OutputOption(arg: string): boolean {
  if (arg.startsWith("--")) {
    const name = arg.split("=", 1)[0] ?? "";
    return name.length > 2 && "--output".startsWith(name);
  }
  return /^-[^-]*o/.test(arg);
}

function uniqHasAtMostOneFile(args: readonly string[]): boolean {
  const withValue = new Set(["-f", "-s", "-w", "--skip-fields", "--skip-chars", "--check-chars"]);
  let files = 0;
  let optionsDone = false;
  const words = args[Symbol.iterator]();
  for (const a of words) {
    if (!optionsDone && a === "--") {
      optionsDone = true;
      continue;
    }
    if (!optionsDone && withValue.has(a)) {
      words.next(); // its value
      continue;
    }
    if (!optionsDone && a.startsWith("-") && a !== "-") continue;
    files++;
  }
  return files <= 1;
}

/**
 * Whether `argv`, run directly (no shell), is a known read-only command by its words alone.
 * A path (`./ls`, `/bin/ls`) is not: only a bare name can be checked to be the host's program.
 */
export function isSafeToCallWithExec(argv: readonly string[]): boolean {
  const cmd = argv[0];
  if (cmd === undefined || cmd.length === 0 || cmd.includes("/")) return false;
  const args = argv.slice(1);
  if (ALWAYS_SAFE.has(cmd)) return true;
  if (LINUX_SAFE.has(cmd)) return isLinux();
  switch (cmd) {
    case "uniq":
      return uniqHasAtMostOneFile(args);
    case "base64":
      return !args.some(isBase64OutputOption);
    case "find":
      return !args.some((a) => UNSAFE_FIND_OPTION.test(a));
    case "rg":
      return !args.some(
        (a) =>
          UNSAFE_RG_FLAGS.has(a) ||
          UNSAFE_RG_WITH_VALUE.some((opt) => a === opt || a.startsWith(`${opt}=`)) ||
          /^-[^-]*z/.test(a),
      );
    case "sed":
      return isSedPrintLines(args);
    default:
      return false;
  }
}

function isSafeScriptCommand(words: readonly ShellWord[], isHostProgram: HostProgramCheck): boolean {
  const [name] = words;
  if (!name || name.glob) return false;
  if (words.some((w) => w.glob) && !GLOB_TOLERANT.has(name.text)) return false;
  return isSafeToCallWithExec(words.map((w) => w.text)) && (SHELL_BUILTINS.has(name.text) || isHostProgram(name.text));
}

/** The script of `[bash|zsh|sh, -c|-lc, script]`, or undefined for any other shape. */
export function shellScriptOf(argv: readonly string[]): string | undefined {
  if (argv.length !== 3) return undefined;
  const [shell = "", flag = "", script] = argv;
  if (!SHELLS.has(shell)) return undefined;
  if (flag !== "-c" && flag !== "-lc") return undefined;
  return script;
}

/**
 * True when `argv` is known to only read: a safe command run directly, or a shell script made
 * only of safe plain commands, every program involved (the shell too) the host's own by
 * `isHostProgram`. Anything the checker does not understand is unsafe.
 */
export function isKnownSafeCommand(argv: readonly string[], isHostProgram: HostProgramCheck): boolean {
  const normalized = argv.map((a) => (a === "zsh" ? "bash" : a));
  const program = argv[0] ?? "";
  if (isSafeToCallWithExec(normalized)) return isHostProgram(program);
  const script = shellScriptOf(normalized);
  if (script === undefined || !isHostProgram(program)) return false;
  const commands = parsePlainCommands(script);
  if (!commands || commands.length === 0) return false;
  return commands.every((words) => isSafeScriptCommand(words, isHostProgram));
}
