import { Text } from "ink";
import React, { useEffect, useState } from "react";
import type { SessionSummary } from "../../rollout/session-list.js";
import type { TuiHost } from "../host.js";
import { SelectList } from "./SelectList.js";

export function ageOf(timestamp: string): string {
  const minutes = Math.round((Date.now() - Date.parse(timestamp)) / 60_000);
  return minutes < 60
    ? `${minutes}m ago`
    : minutes < 48 * 60
      ? `${Math.round(minutes / 60)}h ago`
      : `${Math.round(minutes / 1440)}d ago`;
}

/** The sessions picker: newest first, first message as preview, age; type to search. */
export function SessionList({
  sessions,
  view = "dense",
  onSelect,
  onCancel,
}: {
  sessions: SessionSummary[];
  /** `[tui] session_picker_view`: `comfortable` puts each session's age and id on a line of its own. */
  view?: "dense" | "comfortable" | undefined;
  onSelect: (path: string) => void;
  onCancel: () => void;
}) {
  return (
    <SelectList
      filterable
      detailBelow={view === "comfortable"}
      height={view === "comfortable" ? 8 : 15}
      title="Resume a session (newest first)"
      items={sessions.map((s) => ({
        label: (s.preview || "(no message)").replace(/\s+/g, " ").slice(0, 70),
        detail: `${ageOf(s.timestamp)} · ${s.id.slice(0, 13)}`,
        value: s.path,
      }))}
      onSelect={onSelect}
      onCancel={onCancel}
    />
  );
}

/** /resume inside the UI. */
export function ResumePicker({ host, onDone }: { host: TuiHost; onDone: () => void }) {
  const [sessions, setSessions] = useState<SessionSummary[] | null>(null);
  useEffect(() => {
    // Sessions recorded in this directory, newest first.
    const config = host.config;
    if (!config) return setSessions([]);
    import("../../rollout/session-list.js")
      .then(({ listSessions }) => listSessions({ codexHome: config.codexHome, cwd: config.cwd, pageSize: 50 }))
      .then(
        ({ sessions }) => setSessions(sessions),
        () => setSessions([]),
      );
  }, [host]);
  if (!sessions) return <Text dimColor>Looking for sessions…</Text>;
  if (sessions.length === 0) return <Text dimColor>No other sessions in this directory. (Esc)</Text>;
  return (
    <SessionList
      sessions={sessions}
      view={host.config?.tui.session_picker_view}
      onSelect={(path) => void host.resumeFrom(path).finally(onDone)}
      onCancel={onDone}
    />
  );
}
