// Writes a session's rollout file as it happens: `session_meta` first, then one line per
// record. Append-only; resuming re-opens the same file and keeps appending.

import { mkdir, readFile } from "node:fs/promises";
import { dirname } from "node:path";
import { v7 as uuidv7 } from "uuid";
import { PreservedItem, type ResponseItem } from "../gateway/items.js";
import { AppendFileSink, RolloutWriteError, toRolloutWriteError, type RolloutSink } from "./rollout-file-sink.js";
import { isoTimestamp, rolloutPath } from "./rollout-paths.js";
import { readSessionMeta } from "./rollout-reader.js";
import {
  ORIGINATOR,
  PERSISTED_EVENT_TYPES,
  type CompactedPayload,
  type GitInfo,
  type PersistedEventMsg,
  type RolloutItemToWrite,
  type ReviewModeEventMsg,
  type SessionMetaPayload,
  type TurnContextToWrite,
} from "./rollout-types.js";
import { isJsonObject } from "../util/json.js";
import { redactorOf, type SecretRedactor } from "../util/redact.js";

export interface NewRolloutOptions {
  codexHome: string;
  cwd: string;
  cliVersion: string;
  source: "cli" | "exec";
  /** Set for a subagent's session: written as upstream's `{subagent: {thread_spawn: …}}` source. */
  subagent?: SubagentOrigin;
  /** Set for a review's own session (`/review`, `exec review`): the reviewed session's id, written as upstream's `{subagent: "review"}` source. */
  reviewOf?: string;
  /** The provider id from config (`model_provider`), e.g. `litellm`. */
  modelProvider: string | null;
  model?: string;
  /** User instructions (AGENTS.md) in effect at start. */
  instructions?: string | null;
  /** Only when the base prompt should travel with the session (upstream then reuses it on resume). */
  baseInstructions?: string | null;
  git?: GitInfo;
  /** Strings that must never reach the file (API keys, tokens); a shared redactor also applies those registered later. */
  secrets?: SecretRedactor | Iterable<string | undefined | null>;
  /** Clock, for tests. */
  now?: () => Date;
  /** Session id, for tests. Defaults to a fresh UUIDv7. */
  sessionId?: string;
}

/** Who spawned a subagent's session, and as what. */
export interface SubagentOrigin {
  parentThreadId: string;
  depth: number;
  nickname: string | null;
  role: string | null;
}

/** `session_meta.source` (and a subagent's own fields), as upstream writes them. */
function sourceFields({
  source,
  subagent,
  reviewOf,
}: NewRolloutOptions): Partial<SessionMetaPayload> & Pick<SessionMetaPayload, "source"> {
  if (reviewOf) return { parent_thread_id: reviewOf, source: { subagent: "review" } };
  if (!subagent) return { source };
  const { parentThreadId, depth, nickname, role } = subagent;
  return {
    parent_thread_id: parentThreadId,
    source: {
      subagent: {
        thread_spawn: {
          parent_thread_id: parentThreadId,
          depth,
          agent_path: null,
          agent_nickname: nickname,
          agent_role: role,
        },
      },
    },
    agent_nickname: nickname,
    agent_role: role,
  };
}

export interface ResumeRolloutOptions {
  path: string;
  secrets?: SecretRedactor | Iterable<string | undefined | null>;
  now?: () => Date;
}

export class RolloutRecorder {
  private failed: RolloutWriteError | null = null;
  private closed = false;
  private redactedCount = 0;
  private droppedCount = 0;

  private constructor(
    private readonly sink: RolloutSink,
    readonly meta: SessionMetaPayload,
    private readonly redactor: SecretRedactor,
    private readonly now: () => Date,
    /** Next `ordinal` when appending to a file that numbers its lines (upstream's paginated history); else undefined. */
    private nextOrdinal?: number,
    /** Appending to a 2025 legacy-format file: bare items and state lines, as Codex then wrote. */
    private readonly legacy = false,
  ) {}

  /** Creates `CODEX_HOME/sessions/YYYY/MM/DD/rollout-…-<id>.jsonl` and writes `session_meta`. */
  static async create(options: NewRolloutOptions): Promise<RolloutRecorder> {
    const now = options.now ?? (() => new Date());
    const started = now();
    const sessionId = options.sessionId ?? uuidv7({ msecs: started.getTime() });
    const path = rolloutPath(options.codexHome, started, sessionId);
    try {
      await mkdir(dirname(path), { recursive: true });
    } catch (err) {
      throw toRolloutWriteError("create", path, err);
    }
    const meta: SessionMetaPayload = {
      id: sessionId,
      timestamp: isoTimestamp(started),
      cwd: options.cwd,
      originator: ORIGINATOR,
      cli_version: options.cliVersion,
      instructions: options.instructions ?? null,
      ...sourceFields(options),
      model_provider: options.modelProvider,
      ...(options.model !== undefined ? { model: options.model } : {}),
      ...(options.baseInstructions ? { base_instructions: { text: options.baseInstructions } } : {}),
      ...(options.git && hasGitInfo(options.git) ? { git: cleanGitInfo(options.git) } : {}),
    };
    const sink = AppendFileSink.create(path);
    const recorder = new RolloutRecorder(sink, meta, redactorOf(options.secrets ?? []), now);
    try {
      recorder.record({ type: "session_meta", payload: meta });
    } catch (err) {
      sink.close();
      throw err;
    }
    return recorder;
  }

  /** Re-opens an existing rollout (ours or upstream's) to append to it. */
  static async resume(options: ResumeRolloutOptions): Promise<RolloutRecorder> {
    const meta = await readSessionMeta(options.path);
    const { legacy, nextOrdinal } = await appendConventionOf(options.path);
    const sink = AppendFileSink.openExisting(options.path);
    return new RolloutRecorder(
      sink,
      meta,
      redactorOf(options.secrets ?? []),
      options.now ?? (() => new Date()),
      nextOrdinal,
      legacy,
    );
  }

  /** For tests and special destinations: a recorder over any sink. Writes nothing up front. */
  static overSink(sink: RolloutSink, meta: SessionMetaPayload, secrets: Iterable<string> = []): RolloutRecorder {
    return new RolloutRecorder(sink, meta, redactorOf(secrets), () => new Date());
  }

  get sessionId(): string {
    return this.meta.id;
  }

  get path(): string {
    return this.sink.path;
  }

  /** The first write error, if any; after it the recorder refuses further records. */
  get failure(): RolloutWriteError | null {
    return this.failed;
  }

  /** Secret occurrences replaced by `[REDACTED]` so far. */
  get redactions(): number {
    return this.redactedCount;
  }

  /** Records not written because a secret could not be removed from them. */
  get droppedForSecrets(): number {
    return this.droppedCount;
  }

  /**
   * Appends one record now (one line, one write). Throws {@link RolloutWriteError} when the
   * line cannot be written, and on every later call once a write has failed.
   */
  record(item: RolloutItemToWrite): void {
    if (this.failed) throw this.failed;
    if (this.closed) throw new RolloutWriteError(`session file ${this.path} is closed`, this.path);
    let serialized: ReturnType<SecretRedactor["serialize"]>;
    try {
      const line = this.legacy ? legacyLine(item) : this.envelope(item);
      if (line === null) return;
      serialized = this.redactor.serialize(line);
    } catch (err) {
      // A record that cannot be serialised (e.g. circular) is the caller's bug, not a disk problem.
      throw toRolloutWriteError(`serialise a ${item.type} record for`, this.path, err);
    }
    const { line, replaced } = serialized;
    this.redactedCount += replaced;
    if (line === null) {
      this.droppedCount += 1;
      return;
    }
    try {
      this.sink.appendLine(`${line}\n`);
    } catch (err) {
      this.failed = toRolloutWriteError("write", this.path, err);
      throw this.failed;
    }
    if (this.nextOrdinal !== undefined) this.nextOrdinal += 1;
  }

  private envelope(item: RolloutItemToWrite): Record<string, unknown> {
    const ordinal = this.nextOrdinal === undefined ? {} : { ordinal: this.nextOrdinal };
    return { timestamp: isoTimestamp(this.now()), ...ordinal, type: item.type, payload: plainJson(item.payload) };
  }

  recordResponseItems(items: readonly ResponseItem[]): void {
    for (const item of items) this.record({ type: "response_item", payload: item });
  }

  /** Records an event if it is one of the persisted types (as upstream's policy); returns whether it was. */
  recordEvent(event: PersistedEventMsg): boolean {
    if (!PERSISTED_EVENT_TYPES.has(event.type)) return false;
    this.record({ type: "event_msg", payload: event });
    return true;
  }

  /** Upstream's `entered_review_mode` / `exited_review_mode`. */
  recordReviewMode(event: ReviewModeEventMsg): void {
    this.record({ type: "event_msg", payload: event });
  }

  recordTurnContext(context: TurnContextToWrite): void {
    this.record({ type: "turn_context", payload: context });
  }

  recordCompacted(compacted: CompactedPayload): void {
    this.record({ type: "compacted", payload: compacted });
  }

  /**
   * Resolves once every record so far is in the file (records are written as they happen, so
   * this only reports a failure). Call at the end of each turn.
   */
  flush(): Promise<void> {
    return this.failed ? Promise.reject(this.failed) : Promise.resolve();
  }

  /** Flushes and closes the file. Safe to call twice. */
  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    try {
      this.sink.close();
    } catch (err) {
      this.failed ??= toRolloutWriteError("close", this.path, err);
    }
    return this.flush();
  }
}

function hasGitInfo(git: GitInfo): boolean {
  return Boolean(git.commit_hash || git.branch || git.repository_url);
}

function cleanGitInfo(git: GitInfo): GitInfo {
  const out: GitInfo = {};
  if (git.commit_hash) out.commit_hash = git.commit_hash;
  if (git.branch) out.branch = git.branch;
  if (git.repository_url) out.repository_url = git.repository_url;
  return out;
}

/**
 * A line of the 2025 legacy format, or null for a record it has no line for. Codex then wrote
 * each response item bare and a `{"record_type":"state"}` line per turn; it had no events, turn
 * contexts or compaction records (a compaction in such a session is not recorded: a later resume
 * starts from the whole history again).
 */
function legacyLine(item: RolloutItemToWrite): unknown {
  if (item.type === "response_item") return plainJson(item.payload);
  if (item.type === "turn_context") return { record_type: "state" };
  return null;
}

/** Items kept as read ({@link PreservedItem}) as the plain JSON they stand for, so redaction sees their fields. */
function plainJson(payload: RolloutItemToWrite["payload"]): unknown {
  const preserved =
    payload instanceof PreservedItem ||
    ("replacement_history" in payload && payload.replacement_history?.some((i) => i instanceof PreservedItem));
  if (!preserved) return payload;
  const plain: unknown = JSON.parse(JSON.stringify(payload));
  return plain;
}

/**
 * How lines are appended to an existing file. A legacy-format file (first line without `type`)
 * is continued in that format, as the Codex of that time did when resuming (newer Codex cannot
 * read such files at all). Upstream 0.169 numbers every line (`ordinal`) of a rollout whose
 * session_meta says `history_mode` is not "legacy", and refuses a file where numbered and
 * unnumbered lines mix: numbers continue after the last numbered record; files without
 * `history_mode` (ours, older Codex) stay unnumbered.
 */
async function appendConventionOf(path: string): Promise<{ legacy: boolean; nextOrdinal: number | undefined }> {
  let mode: unknown;
  let last: number | undefined;
  let first = true;
  let legacy = false;
  for (const line of (await readFile(path, "utf8")).split("\n")) {
    if (!line.trim()) continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      continue;
    }
    const record = isJsonObject(value) ? value : {};
    if (first) {
      mode = isJsonObject(record.payload) ? record.payload.history_mode : undefined;
      legacy = record.type === undefined;
    }
    first = false;
    if (typeof record.ordinal === "number") last = record.ordinal;
  }
  if (legacy || mode === undefined || mode === null || mode === "legacy") return { legacy, nextOrdinal: undefined };
  return { legacy, nextOrdinal: last === undefined ? undefined : last + 1 };
}
