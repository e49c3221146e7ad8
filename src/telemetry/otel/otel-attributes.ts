// How the agent's events and usage records read as OpenTelemetry attributes.
import type { Attributes } from "@opentelemetry/api";
import type { AnyValue } from "@opentelemetry/api-logs";
import type { AgentEvent, RequestUsageRecord } from "../../protocol/events.js";
import { VERSION } from "../../version.js";
import type { usageLogRecord } from "../usage-log-record.js";
import { SERVICE_NAME } from "./otel-providers.js";

export type UsageLine = ReturnType<typeof usageLogRecord>;

type SessionConfigured = Extract<AgentEvent, { type: "session_configured" }>;

/** Upstream's attributes common to every log record of the session. */
export function sessionAttributes(event: SessionConfigured, environment: string): Attributes {
  return {
    "conversation.id": event.sessionId,
    "app.version": VERSION,
    originator: SERVICE_NAME,
    "terminal.type": process.env.TERM_PROGRAM ?? process.env.TERM ?? "unknown",
    model: event.model,
    slug: event.model,
    "provider.name": event.provider.name,
    "provider.base_url": event.provider.baseUrl,
    environment,
  };
}

/** `server.address` / `server.port` of the LiteLLM proxy (semantic conventions). */
export function serverOf(baseUrl: string): Attributes {
  try {
    const url = new URL(baseUrl);
    return {
      "server.address": url.hostname,
      "server.port": Number(url.port || (url.protocol === "https:" ? 443 : 80)),
    };
  } catch {
    return {};
  }
}

/** A model request's token counts, as the GenAI semantic conventions name them. */
export function requestUsage(request: RequestUsageRecord): Attributes {
  return {
    "gen_ai.usage.input_tokens": request.prompt_tokens ?? undefined,
    "gen_ai.usage.output_tokens": request.completion_tokens ?? undefined,
    "gen_ai.usage.cache_read.input_tokens": request.cached_tokens ?? undefined,
    "gen_ai.usage.cache_creation.input_tokens": request.cache_write_tokens ?? undefined,
    "codex.usage.reasoning_output_tokens": request.reasoning_tokens ?? undefined,
    "codex.usage.total_tokens": request.total_tokens ?? undefined,
  };
}

/** What identifies a model request at LiteLLM and what it cost. */
export function requestIds(request: RequestUsageRecord): Attributes {
  return {
    "litellm.call_id": request.litellm_call_id ?? undefined,
    "gen_ai.response.id": request.response_id ?? undefined,
    "codex_litellm.cost_usd": request.cost_usd ?? undefined,
    "codex_litellm.request.kind": request.kind,
  };
}

/** The usage log line as flat log attributes (`request_usage` as JSON; the body keeps it structured). */
export function flatUsage(line: UsageLine): Attributes {
  const out: Attributes = {};
  for (const [key, value] of Object.entries(line)) {
    if (value === null) continue;
    out[`usage.${key}`] = typeof value === "object" ? JSON.stringify(value) : value;
  }
  return out;
}

/** A string attribute of `attributes`, "" when it is not set. */
export function textAttribute(attributes: Attributes, key: string): string {
  const value = attributes[key];
  return typeof value === "string" ? value : "";
}

/** A parsed JSON value as a log record's body (JSON has nothing else: anything else is null). */
export function logBody(value: unknown): AnyValue {
  if (value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean")
    return value;
  if (Array.isArray(value)) return value.map(logBody);
  if (typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, logBody(v)]));
  return null;
}
