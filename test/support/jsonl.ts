// JSON Lines as tests read them: a command's --json output, or a rollout a kill may have cut short.

/** The lines of `text` that are JSON objects, parsed; other lines (text, a cut-off last line) are skipped. */
export function jsonLines(text: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const line of text.split("\n")) {
    const t = line.trim();
    if (!t.startsWith("{")) continue;
    try {
      out.push(JSON.parse(t) as Record<string, unknown>);
    } catch {
      /* not JSON */
    }
  }
  return out;
}
