// What both exec renderers (human text, `--json` JSONL) have in common.
import type { AgentEvent } from "../protocol/events.js";

/** Where a renderer writes: `process.stdout`, `process.stderr`, or a test capture. */
export interface TextSink {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

export type ExecOutcome =
  /** The last turn completed. */
  | "completed"
  /** The last turn failed (`turn_failed`). */
  | "failed"
  /** The last turn was interrupted. */
  | "aborted"
  /** No turn ended (the event stream stopped early). */
  | "incomplete";

export interface ExecRenderSummary {
  sessionId: string | null;
  /** The final agent message of a completed turn (null when the turn failed or was aborted). */
  finalMessage: string | null;
  outcome: ExecOutcome;
  /** The failure message when `outcome` is "failed". */
  errorMessage: string | null;
}

export interface ExecRenderer {
  /** Render one agent event as it happens. */
  handle(event: AgentEvent): void;
  /** End of the run: print what comes last and say how it went. Safe to call twice. */
  finish(): ExecRenderSummary;
}
