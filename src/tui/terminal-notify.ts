// Upstream's `[tui] notifications` / `notification_method`: a terminal notification when a turn
// ends or an approval waits — OSC 9 (a desktop notification in iTerm2, WezTerm, ghostty, kitty…)
// or the terminal bell. Neither moves the cursor, so they can be written between Ink's frames.
// Unlike upstream (default on, only while the terminal is unfocused) we cannot tell focus, so
// nothing is sent unless `notifications` is set.
import type { Table } from "../util/tables.js";

export type NotificationKind = "agent-turn-complete" | "approval-requested";

const OSC9_TERMINALS = ["iTerm.app", "WezTerm", "ghostty", "vscode"];

export function terminalNotifier(
  tui: Table,
  env: NodeJS.ProcessEnv,
  write: (bytes: string) => void,
): (kind: NotificationKind, text: string) => void {
  const setting = tui.notifications;
  const enabled = (kind: NotificationKind) =>
    setting === true || (Array.isArray(setting) && setting.some((k) => k === kind));
  const method = typeof tui.notification_method === "string" ? tui.notification_method : "auto";
  const osc9 =
    method === "osc9" ||
    (method === "auto" && (OSC9_TERMINALS.includes(env.TERM_PROGRAM ?? "") || env.KITTY_WINDOW_ID !== undefined));
  return (kind, text) => {
    if (!enabled(kind)) return;
    // `text` is one of our fixed sentences (never model output), so it carries no control characters.
    write(osc9 ? `\x1b]9;${text}\x07` : "\x07");
  };
}
