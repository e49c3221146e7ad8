// Joining an argv into one display string the way upstream Codex does (its `shlex_join`, which
// is the Rust `shlex` crate's `try_join`): each word is left bare when it only has safe
// characters, otherwise it is split into chunks that are single-quoted, or double-quoted with
// backslash escapes when the chunk holds a `'` or `\`. A word containing NUL cannot be quoted;
// upstream then shows a fixed placeholder for the whole command.

const NUL_PLACEHOLDER = "<command included NUL byte>";

const UNQUOTED = 1;
const SINGLE = 2;
const DOUBLE = 4;

function bareOk(code: number): boolean {
  return (
    (code >= 0x30 && code <= 0x39) || // 0-9
    (code >= 0x41 && code <= 0x5a) || // A-Z
    (code >= 0x61 && code <= 0x7a) || // a-z
    code === 0x2b || // +
    code === 0x2d || // -
    code === 0x2e || // .
    code === 0x2f || // /
    code === 0x3a || // :
    code === 0x40 || // @
    code === 0x5d || // ]
    code === 0x5f // _
  );
}

/** Which strategies can carry this character (non-ASCII is never bare, always quotable). */
function allowed(code: number): number {
  if (code >= 0x80) return SINGLE | DOUBLE;
  let ok = 0;
  if (bareOk(code)) ok |= UNQUOTED;
  // Inside single quotes: no `'`, no `^` (bash history quirk), no `\` (fish).
  if (code !== 0x27 && code !== 0x5e && code !== 0x5c) ok |= SINGLE;
  // Inside double quotes: no `` ` `` or `$` (expansion), no `!` or `^` (interactive quirks).
  if (code !== 0x60 && code !== 0x24 && code !== 0x21 && code !== 0x5e) ok |= DOUBLE;
  return ok;
}

/** Longest prefix of `word` (non-empty) that one strategy can carry, and that strategy. */
function nextChunk(word: string): { length: number; strategy: number } {
  let ok = UNQUOTED | SINGLE | DOUBLE;
  let i = 0;
  if (word.charCodeAt(0) === 0x5e) {
    // A leading `^` is only safe right after an opening single quote.
    ok = SINGLE;
    i = 1;
  }
  for (; i < word.length; i++) {
    const next = ok & allowed(word.charCodeAt(i));
    if (next === 0) break;
    ok = next;
  }
  const strategy = ok & UNQUOTED ? UNQUOTED : ok & SINGLE ? SINGLE : DOUBLE;
  return { length: i, strategy };
}

/** Quote one word for a POSIX shell; `null` when it contains NUL (unquotable). */
export function shellQuote(word: string): string | null {
  if (word === "") return "''";
  if (word.includes("\0")) return null;
  let out = "";
  let rest = word;
  while (rest.length > 0) {
    const { length, strategy } = nextChunk(rest);
    const chunk = rest.slice(0, length);
    rest = rest.slice(length);
    if (strategy === UNQUOTED) out += chunk;
    else if (strategy === SINGLE) out += `'${chunk}'`;
    else out += `"${chunk.replace(/[$`"\\]/g, (c) => `\\${c}`)}"`;
  }
  return out;
}

/** The command string upstream shows for an argv, e.g. `/bin/bash -lc 'echo hi > out.txt'`. */
export function shellJoin(argv: readonly string[]): string {
  const words: string[] = [];
  for (const arg of argv) {
    const quoted = shellQuote(arg);
    if (quoted === null) return NUL_PLACEHOLDER;
    words.push(quoted);
  }
  return words.join(" ");
}

/** The script of a `bash -lc SCRIPT` style argv (bash, zsh or sh, by name or path; `-lc` or `-c`). */
function shellScript(argv: readonly string[]): string | null {
  if (argv.length !== 3) return null;
  const [shell = "", flag, script = ""] = argv;
  const name = shell.slice(shell.lastIndexOf("/") + 1);
  if (!["bash", "zsh", "sh"].includes(name) || (flag !== "-lc" && flag !== "-c")) return null;
  return script;
}

/** A command as the user would type it: the script of a `bash -lc` wrapper bare, otherwise the quoted argv. */
export function displayCommand(argv: readonly string[]): string {
  return shellScript(argv) ?? shellJoin(argv);
}
