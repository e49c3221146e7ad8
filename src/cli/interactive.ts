// `codex-litellm` with no arguments in a terminal, the everyday start: the interactive UI
// without the command-line parser and the other commands' modules, so its prompt is drawn
// as early as possible. Anything else goes through main.ts.
import { loadTui } from "../tui/load-tui.js";
import { sessionCode } from "../tui/session-code.js";
import { dismissInstantFrame } from "../tui/first-frame-handover.js";
import { reportError } from "./report-error.js";

/** Runs the UI as `codex-litellm` with no options would; returns the exit code. */
export async function runInteractive(): Promise<number> {
  // The session's code loads while Ink does (its failure is reported where the session awaits it).
  sessionCode().catch(() => undefined);
  try {
    const { runTui } = await loadTui();
    return await runTui({ load: { overrides: [], flags: {} } });
  } catch (err) {
    dismissInstantFrame();
    return reportError(err);
  }
}
