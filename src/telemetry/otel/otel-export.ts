// OpenTelemetry export of the agent's events (upstream's [otel]): logs with upstream's event
// names plus our LiteLLM usage record, GenAI metrics plus cost, and a trace per turn. Loaded
// with import() only when an exporter is configured: nothing here is on the start-up path.
import {
  INVALID_SPAN_CONTEXT,
  SpanKind,
  SpanStatusCode,
  context,
  trace,
  type Attributes,
  type Context,
  type Counter,
  type Histogram,
  type Span,
} from "@opentelemetry/api";
import { SeverityNumber, type Logger } from "@opentelemetry/api-logs";
import { MeterProvider } from "@opentelemetry/sdk-metrics";
import type { AgentEvent, RequestUsageRecord, TurnUsageRecord } from "../../protocol/events.js";
import type { OtelConfig } from "../../config/otel-config.js";
import { REDACTED, type SecretRedactor } from "../../util/redact.js";
import { VERSION } from "../../version.js";
import { usageLogRecord } from "../usage-log-record.js";
import { withDeadline } from "../../util/deadline.js";
import { errorMessage } from "../../util/errors.js";
import {
  flatUsage,
  requestIds,
  requestUsage,
  serverOf,
  logBody,
  sessionAttributes,
  textAttribute,
  type UsageLine,
} from "./otel-attributes.js";
import { startProviders, type OtelProviders } from "./otel-providers.js";
import { assertNever } from "../../util/assert-never.js";

const SCOPE = "codex-litellm";
/** What a tool's output may put into one log attribute. */
const MAX_OUTPUT_CHARS = 8_192;

export interface OtelExportOptions {
  /** One line, once: the first export that fails, or a setting that cannot be used. */
  warn: (line: string) => void;
  redactor: SecretRedactor;
}

interface ToolCall {
  name: string;
  start: number;
  arguments: string;
  mcpServer: string;
}

interface OpenTurn {
  span: Span;
  context: Context;
  /** [start, end] of each model request the turn made, in order (one per token count). */
  requests: [number, number][];
  /** When the latest model request or tool call ended: the next request starts after it. */
  idleSince: number;
}

/** The live export of one process; `handle` never throws, `shutdown` is bounded in time. */
export class OtelExport {
  private session: Attributes = {};
  /** `server.address` / `server.port` of the LiteLLM proxy (semantic conventions). */
  private server: Attributes = {};
  private turn: OpenTurn | null = null;
  private readonly tools = new Map<string, ToolCall>();
  private readonly logger: Logger | null;
  private readonly tracers: OtelProviders["tracers"];
  private readonly tokenUsage: Histogram;
  private readonly duration: Histogram;
  private readonly cost: Counter;

  private constructor(
    private readonly config: OtelConfig,
    private readonly options: OtelExportOptions,
    private readonly providers: OtelProviders,
  ) {
    this.logger = providers.loggers?.getLogger(SCOPE, VERSION) ?? null;
    this.tracers = providers.tracers;
    const meter = (providers.meters ?? new MeterProvider()).getMeter(SCOPE, VERSION);
    this.tokenUsage = meter.createHistogram("gen_ai.client.token.usage", {
      unit: "{token}",
      description: "Tokens per model request, by gen_ai.token.type (input, output) and model",
    });
    this.duration = meter.createHistogram("gen_ai.client.operation.duration", {
      unit: "s",
      description: "Duration of each model request",
    });
    this.cost = meter.createCounter("codex_litellm.cost", {
      unit: "USD",
      description: "What LiteLLM billed, by model",
    });
  }

  static async start(config: OtelConfig, options: OtelExportOptions): Promise<OtelExport> {
    const providers = await startProviders(config, options.warn);
    return new OtelExport(config, { ...options, warn: providers.warn }, providers);
  }

  /** When the event being handled happened (events that came while the export loaded are replayed). */
  private at = 0;

  private now(): number {
    return this.at;
  }

  /** `usageLine`: the usage log's line of a `turn_usage` event, sent as it was written; `at`: when it happened. */
  handle(event: AgentEvent, usageLine?: UsageLine, at = Date.now()): void {
    this.at = at;
    try {
      this.dispatch(event, usageLine);
    } catch (err) {
      this.options.warn(`otel: ${event.type} not exported: ${errorMessage(err)}`);
    }
  }

  private dispatch(event: AgentEvent, usageLine: UsageLine | undefined): void {
    switch (event.type) {
      case "session_configured":
        this.server = serverOf(event.provider.baseUrl);
        this.session = sessionAttributes(event, this.config.environment);
        this.log("codex.conversation_starts", {
          provider_name: event.provider.name,
          reasoning_effort: event.reasoningEffort ?? undefined,
          context_window: event.contextWindow.window,
          approval_policy: event.approvalPolicy,
          sandbox_policy: event.sandboxMode,
          wire_api: event.provider.wireApi,
          resumed: event.resumed,
        });
        break;
      case "turn_started":
        this.startTurn();
        if (event.input) {
          this.log("codex.user_prompt", {
            prompt_length: [...event.input.text].length,
            prompt: this.config.logUserPrompt ? event.input.text : REDACTED,
            image_input_count: event.input.images,
          });
        }
        break;
      case "token_count": {
        const turn = this.turn ?? this.startTurn();
        const end = this.now();
        turn.requests.push([Math.min(turn.idleSince, end), end]);
        turn.idleSince = end;
        break;
      }
      case "approval_decided":
        // Upstream's names and values: `source` says whether the rules or a person decided.
        this.log("codex.tool_decision", {
          tool_name: event.tool,
          call_id: event.callId,
          decision: event.decision,
          source: event.source,
        });
        break;
      case "command_begin":
        this.tools.set(event.callId, {
          name: event.tool ?? "shell",
          start: this.now(),
          arguments: JSON.stringify({ command: event.command, workdir: event.cwd }),
          mcpServer: "",
        });
        break;
      case "patch_begin":
        this.tools.set(event.callId, {
          name: "apply_patch",
          start: this.now(),
          arguments: JSON.stringify(event.changes.map((c) => `${c.kind} ${c.path}`)),
          mcpServer: "",
        });
        break;
      case "mcp_call_begin":
        this.tools.set(event.callId, {
          name: event.tool,
          start: this.now(),
          arguments: JSON.stringify(event.arguments ?? null),
          mcpServer: event.server,
        });
        break;
      case "command_end":
        this.endTool(
          event.callId,
          event.status === "completed" && event.exitCode === 0,
          event.status === "declined",
          event.aggregatedOutput,
          { exit_code: event.exitCode ?? undefined },
        );
        break;
      case "patch_end":
        this.endTool(event.callId, event.success, false, event.output, {});
        break;
      case "mcp_call_end":
        this.endTool(
          event.callId,
          event.error === null,
          false,
          event.error ?? JSON.stringify(event.result ?? null),
          {},
        );
        break;
      case "turn_usage":
        if (event.record.agent) this.exportAgentUsage(event.record, usageLine);
        else this.finishTurn(event.record, usageLine);
        break;
      case "turn_failed":
        this.turn?.span.setStatus({ code: SpanStatusCode.ERROR, message: this.options.redactor.text(event.message) });
        this.log("codex.turn_failed", { "error.message": event.message, "error.type": event.kind });
        break;
      // Not exported: upstream's OpenTelemetry has no record of these.
      case "agent_message_delta":
      case "agent_message":
      case "web_search":
      case "reasoning_delta":
      case "reasoning":
      case "command_output":
      case "terminal_interaction":
      case "plan_update":
      case "collab_call_begin":
      case "collab_call_end":
      case "view_image":
      case "turn_completed":
      case "turn_aborted":
      case "key_status":
      case "retrying":
      case "approval_requested":
      case "compacted":
      case "warning":
      case "hook_completed":
        break;
      default:
        assertNever(event);
    }
  }

  private startTurn(): OpenTurn {
    const start = this.now();
    const span =
      this.tracers?.getTracer(SCOPE, VERSION).startSpan("codex.turn", {
        kind: SpanKind.INTERNAL,
        startTime: start,
        attributes: this.clean({ ...this.config.spanAttributes, ...this.session }),
      }) ?? trace.wrapSpanContext(INVALID_SPAN_CONTEXT);
    this.turn = { span, context: trace.setSpan(context.active(), span), requests: [], idleSince: start };
    return this.turn;
  }

  private endTool(callId: string, success: boolean, declined: boolean, output: string, extra: Attributes): void {
    const call = this.tools.get(callId);
    if (!call) return;
    this.tools.delete(callId);
    const end = this.now();
    const durationMs = Math.max(0, Math.round(end - call.start));
    this.log("codex.tool_result", {
      tool_name: call.name,
      call_id: callId,
      arguments: call.arguments,
      duration_ms: durationMs,
      success: success ? "true" : "false",
      output: this.cut(output),
      mcp_server: call.mcpServer,
      ...extra,
    });
    const turn = this.turn;
    if (turn) {
      const span = this.tracers?.getTracer(SCOPE, VERSION).startSpan(
        `execute_tool ${call.name}`,
        {
          kind: SpanKind.INTERNAL,
          startTime: call.start,
          attributes: this.clean({
            ...this.config.spanAttributes,
            "gen_ai.operation.name": "execute_tool",
            "gen_ai.tool.name": call.name,
            "gen_ai.tool.call.id": callId,
            "codex.tool.success": success,
            "codex.tool.decision": declined ? "denied" : "approved",
            "codex.tool.mcp_server": call.mcpServer || undefined,
            ...extra,
          }),
        },
        turn.context,
      );
      if (!success) span?.setStatus({ code: SpanStatusCode.ERROR, message: declined ? "declined" : "failed" });
      span?.end(end);
      turn.idleSince = Math.max(turn.idleSince, end);
    }
  }

  /** The turn's usage record: its request spans and metrics, its usage log line, and the end of its span. */
  private finishTurn(record: TurnUsageRecord, usageLine: UsageLine | undefined): void {
    const turn = this.turn ?? this.startTurn();
    this.turn = null;
    const end = this.now();
    record.request_usage.forEach((request, i) => {
      const [start, stop] = turn.requests[i] ?? [turn.idleSince, end];
      this.exportRequest(request, record.model, start, stop, turn.context);
    });
    const line = usageLine ?? usageLogRecord(record, textAttribute(this.session, "conversation.id"), new Date(end));
    this.log("codex_litellm.turn_usage", flatUsage(line), line, turn.context);
    turn.span.setAttributes(
      this.clean({
        "codex.turn": record.turn,
        "codex.turn.kind": record.kind,
        "codex.turn.status": record.status,
        "codex.turn.requests": record.requests,
        "gen_ai.request.model": record.model,
        "gen_ai.usage.input_tokens": record.prompt_tokens ?? undefined,
        "gen_ai.usage.output_tokens": record.completion_tokens ?? undefined,
        "gen_ai.usage.cache_read.input_tokens": record.cached_tokens ?? undefined,
        "codex_litellm.cost_usd": record.cost_usd ?? undefined,
        "litellm.call_id": record.litellm_call_id ?? undefined,
        "codex_litellm.key.spend_usd": record.key?.spend_usd ?? undefined,
        "codex_litellm.key.max_budget_usd": record.key?.max_budget_usd ?? undefined,
        "codex_litellm.key.remaining_usd": record.key?.remaining_usd ?? undefined,
      }),
    );
    if (record.kind === "compaction") turn.span.updateName("codex.compaction");
    if (record.status !== "completed") turn.span.setStatus({ code: SpanStatusCode.ERROR, message: record.status });
    turn.span.end(end);
  }

  /** A subagent's turn: its requests and usage line under the parent's turn (the parent's turn goes on). */
  private exportAgentUsage(record: TurnUsageRecord, usageLine: UsageLine | undefined): void {
    const turn = this.turn ?? this.startTurn();
    const end = this.now();
    for (const request of record.request_usage) this.exportRequest(request, record.model, end, end, turn.context);
    const line = usageLine ?? usageLogRecord(record, textAttribute(this.session, "conversation.id"), new Date(end));
    this.log("codex_litellm.turn_usage", flatUsage(line), line, turn.context);
  }

  private exportRequest(request: RequestUsageRecord, model: string, start: number, end: number, parent: Context): void {
    const metricAttributes = {
      "gen_ai.operation.name": "chat",
      "gen_ai.provider.name": "litellm",
      "gen_ai.request.model": model,
      ...this.server,
    };
    if (request.prompt_tokens !== null)
      this.tokenUsage.record(request.prompt_tokens, { ...metricAttributes, "gen_ai.token.type": "input" });
    if (request.completion_tokens !== null)
      this.tokenUsage.record(request.completion_tokens, { ...metricAttributes, "gen_ai.token.type": "output" });
    this.duration.record(Math.max(0, end - start) / 1000, metricAttributes);
    if (request.cost_usd !== null) this.cost.add(request.cost_usd, { "gen_ai.request.model": model });
    const usage = this.clean(requestUsage(request));
    const ids = this.clean(requestIds(request));
    this.tracers
      ?.getTracer(SCOPE, VERSION)
      .startSpan(
        `chat ${model}`,
        {
          kind: SpanKind.CLIENT,
          startTime: start,
          attributes: { ...this.config.spanAttributes, ...metricAttributes, ...usage, ...ids },
        },
        parent,
      )
      .end(end);
    this.log(
      "codex.api_request",
      { duration_ms: Math.round(end - start), endpoint: textAttribute(this.session, "provider.base_url"), ...ids },
      undefined,
      parent,
    );
    this.log(
      "codex.sse_event",
      {
        "event.kind": "response.completed",
        input_token_count: request.prompt_tokens ?? undefined,
        output_token_count: request.completion_tokens ?? undefined,
        cached_token_count: request.cached_tokens ?? undefined,
        reasoning_token_count: request.reasoning_tokens ?? undefined,
        tool_token_count: 0,
        ...ids,
      },
      undefined,
      parent,
    );
  }

  /** One log record with upstream's common attributes; every string goes through the redactor. */
  private log(name: string, attributes: Attributes, body?: unknown, ctx?: Context): void {
    if (!this.logger) return;
    const at = this.now();
    const redactedBody = body === undefined ? null : this.options.redactor.serialize(body).line;
    this.logger.emit({
      eventName: name,
      timestamp: at,
      severityNumber: SeverityNumber.INFO,
      severityText: "INFO",
      body: redactedBody === null ? name : logBody(JSON.parse(redactedBody)),
      attributes: this.clean({
        "event.name": name,
        "event.timestamp": new Date(at).toISOString(),
        ...this.session,
        ...attributes,
      }),
      context: ctx ?? this.turn?.context,
    });
  }

  /** A long output cut to its start, redacted first: a cut through a secret would leave its first part in clear. */
  private cut(text: string): string {
    const redacted = this.options.redactor.text(text);
    return redacted.length > MAX_OUTPUT_CHARS ? `${redacted.slice(0, MAX_OUTPUT_CHARS)}…` : redacted;
  }

  /** Drops unset attributes and cuts secrets out of strings. */
  private clean(attributes: Attributes): Attributes {
    const out: Attributes = {};
    for (const [key, value] of Object.entries(attributes)) {
      if (value === undefined) continue;
      out[key] = typeof value === "string" ? this.options.redactor.text(value) : value;
    }
    return out;
  }

  /** Ends what is open, sends what is batched; gives up after the configured flush timeout. */
  async shutdown(): Promise<void> {
    this.at = Date.now();
    this.turn?.span.end(this.at);
    this.turn = null;
    const { loggers, tracers, meters } = this.providers;
    const all = Promise.allSettled([loggers?.shutdown(), tracers?.shutdown(), meters?.shutdown()]).then(
      () => "sent" as const,
    );
    const outcome = await withDeadline<"sent" | "late">(all, this.config.flushTimeoutMs, "late");
    const endpoints = [
      ...new Set([this.config.logs, this.config.traces, this.config.metrics].map((e) => e?.endpoint).filter(Boolean)),
    ].join(", ");
    if (outcome === "late")
      this.options.warn(
        `otel: the collector at ${endpoints} did not take the last batch within ${this.config.flushTimeoutMs} ms (flush_timeout_ms); it was dropped`,
      );
  }
}
