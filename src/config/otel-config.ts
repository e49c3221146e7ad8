import type { z } from "zod";
import type { ConfigToml, otelExporterSchema } from "./schema.js";

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
  t: ConfigToml["otel"] = {},
  o: NonNullable<ConfigToml["telemetry"]>["otel"] = {},
  resolvePath: (file: string) => string,
  env: NodeJS.ProcessEnv,
): OtelConfig | null {
  const logs = exporterOf(t.exporter, resolvePath);
  const traces = t.trace_exporter === undefined ? logs : exporterOf(t.trace_exporter, resolvePath);
  const metrics = t.metrics_exporter === undefined ? logs : exporterOf(t.metrics_exporter, resolvePath);
  if (!logs && !traces && !metrics) return null;
  const envTemporality = env.OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE?.toLowerCase();
  return {
    environment: t.environment ?? DEFAULT_OTEL_ENVIRONMENT,
    logUserPrompt: t.log_user_prompt === true,
    logs,
    traces,
    metrics,
    spanAttributes: t.span_attributes ?? {},
    metricsTemporality:
      o.metrics_temporality === "delta" || (o.metrics_temporality === undefined && envTemporality === "delta")
        ? "delta"
        : "cumulative",
    flushTimeoutMs: o.flush_timeout_ms ?? DEFAULT_OTEL_FLUSH_TIMEOUT_MS,
  };
}

function exporterOf(
  value: z.infer<ReturnType<typeof otelExporterSchema>> | undefined,
  resolvePath: (file: string) => string,
): OtlpExporterConfig | null {
  if (value === undefined || typeof value === "string") return null; // "none", "statsig" or unset
  const [transport, settings] =
    "otlp-http" in value ? (["otlp-http", value["otlp-http"]] as const) : (["otlp-grpc", value["otlp-grpc"]] as const);
  const tls = settings.tls ?? {};
  const file = (key: keyof typeof tls) => {
    const configured = tls[key];
    return typeof configured === "string" ? resolvePath(configured) : undefined;
  };
  return {
    transport,
    protocol: "protocol" in settings && settings.protocol === "json" ? "json" : "binary",
    endpoint: settings.endpoint,
    headers: settings.headers ?? {},
    tls: {
      caCertificate: file("ca-certificate"),
      clientCertificate: file("client-certificate"),
      clientPrivateKey: file("client-private-key"),
    },
  };
}
