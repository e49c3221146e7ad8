// A deliberately small parser for the one shell subset the safe-command check accepts: plain
// commands (words, 'single' and "double" quoted strings, backslash escapes) joined by `&&`,
// `||`, `;`, `|` or newlines. Upstream gets the same subset out of tree-sitter-bash
// (core/src/bash.rs try_parse_word_only_commands_sequence); here anything outside it makes the
// whole script unparsed (null), and an unparsed script is never considered safe.
//
// Rejected, unquoted: `$` (variables, `$(...)`, `$((...))`), backticks, `(` `)` (subshells),
// `<` `>` (redirections, here-docs, process substitution), a lone `&` (background), `{` `}`
// (brace expansion / groups), `!` (negation, history), `#` (comments), `;;`, control
// characters, a trailing backslash or line continuation, unterminated quotes, empty commands,
// and `NAME=value` prefixes (environment assignments).
// Rejected inside double quotes: `$` and backticks (expansions).
// Unquoted glob characters (`*`, `?`, `[`) are accepted but reported per word, so the caller can
// refuse them where an expansion could smuggle in an option (e.g. a file named `-delete`).

export interface ShellWord {
  /** The word after quote removal. */
  text: string;
  /** True when the word contains an unquoted `*`, `?` or `[` (pathname expansion applies). */
  glob: boolean;
}

type Token = { kind: "word"; word: ShellWord } | { kind: "op"; op: "&&" | "||" | ";" | "|" | "\n" };

const REJECT_UNQUOTED = new Set(["$", "`", "(", ")", "<", ">", "{", "}", "!", "#"]);
const GLOB_CHARS = new Set(["*", "?", "["]);
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*\+?=/;

function isControl(ch: string): boolean {
  const c = ch.codePointAt(0) ?? 0;
  return (c < 0x20 && ch !== "\t" && ch !== "\n") || c === 0x7f;
}

function tokenize(script: string): Token[] | null {
  const tokens: Token[] = [];
  const chars = [...script];
  let i = 0;
  for (let ch = chars[i]; ch !== undefined; ch = chars[i]) {
    if (ch === " " || ch === "\t") {
      i++;
      continue;
    }
    if (ch === "\n") {
      tokens.push({ kind: "op", op: "\n" });
      i++;
      continue;
    }
    if (ch === ";") {
      if (chars[i + 1] === ";") return null;
      tokens.push({ kind: "op", op: ";" });
      i++;
      continue;
    }
    if (ch === "&") {
      if (chars[i + 1] !== "&") return null;
      tokens.push({ kind: "op", op: "&&" });
      i += 2;
      continue;
    }
    if (ch === "|") {
      if (chars[i + 1] === "|") {
        tokens.push({ kind: "op", op: "||" });
        i += 2;
      } else if (chars[i + 1] === "&") {
        return null; // `|&` pipes stderr too; outside the subset.
      } else {
        tokens.push({ kind: "op", op: "|" });
        i++;
      }
      continue;
    }

    // A word: runs until unquoted whitespace or an operator character.
    let text = "";
    let glob = false;
    let quotedAnything = false;
    for (let c = chars[i]; c !== undefined; c = chars[i]) {
      if (c === " " || c === "\t" || c === "\n" || c === ";" || c === "&" || c === "|") break;
      if (isControl(c)) return null;
      if (c === "'") {
        const end = chars.indexOf("'", i + 1);
        if (end === -1) return null;
        text += chars.slice(i + 1, end).join("");
        quotedAnything = true;
        i = end + 1;
        continue;
      }
      if (c === '"') {
        i++;
        let closed = false;
        for (let d = chars[i]; d !== undefined; d = chars[i]) {
          if (d === '"') {
            closed = true;
            i++;
            break;
          }
          if (d === "$" || d === "`") return null;
          if (isControl(d)) return null;
          if (d === "\\") {
            const next = chars[i + 1];
            if (next === undefined || next === "\n") return null;
            // Inside double quotes a backslash only escapes these; otherwise it is literal.
            if (next === "$" || next === "`" || next === '"' || next === "\\") {
              text += next;
              i += 2;
              continue;
            }
            text += d;
            i++;
            continue;
          }
          text += d;
          i++;
        }
        if (!closed) return null;
        quotedAnything = true;
        continue;
      }
      if (c === "\\") {
        const next = chars[i + 1];
        if (next === undefined || next === "\n" || isControl(next)) return null;
        text += next;
        i += 2;
        continue;
      }
      if (REJECT_UNQUOTED.has(c)) return null;
      if (GLOB_CHARS.has(c)) glob = true;
      text += c;
      i++;
    }
    if (text.length === 0 && !quotedAnything) return null;
    tokens.push({ kind: "word", word: { text, glob } });
  }
  return tokens;
}

/**
 * Splits `script` into its plain commands (each a list of words), or returns null when the
 * script uses anything beyond plain words joined by `&&`, `||`, `;`, `|` and newlines.
 */
export function parsePlainCommands(script: string): ShellWord[][] | null {
  const tokens = tokenize(script);
  if (!tokens) return null;
  const commands: ShellWord[][] = [];
  let current: ShellWord[] = [];
  // The operator that ended the previous command, while no word of the next one has been seen.
  let pending: "&&" | "||" | "|" | ";" | undefined;
  for (const token of tokens) {
    if (token.kind === "word") {
      if (current.length === 0 && !token.word.glob && ASSIGNMENT.test(token.word.text)) return null;
      current.push(token.word);
      pending = undefined;
      continue;
    }
    if (token.op === "\n") {
      // Ends a command; blank lines, and a line break after `&&`, `||` or `|`, are fine.
      if (current.length > 0) {
        commands.push(current);
        current = [];
        pending = ";";
      }
      continue;
    }
    // `&&`, `||`, `|` and `;` need a command right before them (bash: syntax error otherwise).
    if (current.length === 0) return null;
    commands.push(current);
    current = [];
    pending = token.op;
  }
  if (current.length > 0) commands.push(current);
  else if (pending === "&&" || pending === "||" || pending === "|") return null;
  return commands;
}
