import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import type { AgentEvent, TurnUsageRecord } from "../protocol/events.js";
import type { OtelConfig } from "../config/otel-config.js";
import type { TelemetryConfig } from "../config/telemetry-config.js";
import { debugLogFileName } from "./file-names.js";
import { LineAppender } from "./line-appender.js";
import { pruneTelemetryDir, recentScanTotal, writeActiveMarker } from "./prune.js";
import { maskSecretFields, redactorOf, type SecretRedactor } from "../util/redact.js";
import { usageLogRecord } from "./usage-log-record.js";
import type { OtelExport } from "./otel/otel-export.js";
import { errorMessage, fileErrorReason } from "../util/errors.js";
import { assertNever } from "../util/assert-never.js";

export interface TelemetryOptions {
  /** Where the start-up line and write warnings go (stderr for exec, so --json stdout stays pure). */
  notices: (line: string) => void;
  /** The secrets no line may carry; pass a shared redactor to add some later (after onboarding). */
  secrets: SecretRedactor | Iterable<string | undefined>;
  /** Upstream's [otel] export (null: off, and no OpenTelemetry code is loaded). */
  otel?: OtelConfig | null;
  now?: () => Date;
}

/**
 * The [telemetry] writers of one process: the debug event log and the LiteLLM usage log, both
 * append-only JSONL behind a redaction layer, plus pruning of the telemetry directory, and the
 * [otel] export when configured (its code is imported only then).
 * `start` returns null when telemetry is disabled: then no file is created or opened.
 */
export class Telemetry {
  /** Usage per turn, kept in memory for /status and summaries. */
  readonly usage: TurnUsageRecord[] = [];
  private sessionId = "";
  private warned = false;
  private pruning: Promise<void> = Promise.resolve();
  /** The directory's size at the last prune, with what this process had written by then. */
  private lastPrune: { totalBytes: number; ownBytes: number } | null = null;
  /**
   * The start-up prune waits until the model's first answer is in (or the first turn ends, or
   * the session closes): it stats every file in the directory, which must not delay the first
   * request.
   */
  private startupPruneDue = true;
  private otel: OtelExport | null = null;
  /** Events that came while the OpenTelemetry export was loading, with when they happened. */
  private otelBacklog: Parameters<OtelExport["handle"]>[] | null = null;
  private otelLoading: Promise<void> = Promise.resolve();

  private constructor(
    private readonly config: TelemetryConfig,
    private readonly debug: LineAppender | null,
    private readonly session: LineAppender | null,
    private readonly marker: string,
    private readonly redactor: SecretRedactor,
    private readonly options: TelemetryOptions,
  ) {}

  static async start(config: TelemetryConfig, options: TelemetryOptions): Promise<Telemetry | null> {
    if (!config.enabled) return null;
    const now = options.now ?? (() => new Date());
    try {
      await mkdir(config.dir, { recursive: true, mode: 0o700 });
    } catch (err) {
      options.notices(`telemetry: cannot create ${config.dir} (${fileErrorReason(err)}); continuing without telemetry`);
      return null;
    }
    let warned = false;
    const warnOnce = (message: string) => {
      if (!warned) options.notices(message);
      warned = true;
    };
    const debugPath = config.logs.debug.enabled
      ? (config.logs.debug.path ?? path.join(config.dir, debugLogFileName(now())))
      : null;
    const sessionPath = config.logs.session.enabled ? config.logs.session.path : null;
    const active = [debugPath, sessionPath, config.logs.tui.path].filter((p): p is string => p !== null);
    const marker = await writeActiveMarker(config.dir, active).catch(() => "");
    const telemetry = new Telemetry(
      config,
      debugPath ? new LineAppender(debugPath, warnOnce) : null,
      sessionPath ? new LineAppender(sessionPath, warnOnce) : null,
      marker,
      redactorOf(options.secrets),
      options,
    );
    if (debugPath) options.notices(`telemetry: recording debug events to ${debugPath}`);
    if (options.otel) telemetry.loadOtel(options.otel);
    return telemetry;
  }

  /**
   * Loads the export in the background, so that it overlaps the session's start and first
   * request; what happens meanwhile is kept and replayed with its own times.
   */
  private loadOtel(config: OtelConfig): void {
    this.otelBacklog = [];
    this.otelLoading = import("./otel/otel-export.js")
      .then(({ OtelExport }) => OtelExport.start(config, { warn: this.options.notices, redactor: this.redactor }))
      .then(
        (otel) => {
          for (const args of this.otelBacklog ?? []) otel.handle(...args);
          this.otel = otel;
        },
        (err: unknown) => this.options.notices(`otel: export off for this session: ${errorMessage(err)}`),
      )
      .finally(() => (this.otelBacklog = null));
  }

  private toOtel(...args: Parameters<OtelExport["handle"]>): void {
    if (this.otel) this.otel.handle(...args);
    else this.otelBacklog?.push([args[0], args[1], args[2] ?? Date.now()]);
  }

  get debugLogPath(): string | null {
    return this.debug?.path ?? null;
  }

  /** A debug event from anywhere (onboarding steps, UI redraws, /model…). */
  event(name: string, fields: Record<string, unknown> = {}): void {
    this.write(this.debug, {
      ts: (this.options.now ?? (() => new Date()))().toISOString(),
      session_id: this.sessionId || null,
      event: name,
      ...fields,
    });
  }

  /** Appends `record` behind the redaction layer; a record the secret cannot be cut out of is dropped. */
  private write(log: LineAppender | null, record: unknown): void {
    if (!log) return;
    const { line } = this.redactor.serialize(maskSecretFields(record));
    if (line !== null) log.append(line);
  }

  /** Feeds the agent's events into the debug log, the usage log and the OpenTelemetry export. */
  handle(event: AgentEvent): void {
    if (event.type === "token_count") this.startupPrune();
    if (event.type !== "turn_usage") this.toOtel(event);
    switch (event.type) {
      case "session_configured":
        this.sessionId = event.sessionId;
        this.event("session.configured", {
          model: event.model,
          provider: event.provider,
          cwd: event.cwd,
          approval_policy: event.approvalPolicy,
          sandbox_mode: event.sandboxMode,
          context_window: event.contextWindow,
          resumed: event.resumed,
        });
        break;
      case "turn_usage": {
        this.usage.push(event.record);
        const line = usageLogRecord(event.record, this.sessionId, (this.options.now ?? (() => new Date()))());
        this.write(this.session, line);
        this.event("turn.usage", line);
        this.toOtel(event, line);
        break;
      }
      case "turn_started":
        this.event("turn.started", { turnId: event.turnId }); // the prompt's text stays out
        break;
      case "agent_message_delta":
      case "reasoning_delta":
      case "command_output":
      case "terminal_interaction":
        break; // too fine-grained for the log; their items are logged when complete
      case "compacted":
        this.event("compacted", { summary: event.summary });
        break;
      case "agent_message":
      case "reasoning":
        this.event(event.type === "agent_message" ? "item.agent_message" : "item.reasoning", {
          item_id: event.itemId,
          chars: event.text.length,
        });
        break;
      case "patch_begin":
      case "patch_end":
        this.event(event.type === "patch_begin" ? "patch.begin" : "patch.end", {
          call_id: event.callId,
          paths: event.changes.map((c) => `${c.kind} ${c.path}`),
          ...(event.type === "patch_end" && { success: event.success }),
        });
        break;
      case "command_end":
        this.event("command.end", {
          call_id: event.callId,
          command: event.command,
          exit_code: event.exitCode,
          duration_ms: event.durationMs,
          status: event.status,
          output_bytes: event.aggregatedOutput.length,
        });
        break;
      // Logged as they are, under their type's name (`turn_completed` → `turn.completed`).
      case "turn_completed":
      case "turn_failed":
      case "turn_aborted":
      case "command_begin":
      case "mcp_call_begin":
      case "mcp_call_end":
      case "collab_call_begin":
      case "collab_call_end":
      case "view_image":
      case "plan_update":
      case "web_search":
      case "token_count":
      case "key_status":
      case "retrying":
      case "approval_requested":
      case "approval_decided":
      case "warning":
      case "hook_completed": {
        const { type, ...fields } = event;
        this.event(type.replace("_", "."), fields);
        break;
      }
      default:
        assertNever(event);
    }
  }

  /**
   * After each turn: write what is buffered, then prune — unless what this process wrote since
   * the last prune cannot have taken the directory over the limit (other processes prune after
   * their own turns), which spares a scan of every file per turn.
   */
  async afterTurn(): Promise<void> {
    await this.flush();
    this.startupPrune();
    await this.pruning;
    const last = this.lastPrune;
    if (last && last.totalBytes + (this.ownBytes() - last.ownBytes) < this.config.max_total_bytes) return;
    this.pruning = this.prune();
    await this.pruning;
  }

  private startupPrune(): void {
    if (!this.startupPruneDue) return;
    this.startupPruneDue = false;
    const recent =
      this.config.max_total_bytes > 0 ? recentScanTotal(this.config.dir, this.config.max_total_bytes) : null;
    if (recent !== null) this.lastPrune = { totalBytes: recent, ownBytes: 0 };
    else this.pruning = this.prune();
  }

  private ownBytes(): number {
    return (this.debug?.bytesWritten ?? 0) + (this.session?.bytesWritten ?? 0);
  }

  async close(): Promise<void> {
    const exported = this.otelLoading.then(() => this.otel?.shutdown());
    this.startupPrune();
    await this.pruning;
    await this.flush();
    if (this.marker) await rm(this.marker, { force: true });
    await exported;
  }

  /** Writes what the logs hold buffered (they write in batches every 100 ms). */
  async flush(): Promise<void> {
    await Promise.all([this.debug?.flush(), this.session?.flush()]);
  }

  private async prune(): Promise<void> {
    const active = [this.debug?.path, this.session?.path, this.config.logs.tui.path].filter((p): p is string => !!p);
    const ownBytes = this.ownBytes();
    await pruneTelemetryDir(this.config.dir, this.config.max_total_bytes, active).then(
      ({ totalBytes }) => void (this.lastPrune = { totalBytes, ownBytes }),
      (err: unknown) => {
        this.lastPrune = null;
        if (!this.warned) this.options.notices(`telemetry: pruning ${this.config.dir} failed (${String(err)})`);
        this.warned = true;
      },
    );
  }
}
