import type { AgentEvent, HookOutputEntry } from "./events.js";

type HookCompleted = Extract<AgentEvent, { type: "hook_completed" }>;

/** The lines a front-end shows for a finished hook (none when it said nothing), one per entry. */
export function hookLines(event: HookCompleted): { level: "info" | "warning" | "error"; text: string }[] {
  return event.entries.flatMap((entry) => {
    const text = entry.text.trim();
    return text ? [{ level: levelOf(entry), text: `${event.event} hook${LABELS[entry.kind]}: ${text}` }] : [];
  });
}

const LABELS: Record<HookOutputEntry["kind"], string> = {
  warning: "",
  context: " (context)",
  feedback: " (blocked)",
  stop: " stopped the turn",
  error: " failed",
};

function levelOf(entry: HookOutputEntry): "info" | "warning" | "error" {
  return entry.kind === "error" ? "error" : entry.kind === "warning" || entry.kind === "context" ? "info" : "warning";
}
