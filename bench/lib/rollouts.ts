// Generated CODEX_HOMEs for the session benchmarks, in the classic rollout format (envelope
// `{timestamp, type, payload}`, no `ordinal`) that both codex-litellm and upstream Codex 0.169
// read and resume (see /work/shared/reference/upstream-observed.md, "Interop check").
//
//   sessions/YYYY/MM/DD/rollout-YYYY-MM-DDThh-mm-ss-<uuidv7>.jsonl   (local time, as both write)
//
// File mtimes are set to the session's time, so "most recent" agrees whether a reader sorts by
// file name or by modification time.
import { mkdirSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/** A valid, deterministic UUIDv7 for time `ms` and counter `n`. */
export function uuidV7(ms: number, n: number): string {
  const hex = ms.toString(16).padStart(12, "0");
  const r = (n * 2654435761 + 12345) >>> 0;
  const a = (0x7000 | (n & 0x0fff)).toString(16);
  const b = (0x8000 | (r & 0x3fff)).toString(16);
  const c = ((r >>> 2) & 0xffffffff).toString(16).padStart(8, "0") + (n & 0xffff).toString(16).padStart(4, "0");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${a}-${b}-${c}`;
}

function fileTimestamp(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}-${pad(d.getMinutes())}-${pad(d.getSeconds())}`;
}

export function rolloutPathFor(codexHome: string, d: Date, id: string): string {
  return path.join(
    codexHome,
    "sessions",
    String(d.getFullYear()),
    pad(d.getMonth() + 1),
    pad(d.getDate()),
    `rollout-${fileTimestamp(d)}-${id}.jsonl`,
  );
}

const line = (timestamp: string, type: string, payload: unknown) => JSON.stringify({ timestamp, type, payload });

function sessionMeta(ts: string, id: string, cwd: string): string {
  return line(ts, "session_meta", {
    id,
    timestamp: ts,
    cwd,
    originator: "codex_exec",
    cli_version: "0.169.0",
    instructions: null,
    source: "exec",
    model_provider: "litellm",
    git: { commit_hash: "5f1b3c0d2e4a6b8c9d0e1f2a3b4c5d6e7f8a9b0c", branch: "main" },
  });
}

function turnContext(ts: string, cwd: string): string {
  return line(ts, "turn_context", {
    cwd,
    approval_policy: "never",
    sandbox_policy: { type: "danger-full-access" },
    model: "gpt-5.5",
    summary: "auto",
  });
}

const userItem = (text: string) => ({ type: "message", role: "user", content: [{ type: "input_text", text }] });
const assistantItem = (text: string) => ({
  type: "message",
  role: "assistant",
  content: [{ type: "output_text", text }],
});

function writeRollout(file: string, lines: string[], when: Date): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${lines.join("\n")}\n`);
  utimesSync(file, when, when);
}

export interface GeneratedSession {
  id: string;
  path: string;
}

/**
 * `count` short sessions (one exchange each), 15 minutes apart, starting 2026-01-01 local time.
 * Only the OLDEST one was started in `matchCwd`; the others in other directories. So
 * `exec resume --last` run in `matchCwd` has to look at every session before it finds its own.
 */
export function writeManySessions(codexHome: string, count: number, matchCwd: string): GeneratedSession {
  const start = new Date(2026, 0, 1, 0, 0, 0).getTime();
  let match: GeneratedSession | undefined;
  for (let i = 0; i < count; i++) {
    const when = new Date(start + i * 15 * 60_000);
    const ts = when.toISOString();
    const id = uuidV7(when.getTime(), i);
    const cwd = i === 0 ? matchCwd : `/work/elsewhere/project-${i % 97}`;
    const prompt = `Session ${i}: look at the failing test in module ${i % 13} and fix it`;
    const answer = `Fixed the off-by-one in module ${i % 13}; the test passes now.`;
    const file = rolloutPathFor(codexHome, when, id);
    writeRollout(
      file,
      [
        sessionMeta(ts, id, cwd),
        turnContext(ts, cwd),
        line(ts, "response_item", userItem(prompt)),
        line(ts, "event_msg", { type: "user_message", message: prompt, images: [] }),
        line(ts, "response_item", assistantItem(answer)),
        line(ts, "event_msg", { type: "agent_message", message: answer }),
      ],
      when,
    );
    if (i === 0) match = { id, path: file };
  }
  return match as GeneratedSession;
}

/**
 * One session of `items` response items in turns of 10: user message, 4 × (shell function_call,
 * function_call_output), assistant message — plus the classic `turn_context`, `user_message`
 * and `agent_message` lines. About 170 bytes of model-visible text per item.
 */
export function writeLongSession(codexHome: string, items: number, cwd: string): GeneratedSession & { bytes: number } {
  const when = new Date(2026, 5, 1, 12, 0, 0);
  const t0 = when.getTime();
  const id = uuidV7(t0, 1);
  const lines: string[] = [sessionMeta(when.toISOString(), id, cwd)];
  let n = 0;
  let turn = 0;
  const ts = () => new Date(t0 + n * 1000).toISOString();
  while (n < items) {
    lines.push(turnContext(ts(), cwd));
    const prompt = `Turn ${turn}: check module ${turn % 50} for the regression reported in issue #${1000 + turn} and fix it.`;
    lines.push(
      line(ts(), "response_item", userItem(prompt)),
      line(ts(), "event_msg", { type: "user_message", message: prompt, images: [] }),
    );
    n++;
    for (let k = 0; k < 4 && n < items - 1; k++) {
      const call_id = `call_${turn}_${k}`;
      const cmd = `sed -n '${k * 40 + 1},${k * 40 + 40}p' src/module${turn % 50}.ts`;
      lines.push(
        line(ts(), "response_item", {
          type: "function_call",
          name: "shell",
          arguments: JSON.stringify({ command: ["bash", "-lc", cmd] }),
          call_id,
        }),
      );
      n++;
      const output = `export function f${k}(x: number): number {\n  return x + ${k}; // line ${k * 40 + 1}\n}\n// ... ${turn}/${k}: 37 more lines elided by the generator ...\n`;
      lines.push(line(ts(), "response_item", { type: "function_call_output", call_id, output }));
      n++;
    }
    if (n < items) {
      const answer = `Turn ${turn}: fixed the regression in module ${turn % 50} (wrong bound in f2); tests pass.`;
      lines.push(
        line(ts(), "response_item", assistantItem(answer)),
        line(ts(), "event_msg", { type: "agent_message", message: answer }),
      );
      n++;
    }
    turn++;
  }
  const file = rolloutPathFor(codexHome, when, id);
  writeRollout(file, lines, new Date(t0 + n * 1000));
  return { id, path: file, bytes: lines.reduce((s, l) => s + l.length + 1, 0) };
}
