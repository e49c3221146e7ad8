// The cells a resumed session's transcript replays, worded as upstream's UI shows them.
import type { TranscriptEntry } from "../rollout/resume-history.js";
import { INTERRUPTED_NOTICE, type NewCell } from "./state.js";

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
