/**
 * String helpers with the exact semantics of the Rust `str` methods upstream's
 * apply_patch relies on. JavaScript's `trim()` uses a slightly different set of
 * whitespace characters (it strips U+FEFF, keeps U+0085), so we spell the Rust set out.
 */

/** Characters with the Unicode White_Space property (what Rust's `char::is_whitespace` accepts). */
const RUST_WHITESPACE = "\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";

const LEADING_WHITESPACE = new RegExp(`^[${RUST_WHITESPACE}]+`);
const TRAILING_WHITESPACE = new RegExp(`[${RUST_WHITESPACE}]+$`);

/** Rust `str::trim`. */
export function rustTrim(text: string): string {
  return rustTrimEnd(rustTrimStart(text));
}

/** Rust `str::trim_start`. */
export function rustTrimStart(text: string): string {
  return text.replace(LEADING_WHITESPACE, "");
}

/** Rust `str::trim_end`. */
export function rustTrimEnd(text: string): string {
  return text.replace(TRAILING_WHITESPACE, "");
}

/**
 * Rust `str::lines`: splits on `\n`, drops one `\r` before each `\n`, and yields no
 * empty final line when the text ends with a newline.
 */
export function rustLines(text: string): string[] {
  if (text === "") return [];
  const parts = text.split("\n");
  const last = parts.length - 1;
  const lines = parts.map((line, index) => (index < last && line.endsWith("\r") ? line.slice(0, -1) : line));
  if (lines[last] === "") lines.pop();
  return lines;
}
