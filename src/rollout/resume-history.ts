// Rebuilds what a resumed session needs from its rollout records, as upstream Codex does:
// - model-visible history: the `response_item`s in order; a `compacted` record resets it to
//   its `replacement_history`, or (without one) to upstream's rebuild (compacted-history.ts);
// - the last `token_count` info (usage) and the last `turn_context` (model, effort, approval,
//   sandbox, cwd);
// - the persisted events, and a transcript for the UI to replay.
// A call the file leaves without its output (the session was killed mid-call) gets the output
// "aborted", and every item remembers which provider and model produced it (item-origin.ts).

import { setOrigin, type ItemOrigin } from "../gateway/item-origin.js";
import type { ResponseItem } from "../gateway/items.js";
import { approxTokenCount, buildCompactedHistory, collectUserMessages } from "./compacted-history.js";
import { pairCallsWithOutputs } from "../gateway/dangling-calls.js";
import {
  createReadStats,
  readRolloutRecords,
  type ReadRolloutOptions,
  type RolloutReadStats,
} from "./rollout-reader.js";
import type {
  CompactedPayload,
  PersistedEventMsg,
  RateLimitSnapshot,
  RolloutRecord,
  SessionMetaPayload,
  TokenUsageInfo,
  TurnContextPayload,
} from "./rollout-types.js";
import { assistantMessageText, realUserMessageText } from "./user-messages.js";
import { DeclinedCommandTracker } from "./declined-commands.js";
import { webSearchCallDetail } from "./web-search-detail.js";

export type TranscriptEntry =
  | { kind: "user"; text: string }
  | { kind: "assistant"; text: string }
  | { kind: "reasoning"; text: string }
  | { kind: "turn_aborted"; text: string }
  | { kind: "context_compacted"; text: string }
  /** A web search the backend ran; `text` is what it searched (a query, a page). */
  | { kind: "web_search"; text: string }
  /** A command the person declined (`aborted`: cancelled with its turn); `text` is the command line. */
  | { kind: "declined_command"; text: string; aborted: boolean };

export interface ResumedSession {
  /** The first `session_meta` (null if the file has none). */
  meta: SessionMetaPayload | null;
  /** Model-visible history to continue from, exactly the (clean) response items. */
  history: ResponseItem[];
  /** From the last `token_count` that carried info. */
  tokenUsage: TokenUsageInfo | null;
  /**
   * Tokens the history holds now: the last token_count's, or, when the history was compacted
   * after it (or nothing was counted), an estimate from the history itself.
   */
  tokensInContext: number;
  /** From the last `token_count` that carried rate limits. */
  rateLimits: RateLimitSnapshot | null;
  /** The last `turn_context`: model, effort, approval policy, sandbox policy, cwd of the last turn. */
  turnContext: TurnContextPayload | null;
  /** All persisted events in order (for UIs). */
  events: PersistedEventMsg[];
  /**
   * What the user saw, for a replay, turn by turn: from a turn's message events when it has them
   * (ours, older Codex, Codex 0.169's item_completed), else from its response items (the 2025
   * legacy format has no events).
   */
  transcript: TranscriptEntry[];
  /** Number of `compacted` records seen. */
  compactions: number;
}

export interface RebuildOptions {
  /**
   * Initial context (environment context, user instructions) to put first when a compaction
   * without `replacement_history` is rebuilt. Upstream's newest builds use none; older ones put
   * the current session's initial context there.
   */
  initialContext?: readonly ResponseItem[];
}

export class ResumeHistoryBuilder {
  private meta: SessionMetaPayload | null = null;
  private history: ResponseItem[] = [];
  private tokenUsage: TokenUsageInfo | null = null;
  private rateLimits: RateLimitSnapshot | null = null;
  private turnContext: TurnContextPayload | null = null;
  private readonly events: PersistedEventMsg[] = [];
  private readonly transcript: TranscriptEntry[] = [];
  /** The current turn's transcript, from its events and from its items; one of them is kept. */
  private eventTranscript: TranscriptEntry[] = [];
  private itemTranscript: TranscriptEntry[] = [];
  private sawMessageEvents = false;
  private readonly declined = new DeclinedCommandTracker();
  /** Items the file marked as injected context: never retained as user messages by a compaction. */
  private readonly injected = new WeakSet<ResponseItem>();
  private compactions = 0;
  /** True when a compaction came after the last token count. */
  private compactedSinceCount = false;
  /** Who produced the records being read: the last session_meta's provider, the last turn's model. */
  private origin: ItemOrigin = { provider: null, model: null };

  constructor(private readonly options: RebuildOptions = {}) {}

  apply(record: RolloutRecord): void {
    switch (record.type) {
      case "session_meta":
        // A fork carries its parent's session_meta after its own: the first one is this session.
        this.meta ??= record.payload;
        this.origin = { provider: record.payload.model_provider, model: record.payload.model ?? this.origin.model };
        break;
      case "response_item":
        this.history.push(record.payload);
        setOrigin(record.payload, this.origin);
        if (record.injectedContext) this.injected.add(record.payload);
        else this.addItemToTranscript(record.payload);
        break;
      case "compacted":
        this.applyCompacted(record.payload);
        break;
      case "turn_context":
        this.endTurn();
        this.turnContext = record.payload;
        this.origin = { ...this.origin, model: record.payload.model };
        break;
      case "event_msg":
        this.applyEvent(record.payload);
        break;
    }
  }

  finish(): ResumedSession {
    this.endTurn();
    const history = [...pairCallsWithOutputs(this.history)];
    const counted = this.tokenUsage && !this.compactedSinceCount ? this.tokenUsage.last_token_usage.total_tokens : null;
    return {
      meta: this.meta,
      history,
      tokenUsage: this.tokenUsage,
      tokensInContext: counted ?? approxTokenCount(JSON.stringify(history)),
      rateLimits: this.rateLimits,
      turnContext: this.turnContext,
      events: this.events,
      transcript: this.transcript,
      compactions: this.compactions,
    };
  }

  /** Closes the current turn's transcript: its message events if it had any, else its items. */
  private endTurn(): void {
    this.transcript.push(...(this.sawMessageEvents ? this.eventTranscript : this.itemTranscript));
    this.eventTranscript = [];
    this.itemTranscript = [];
    this.sawMessageEvents = false;
  }

  private applyCompacted(compacted: CompactedPayload): void {
    this.compactions += 1;
    this.compactedSinceCount = true;
    if (compacted.replacement_history) {
      this.history = [...compacted.replacement_history];
      for (const item of this.history) setOrigin(item, this.origin);
    } else {
      const candidates = this.history.filter((item) => !this.injected.has(item));
      this.history = buildCompactedHistory(
        this.options.initialContext ?? [],
        collectUserMessages(candidates),
        compacted.message,
      );
    }
    this.itemTranscript.push({ kind: "context_compacted", text: "" });
  }

  private applyEvent(event: PersistedEventMsg): void {
    this.events.push(event);
    switch (event.type) {
      case "user_message":
        this.sawMessageEvents = true;
        this.eventTranscript.push({ kind: "user", text: event.message });
        break;
      case "agent_message":
        this.sawMessageEvents = true;
        this.eventTranscript.push({ kind: "assistant", text: event.message });
        break;
      case "agent_reasoning":
        this.eventTranscript.push({ kind: "reasoning", text: event.text });
        break;
      case "turn_aborted": {
        // Not derivable from items: shown whichever source the turn's transcript comes from.
        const entry: TranscriptEntry = { kind: "turn_aborted", text: event.reason };
        this.eventTranscript.push(entry);
        this.itemTranscript.push(entry);
        break;
      }
      case "context_compacted":
        this.eventTranscript.push({ kind: "context_compacted", text: "" });
        break;
      case "token_count":
        if (event.info) {
          this.tokenUsage = event.info;
          this.compactedSinceCount = false;
        }
        if (event.rate_limits) this.rateLimits = event.rate_limits;
        break;
      case "agent_reasoning_raw_content":
        break;
    }
  }

  private addItemToTranscript(item: ResponseItem): void {
    const declined = this.declined.observe(item);
    if (declined) {
      // Not in the message events: shown whichever source the turn's transcript comes from.
      const entry: TranscriptEntry = { kind: "declined_command", text: declined.command, aborted: declined.aborted };
      this.eventTranscript.push(entry);
      this.itemTranscript.push(entry);
      return;
    }
    const userText = realUserMessageText(item);
    if (userText !== null) {
      this.itemTranscript.push({ kind: "user", text: userText });
      return;
    }
    const assistantText = assistantMessageText(item);
    if (assistantText !== null) {
      if (assistantText !== "") this.itemTranscript.push({ kind: "assistant", text: assistantText });
      return;
    }
    if (item.type === "preserved" && item.itemType === "web_search_call") {
      // Not in the message events: shown whichever source the turn's transcript comes from.
      const entry: TranscriptEntry = { kind: "web_search", text: webSearchCallDetail(item.raw) };
      this.eventTranscript.push(entry);
      this.itemTranscript.push(entry);
      return;
    }
    if (item.type === "reasoning") {
      const text = item.summary.map((s) => s.text).join("\n");
      if (text !== "") this.itemTranscript.push({ kind: "reasoning", text });
    }
  }
}

/** Rebuilds from records already in memory. */
export function rebuildHistory(records: Iterable<RolloutRecord>, options: RebuildOptions = {}): ResumedSession {
  const builder = new ResumeHistoryBuilder(options);
  for (const record of records) builder.apply(record);
  return builder.finish();
}

export interface LoadedRollout extends ResumedSession {
  path: string;
  stats: RolloutReadStats;
}

/** Streams a rollout file into a {@link ResumedSession} (the file is never modified). */
export async function loadRolloutForResume(
  path: string,
  options: RebuildOptions & ReadRolloutOptions = {},
): Promise<LoadedRollout> {
  const stats = createReadStats();
  const builder = new ResumeHistoryBuilder(options);
  for await (const record of readRolloutRecords(path, stats, options)) builder.apply(record);
  return { ...builder.finish(), path, stats };
}
