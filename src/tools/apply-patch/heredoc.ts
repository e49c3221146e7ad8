/**
 * Recognises the shell scripts upstream Codex treats as an apply_patch call: a single
 * statement, optionally preceded by `cd <dir> &&`, feeding a heredoc to the command:
 *
 *   apply_patch <<'EOF'            cd src && apply_patch <<"PATCH"
 *   *** Begin Patch                *** Begin Patch
 *   ...                            ...
 *   *** End Patch                  *** End Patch
 *   EOF                            PATCH
 *
 * Anything else (other commands before or after, `;`, `||`, `|`, arguments to
 * apply_patch, two `cd`s, a `cd` with two arguments, a missing closing delimiter) is
 * not a match, so the script runs in the shell as written.
 */

export interface HeredocApplyPatch {
  /** The heredoc body (trailing newlines removed). */
  body: string;
  /** The `cd` argument with its quotes removed, or null without a `cd`. */
  cdPath: string | null;
}

/** An unquoted shell word with no expansions, quoting or operators in it. */
const PLAIN_WORD = String.raw`[^\s'"\x60$;&|<>()\\#]+`;
const CD_ARGUMENT = String.raw`(?:(?<cdWord>${PLAIN_WORD})|"(?<cdDouble>[^"$\x60\\]+)"|'(?<cdSingle>[^']*)')`;
const DELIMITER = String.raw`(?:(?<bare>[A-Za-z0-9_.\-]+)|'(?<single>[^'\n]+)'|"(?<double>[^"\n$\x60\\]+)")`;
const COMMAND_LINE = new RegExp(
  String.raw`^(?:cd[ \t]+${CD_ARGUMENT}[ \t]*&&[ \t]*)?(?:apply_patch|applypatch)[ \t]*<<(?<strip>-?)[ \t]*${DELIMITER}[ \t]*$`,
);

/** Returns the heredoc body and `cd` path of an apply_patch script, or null. */
export function extractApplyPatchHeredoc(script: string): HeredocApplyPatch | null {
  const lines = script.replace(/^\s+/, "").split("\n");
  const match = COMMAND_LINE.exec(lines[0] ?? "");
  if (!match?.groups) return null;
  const groups = match.groups;
  const delimiter = groups.bare ?? groups.single ?? groups.double;
  if (delimiter === undefined) return null;
  const stripTabs = groups.strip === "-";

  const endIndex = lines.findIndex(
    (line, index) => index > 0 && (stripTabs ? line.replace(/^\t+/, "") : line) === delimiter,
  );
  if (endIndex < 0) return null;
  // Nothing but blank space may follow the closing delimiter.
  if (lines.slice(endIndex + 1).some((line) => line.trim() !== "")) return null;

  const body = lines.slice(1, endIndex).join("\n").replace(/\n+$/, "");
  const cdPath = groups.cdWord ?? groups.cdDouble ?? groups.cdSingle ?? null;
  return { body, cdPath };
}
