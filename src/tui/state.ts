// The interactive UI's state as a pure function of the agent's events (plus a few UI-only
// actions). Finished cells move to `committed`, which Ink renders once (<Static>), so a long
// transcript never re-renders; only `live` cells update while a turn streams.
import { webSearchDetail } from "../rollout/web-search-detail.js";
import type {
  AgentEvent,
  ContextWindowInfo,
  FileChange,
  KeyStatus,
  PlanStep,
  TokenUsage,
  TurnUsageRecord,
} from "../protocol/events.js";
import { percentContextLeft } from "../agent/context-window.js";
import { hookLines } from "../protocol/hook-lines.js";
import { collabBeginLine, collabEndLine } from "../protocol/collab-lines.js";
import { assertNever } from "../util/assert-never.js";
import { finalOutput, keepOutput } from "./command-output.js";
import type { FinishedMarkdown, PartGap } from "./markdown-stream.js";

/** Upstream's line for a turn the user interrupted (live, and replayed on resume). */
export const INTERRUPTED_NOTICE = "Conversation interrupted - tell the model what to do differently.";

export type Cell =
  | { kind: "user"; id: string; text: string }
  | {
      kind: "assistant";
      id: string;
      text: string;
      done: boolean;
      /** It continues the answer above it (a part already in the scrollback): on the next row, or after a blank one. */
      joined?: PartGap;
      /** While it streams: the answer's text already moved to the scrollback (committingReducer); `text` is the rest. */
      committedText?: string;
    }
  | { kind: "reasoning"; id: string; text: string; done: boolean }
  | {
      kind: "command";
      id: string;
      command: string[];
      cwd: string;
      /** Its last lines (command-output.ts); `omittedLines` counts those dropped before them. */
      output: string;
      omittedLines?: number;
      exitCode: number | null;
      durationMs: number;
      status: "running" | "completed" | "failed" | "declined";
    }
  | { kind: "patch"; id: string; changes: FileChange[]; status: "applying" | "applied" | "failed"; output: string }
  | { kind: "plan"; id: string; plan: PlanStep[]; explanation: string | null }
  | {
      kind: "mcp";
      id: string;
      server: string;
      tool: string;
      status: "running" | "completed" | "failed";
      error: string | null;
    }
  /** `mark` replaces the level's default mark (■, ⚠, •), as in upstream's "✗ You did not approve…". */
  | { kind: "notice"; id: string; level: "info" | "warning" | "error"; text: string; mark?: string }
  | { kind: "card"; id: string; title: string; lines: string[] }
  /** A finished step of the model's as upstream shows it: `• Searched <query>`, `• Viewed Image <path>`. */
  | { kind: "activity"; id: string; title: string; detail: string }
  /** write_stdin to a background terminal: what was typed, or nothing (the model waited on it). */
  | { kind: "interaction"; id: string; command: string; stdin: string };

/** A cell before it has an id (distributes over the union, unlike a plain Omit). */
export type NewCell = Cell extends infer C ? (C extends Cell ? Omit<C, "id"> & { id?: string } : never) : never;

export interface SessionInfo {
  sessionId: string;
  model: string;
  reasoningEffort: string | null;
  providerName: string;
  baseUrl: string;
  wireApi: string;
  cwd: string;
  approvalPolicy: string;
  sandboxMode: string;
  contextWindow: ContextWindowInfo;
  /** Model settings the Codex model catalog gave, as [name, value]. */
  catalogSettings?: [string, string][];
  /** The efforts /model offers for the active model. */
  reasoningLevels?: { effort: string; description: string | null }[];
  rolloutPath: string | null;
}

export interface UiState {
  session: SessionInfo | null;
  committed: Cell[];
  live: Cell[];
  running: boolean;
  last: TokenUsage | null;
  total: TokenUsage | null;
  tokensInContext: number;
  usage: TurnUsageRecord[];
  /** The key's budget and limits as the proxy last reported them (null: it reports none). */
  keyStatus: KeyStatus | null;
  /** A retry in progress ("reconnecting 2/5…"), cleared when output resumes. */
  retry: string | null;
  nextId: number;
}

export const initialState: UiState = {
  session: null,
  committed: [],
  live: [],
  running: false,
  last: null,
  total: null,
  tokensInContext: 0,
  usage: [],
  keyStatus: null,
  retry: null,
  nextId: 0,
};

export function percentLeft(state: UiState): number | null {
  return state.session ? percentContextLeft(state.tokensInContext, state.session.contextWindow.window) : null;
}

const done = (cell: Cell): boolean =>
  cell.kind === "assistant" || cell.kind === "reasoning"
    ? cell.done
    : cell.kind === "command" || cell.kind === "mcp"
      ? cell.status !== "running"
      : cell.kind === "patch"
        ? cell.status !== "applying"
        : true;

/** An answer's last part with nothing in it (the rest was already in the scrollback). */
const emptyRest = (cell: Cell): boolean => cell.kind === "assistant" && cell.done && !!cell.joined && !cell.text.trim();

/** Moves the finished prefix of `live` into `committed`. */
function settle(state: UiState): UiState {
  const unfinished = state.live.findIndex((cell) => !done(cell));
  const i = unfinished === -1 ? state.live.length : unfinished;
  if (i === 0) return state;
  const finished = state.live.slice(0, i).filter((cell) => !emptyRest(cell));
  return { ...state, committed: [...state.committed, ...finished], live: state.live.slice(i) };
}

function update(state: UiState, id: string, change: (cell: Cell) => Cell): UiState {
  return { ...state, live: state.live.map((c) => (c.id === id ? change(c) : c)) };
}

function push(state: UiState, cell: NewCell): UiState {
  const id = cell.id ?? `ui-${state.nextId}`;
  return { ...state, nextId: state.nextId + 1, live: [...state.live, { ...cell, id }] };
}

/** Adds a UI-only cell (user message echo, notices, /status card). */
export function addCell(state: UiState, cell: NewCell): UiState {
  return settle(push(state, cell));
}

const isText = (cell: Cell): cell is Extract<Cell, { kind: "assistant" | "reasoning" }> =>
  cell.kind === "assistant" || cell.kind === "reasoning";

function streamInto(state: UiState, kind: "assistant" | "reasoning", id: string, delta: string): UiState {
  const existing = state.live.find((c) => c.id === id);
  if (existing && existing.kind === kind)
    return update(state, id, (c) => (isText(c) ? { ...c, text: c.text + delta } : c));
  return push(state, { kind, id, text: delta, done: false });
}

function finishText(state: UiState, kind: "assistant" | "reasoning", id: string, text: string): UiState {
  const existing = state.live.find((c) => c.id === id);
  if (existing) return update(state, id, (c) => (isText(c) ? finishedRest(c, text) : c));
  return push(state, { kind, id, text, done: true });
}

type AnswerCell = Extract<Cell, { kind: "assistant" }>;

/**
 * Moves the final part of the answer streaming at the top of `live` (nothing unfinished above
 * it) into `committed`, rendered once into the scrollback; the live cell keeps the rest.
 */
function commitFinishedPart(state: UiState, finished: (text: string) => FinishedMarkdown | null): UiState {
  const cell = state.live[0];
  if (cell?.kind !== "assistant" || cell.done) return state;
  const part = finished(cell.text);
  if (!part) return state;
  const before = cell.committedText ?? "";
  const text = cell.text.slice(0, part.length);
  const shown: AnswerCell = {
    kind: "assistant",
    id: `${cell.id}@${before.length}`,
    text: text.replace(/\s+$/, ""),
    done: true,
    ...(cell.joined && { joined: cell.joined }),
  };
  const rest: AnswerCell = {
    ...cell,
    text: cell.text.slice(part.length),
    joined: part.gap,
    committedText: before + text,
  };
  return { ...state, committed: [...state.committed, shown], live: [rest, ...state.live.slice(1)] };
}

const fullText = (cell: Extract<Cell, { kind: "assistant" | "reasoning" }>): string =>
  cell.kind === "assistant" ? (cell.committedText ?? "") + cell.text : cell.text;

/** A streamed text's final version: for an answer partly in the scrollback, the rest of it. */
function finishedRest(cell: Extract<Cell, { kind: "assistant" | "reasoning" }>, text: string): Cell {
  if (cell.kind === "reasoning" || !cell.committedText) return { ...cell, text, done: true };
  const { committedText, ...rest } = cell;
  return { ...rest, text: text.slice(committedText.length), done: true };
}

export function reduce(state: UiState, event: AgentEvent): UiState {
  const next = reduceEvent(state, event);
  return next === state ? state : settle(next);
}

/**
 * `reduce`, and with each newline of a streaming answer its final part (as `finished` says,
 * from the markdown's structure) moves into the scrollback, so the live frame stays small.
 */
export function committingReducer(
  finished: (text: string) => FinishedMarkdown | null,
): (state: UiState, event: AgentEvent) => UiState {
  return (state, event) => {
    const next = reduce(state, event);
    return event.type === "agent_message_delta" && event.delta.includes("\n")
      ? commitFinishedPart(next, finished)
      : next;
  };
}

function reduceEvent(state: UiState, event: AgentEvent): UiState {
  switch (event.type) {
    case "session_configured":
      return {
        ...state,
        session: {
          sessionId: event.sessionId,
          model: event.model,
          reasoningEffort: event.reasoningEffort,
          providerName: event.provider.name,
          baseUrl: event.provider.baseUrl,
          wireApi: event.provider.wireApi,
          cwd: event.cwd,
          approvalPolicy: event.approvalPolicy,
          sandboxMode: event.sandboxMode,
          contextWindow: event.contextWindow,
          rolloutPath: event.rolloutPath,
          catalogSettings: event.catalogSettings,
          reasoningLevels: event.reasoningLevels,
        },
      };
    case "turn_started":
      return { ...state, running: true, retry: null };
    case "turn_completed":
      return { ...state, running: false, retry: null, live: state.live.map(closeOpen) };
    case "turn_failed":
      return push(
        { ...state, running: false, retry: null, live: state.live.map(closeOpen) },
        { kind: "notice", level: "error", text: event.message },
      );
    case "turn_aborted":
      return push(
        { ...state, running: false, retry: null, live: state.live.map(closeOpen) },
        { kind: "notice", level: "error", text: INTERRUPTED_NOTICE },
      );
    case "agent_message_delta":
      return streamInto({ ...state, retry: null }, "assistant", event.itemId, event.delta);
    case "agent_message":
      return finishText(state, "assistant", event.itemId, event.text);
    case "reasoning_delta":
      return streamInto({ ...state, retry: null }, "reasoning", event.itemId, event.delta);
    case "reasoning":
      return finishText(state, "reasoning", event.itemId, event.text);
    case "web_search":
      return push(state, { kind: "activity", title: "Searched", detail: webSearchDetail(event.query, event.action) });
    case "view_image":
      return push(state, { kind: "activity", title: "Viewed Image", detail: event.path });
    case "command_begin":
      return push(state, {
        kind: "command",
        id: event.callId,
        command: event.command,
        cwd: event.cwd,
        output: "",
        exitCode: null,
        durationMs: 0,
        status: "running",
      });
    case "command_output":
      return update(state, event.callId, (c) =>
        c.kind === "command"
          ? { ...c, ...keepOutput({ output: c.output, omittedLines: c.omittedLines ?? 0 }, event.chunk) }
          : c,
      );
    case "terminal_interaction": {
      // As upstream, consecutive waits on the same terminal make one "Waited" line.
      const last = state.live.at(-1) ?? state.committed.at(-1);
      if (event.stdin === "" && last?.kind === "interaction" && last.stdin === "" && last.command === event.command)
        return state;
      return push(state, { kind: "interaction", command: event.command, stdin: event.stdin });
    }
    case "command_end": {
      const base = state.live.some((c) => c.id === event.callId)
        ? state
        : push(state, {
            kind: "command",
            id: event.callId,
            command: event.command,
            cwd: "",
            output: "",
            exitCode: null,
            durationMs: 0,
            status: "running",
          });
      return update(base, event.callId, (c) =>
        c.kind === "command"
          ? {
              ...c,
              ...finalOutput({ output: c.output, omittedLines: c.omittedLines ?? 0 }, event.aggregatedOutput),
              exitCode: event.exitCode,
              durationMs: event.durationMs,
              status: event.status,
            }
          : c,
      );
    }
    case "patch_begin":
      return push(state, { kind: "patch", id: event.callId, changes: event.changes, status: "applying", output: "" });
    case "patch_end":
      return update(state, event.callId, (c) =>
        c.kind === "patch" ? { ...c, status: event.success ? "applied" : "failed", output: event.output } : c,
      );
    case "plan_update":
      return push(state, { kind: "plan", plan: event.plan, explanation: event.explanation });
    case "collab_call_begin": {
      const line = collabBeginLine(event);
      return line ? push(state, { kind: "notice", level: "info", text: line, mark: "◌" }) : state;
    }
    case "collab_call_end":
      return push(state, {
        kind: "notice",
        level: event.success ? "info" : "error",
        text: collabEndLine(event, event.agentsStates, event.success),
        mark: "◆",
      });
    case "mcp_call_begin":
      return push(state, {
        kind: "mcp",
        id: event.callId,
        server: event.server,
        tool: event.tool,
        status: "running",
        error: null,
      });
    case "mcp_call_end":
      return update(state, event.callId, (c) =>
        c.kind === "mcp" ? { ...c, status: event.error ? "failed" : "completed", error: event.error } : c,
      );
    case "token_count":
      return { ...state, last: event.last, total: event.total, tokensInContext: event.tokensInContext };
    case "turn_usage":
      return { ...state, usage: [...state.usage, event.record] };
    case "key_status":
      return { ...state, keyStatus: event.status };
    case "retrying": {
      // The response starts over: text it streamed so far is void (the retry streams it anew).
      const partial = state.live.some((c) => isText(c) && !c.done);
      // Finished lines of it may already be in the scrollback, where they stay.
      const shown = state.live.some((c) => c.kind === "assistant" && !c.done && c.committedText);
      const retried = { ...state, live: state.live.filter((c) => !(isText(c) && !c.done)) };
      const status = `Reconnecting… ${event.attempt}/${event.maxAttempts}`;
      const what = shown
        ? "; the answer above was cut off and is being retried in full"
        : partial
          ? "; the partial answer was discarded and is being retried"
          : "";
      return push(
        { ...retried, retry: `${status} (${Math.round(event.delayMs / 100) / 10}s): ${event.reason}` },
        { kind: "notice", level: "warning", text: `${status}: ${event.reason}${what}` },
      );
    }
    case "compacted":
      return push(
        { ...state, tokensInContext: 0 },
        { kind: "notice", level: "info", text: "Conversation compacted: the model continues from a summary." },
      );
    case "warning":
      return push(state, { kind: "notice", level: "warning", text: event.message });
    case "hook_completed":
      return hookLines(event).reduce((s, line) => push(s, { kind: "notice", ...line }), state);
    case "approval_requested":
    case "approval_decided":
      return state; // the approval overlay asks; the transcript shows the command or patch
    default:
      return assertNever(event);
  }
}

/** A turn ended: anything still streaming is final as it is. */
function closeOpen(cell: Cell): Cell {
  if ((cell.kind === "assistant" || cell.kind === "reasoning") && !cell.done) return finishedRest(cell, fullText(cell));
  if (cell.kind === "command" && cell.status === "running") return { ...cell, status: "failed" };
  if (cell.kind === "patch" && cell.status === "applying") return { ...cell, status: "failed" };
  if (cell.kind === "mcp" && cell.status === "running") return { ...cell, status: "failed" };
  return cell;
}
