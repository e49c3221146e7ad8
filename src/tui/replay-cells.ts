// The cells a resumed session's transcript replays, worded as upstream's UI shows them.
import type { LoadedRollout, TranscriptEntry } from "../rollout/resume-history.js";
import { addCell, INTERRUPTED_NOTICE, type NewCell, type UiState } from "./state.js";

/**
 * A resumed session's UI state: its transcript replayed, and the footer's and /status's counts
 * as recorded (until the next response updates them); plus a warning for lines not read.
 */
export async function resumedState(
  state: UiState,
  resume: LoadedRollout,
): Promise<{ state: UiState; warning: string | null }> {
  let next = state;
  for (const entry of resume.transcript) {
    const cell = replayCell(entry);
    if (cell) next = addCell(next, cell);
  }
  const usage = resume.tokenUsage;
  next = {
    ...next,
    last: usage?.last_token_usage ?? null,
    total: usage?.total_token_usage ?? null,
    tokensInContext: resume.tokensInContext,
  };
  const { skippedLinesSummary } = await import("../rollout/rollout-reader.js");
  return { state: next, warning: skippedLinesSummary(resume.path, resume.stats) };
}

export function replayCell(entry: TranscriptEntry): NewCell | null {
  switch (entry.kind) {
    case "user":
      return { kind: "user", text: entry.text };
    case "assistant":
      return { kind: "assistant", text: entry.text, done: true };
    case "turn_aborted":
      return { kind: "notice", level: "error", text: INTERRUPTED_NOTICE };
    case "context_compacted":
      return { kind: "notice", level: "info", text: "Context compacted" };
    case "declined_command":
      return {
        kind: "notice",
        level: "error",
        mark: "✗",
        text: entry.aborted
          ? `You canceled the request to run ${entry.text}`
          : `You did not approve codex to run ${entry.text}`,
      };
    case "web_search":
      return { kind: "activity", title: "Searched", detail: entry.text };
    case "reasoning":
      return null;
  }
}
