// Test helpers for src/rollout: real temp dirs and quick synthetic rollout files.

import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach } from "vitest";
import { rolloutPath } from "../rollout-paths.js";
import { RolloutRecorder } from "../rollout-recorder.js";

export const FIXTURES_DIR = dirname(fileURLToPath(import.meta.url));

export function fixturePath(name: string): string {
  return join(FIXTURES_DIR, name);
}

export interface TempDir {
  path: string;
  cleanup(): void;
}

export function makeTempDir(prefix = "codex-litellm-session-"): TempDir {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}

/** A fresh temp dir for each test of the file, removed after it; read `.path` inside a test. */
export function useTempDir(prefix?: string): { readonly path: string } {
  let current: TempDir | undefined;
  beforeEach(() => {
    current = makeTempDir(prefix);
  });
  afterEach(() => current?.cleanup());
  return {
    get path() {
      if (!current) throw new Error("useTempDir: read .path inside a test");
      return current.path;
    },
  };
}

export function line(type: string, payload: unknown, timestamp = "2026-11-25T10:00:00.000Z"): string {
  return JSON.stringify({ timestamp, type, payload });
}

export function metaLine(id: string, cwd: string, extra: Record<string, unknown> = {}): string {
  return line("session_meta", {
    id,
    timestamp: "2026-11-25T10:00:00.000Z",
    cwd,
    originator: "codex-litellm",
    cli_version: "0.1.0",
    instructions: null,
    source: "cli",
    model_provider: "litellm",
    ...extra,
  });
}

export function userItemLine(text: string): string {
  return line("response_item", { type: "message", role: "user", content: [{ type: "input_text", text }] });
}

export function userEventLine(message: string): string {
  return line("event_msg", { type: "user_message", message });
}

export interface SyntheticSession {
  date: Date;
  id: string;
  cwd: string;
  /** Omit for a session without any user message. */
  userMessage?: string;
  /** Lines instead of the default ones. */
  lines?: string[];
}

/** Writes a rollout file where the recorder would put it; returns its path. */
export function writeSyntheticSession(codexHome: string, session: SyntheticSession): string {
  const path = rolloutPath(codexHome, session.date, session.id);
  mkdirSync(dirname(path), { recursive: true });
  const lines = session.lines ?? [
    metaLine(session.id, session.cwd),
    userItemLine(`<environment_context>\n  <cwd>${session.cwd}</cwd>\n</environment_context>`),
    ...(session.userMessage !== undefined
      ? [userItemLine(session.userMessage), userEventLine(session.userMessage)]
      : []),
  ];
  writeFileSync(path, lines.map((l) => `${l}\n`).join(""));
  return path;
}

/** A UUID whose order follows `n` (for predictable sorting). */
export function orderedUuid(n: number): string {
  const hex = n.toString(16).padStart(12, "0");
  return `01900000-0000-7000-8000-${hex}`;
}

/** Places upstream Codex 0.169's rollout-one-shell.jsonl in `codexHome`'s sessions folder, under its own name; returns its path. */
export function placeUpstreamOneShell(codexHome: string): string {
  const path = join(
    codexHome,
    "sessions",
    "2026",
    "11",
    "25",
    "rollout-2026-11-25T11-00-30-01a2125d-3ef2-7213-a5dd-0a482ce2bc6c.jsonl",
  );
  mkdirSync(dirname(path), { recursive: true });
  copyFileSync(fixturePath("rollout-one-shell.jsonl"), path);
  return path;
}

/** A new rollout in `dir` (as CODEX_HOME and cwd) for an exec session; `extra` overrides any option. */
export function tempRecorder(dir: string, extra: Partial<Parameters<typeof RolloutRecorder.create>[0]> = {}) {
  return RolloutRecorder.create({
    codexHome: dir,
    cwd: dir,
    cliVersion: "0.1.0",
    source: "exec",
    modelProvider: "litellm",
    model: "gpt-5.5",
    ...extra,
  });
}
