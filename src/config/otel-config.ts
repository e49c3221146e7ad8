import type { Table } from "../util/tables.js";
import { isTable } from "../util/tables.js";

/** One OTLP destination, from upstream's `exporter`, `trace_exporter` or `metrics_exporter`. */
export interface OtlpExporterConfig {
  transport: "otlp-http" | "otlp-grpc";
  /** otlp-http only: protobuf (`binary`) or JSON bodies. */
  protocol: "binary" | "json";
  endpoint: string;
  headers: Record<string, string>;
  /** Absolute paths of the PEM files from `tls`. */
  tls: { caCertificate?: string; clientCertificate?: string; clientPrivateKey?: string };
}

export interface OtelConfig {
  environment: string;
  logUserPrompt: boolean;
  logs: OtlpExporterConfig | null;
  traces: OtlpExporterConfig | null;
  metrics: OtlpExporterConfig | null;
  spanAttributes: Record<string, string>;
  metricsTemporality: "cumulative" | "delta";
  /** How long the exit may wait for the last batch to reach the collector. */
  flushTimeoutMs: number;
}

export const DEFAULT_OTEL_ENVIRONMENT = "dev";
export const DEFAULT_OTEL_FLUSH_TIMEOUT_MS = 2_000;

/**
 * Resolves upstream's `[otel]` table (already validated) plus our `[telemetry.otel]` additions.
 * Like upstream, `trace_exporter` defaults to `exporter`; unlike upstream (whose metrics default
 * to OpenAI's own Statsig), `metrics_exporter` defaults to `exporter` too, and "statsig" means
 * no export. Null when nothing is exported: then no OpenTelemetry code is loaded.
 */
export function resolveOtel(
  otel: Table | undefined,
  ours: Table | undefined,
  resolvePath: (file: string) => string,
  env: NodeJS.ProcessEnv,
): OtelConfig | null {
  const t = otel ?? {};
  const o = ours ?? {};
  const logs = exporterOf(t.exporter, resolvePath);
  const traces = t.trace_exporter === undefined ? logs : exporterOf(t.trace_exporter, resolvePath);
  const metrics = t.metrics_exporter === undefined ? logs : exporterOf(t.metrics_exporter, resolvePath);
  if (!logs && !traces && !metrics) return null;
  const envTemporality = env.OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE?.toLowerCase();
  return {
    environment: typeof t.environment === "string" ? t.environment : DEFAULT_OTEL_ENVIRONMENT,
    logUserPrompt: t.log_user_prompt === true,
    logs,
    traces,
    metrics,
    spanAttributes: isTable(t.span_attributes) ? (t.span_attributes as Record<string, string>) : {},
    metricsTemporality:
      o.metrics_temporality === "delta" || (o.metrics_temporality === undefined && envTemporality === "delta")
        ? "delta"
        : "cumulative",
    flushTimeoutMs: typeof o.flush_timeout_ms === "number" ? o.flush_timeout_ms : DEFAULT_OTEL_FLUSH_TIMEOUT_MS,
  };
}

function exporterOf(value: unknown, resolvePath: (file: string) => string): OtlpExporterConfig | null {
  if (!isTable(value)) return null; // "none", "statsig" or unset
  const [transport, settings] = Object.entries(value)[0] as ["otlp-http" | "otlp-grpc", Table];
  const tls = isTable(settings.tls) ? settings.tls : {};
  const file = (key: string) => (typeof tls[key] === "string" ? resolvePath(tls[key]) : undefined);
  return {
    transport,
    protocol: settings.protocol === "json" ? "json" : "binary",
    endpoint: settings.endpoint as string,
    headers: isTable(settings.headers) ? (settings.headers as Record<string, string>) : {},
    tls: {
      caCertificate: file("ca-certificate"),
      clientCertificate: file("client-certificate"),
      clientPrivateKey: file("client-private-key"),
    },
  };
}
