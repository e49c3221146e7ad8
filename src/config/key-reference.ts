// docs/config.md, generated from the known-keys table (a test keeps the file equal to it).
import { KNOWN_KEYS, type KeyStatus } from "./known-keys.js";

const STATUS_TEXT: Record<KeyStatus, string> = {
  honoured: "honoured",
  ignored: "ignored, named at start-up",
  "not-applicable": "not applicable, named at start-up",
  "not-yet-supported": "not yet supported, named at start-up",
};

const cell = (text: string) => text.replace(/\|/g, "\\|");

export function renderKeyReference(): string {
  const lines = [
    "# Configuration reference",
    "",
    "<!-- Generated from src/config/known-keys.ts by `npx vitest run src/config/key-reference.test.ts -u`; do not edit by hand. -->",
    "",
    "codex-litellm reads `$CODEX_HOME/config.toml` (default `~/.codex/config.toml`), the file upstream Codex",
    "reads, so one `~/.codex` serves both. This page lists every key upstream Codex 0.171 reads and every key",
    "of our own, with what codex-litellm does with it:",
    "",
    "- **honoured**: read and acted on (where our meaning differs from upstream's, the note says how);",
    "- **ignored** / **not applicable** / **not yet supported**: the value is left alone, and the key is named",
    "  once when a session starts (on stderr in `exec`, as a line in the interactive UI's transcript);",
    "- a key in no row is named as unknown, and a key under the wrong table is named with the table it belongs in.",
    "",
    "Nothing here is ever refused for being unknown: only a value of the wrong type or out of range is an error.",
    "`codex-litellm config check [FILE]` prints the same notices for a file, with a summary (exit 0 unless the",
    "file cannot be used; invalid TOML is reported as `file:line:col`).",
    "",
    "`<name>`, `<id>` and `<path>` stand for any key (a profile, a provider or server id, a project folder).",
    "A profile (`[profiles.<name>]`) may set only the keys listed under `profiles.<name>`; any other key in it is",
    "named and not applied, as upstream does.",
    "",
    "| key | origin | status | notes |",
    "| --- | --- | --- | --- |",
  ];
  const sorted = [...KNOWN_KEYS].sort((a, b) => a.path.localeCompare(b.path));
  for (const row of sorted) {
    const origin = row.origin === "ours" ? "codex-litellm" : "upstream";
    lines.push(`| \`${cell(row.path)}\` | ${origin} | ${STATUS_TEXT[row.status]} | ${cell(row.note)} |`);
  }
  return `${lines.join("\n")}\n`;
}
