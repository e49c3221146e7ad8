// The OpenTelemetry providers of the configured signals (logs, traces, metrics), each behind its
// OTLP exporter, with one warning when a signal cannot be set up or its collector refuses data.
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BatchLogRecordProcessor, LoggerProvider } from "@opentelemetry/sdk-logs";
import { MeterProvider, PeriodicExportingMetricReader } from "@opentelemetry/sdk-metrics";
import { BatchSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import type { OtelConfig, OtlpExporterConfig } from "../../config/otel-config.js";
import { errorMessage } from "../../util/errors.js";
import { VERSION } from "../../version.js";
import { logExporter, metricExporter, spanExporter, type Signal } from "./otlp-exporters.js";

export const SERVICE_NAME = "codex-litellm";

export interface OtelProviders {
  loggers: LoggerProvider | null;
  tracers: TracerProvider | null;
  meters: MeterProvider | null;
  /** The `warn` given, passing on only its first line. */
  warn: (line: string) => void;
}

export async function startProviders(config: OtelConfig, warn: (line: string) => void): Promise<OtelProviders> {
  const timeout = config.flushTimeoutMs;
  const resource = resourceFromAttributes({
    "service.name": SERVICE_NAME,
    "service.version": VERSION,
    "deployment.environment.name": config.environment,
    env: config.environment,
  });
  let warned = false;
  const warnOnce = (line: string) => {
    if (!warned) warn(line);
    warned = true;
  };
  const build = async <T>(
    signal: Signal,
    exporter: OtlpExporterConfig | null,
    make: (c: OtlpExporterConfig) => Promise<T>,
  ): Promise<T | null> => {
    if (!exporter) return null;
    try {
      return await make(exporter);
    } catch (err) {
      warnOnce(`otel: ${signal} not exported: ${errorMessage(err)}`);
      return null;
    }
  };
  const logs = await build("logs", config.logs, (c) =>
    logExporter(c, timeout).then((e) => reportFailures(e, "logs", c, warnOnce)),
  );
  const spans = await build("traces", config.traces, (c) =>
    spanExporter(c, timeout).then((e) => reportFailures(e, "traces", c, warnOnce)),
  );
  const metrics = await build("metrics", config.metrics, (c) =>
    metricExporter(c, timeout, config.metricsTemporality).then((e) => reportFailures(e, "metrics", c, warnOnce)),
  );
  return {
    loggers: logs
      ? new LoggerProvider({
          resource,
          processors: [new BatchLogRecordProcessor({ exporter: logs, exportTimeoutMillis: timeout })],
        })
      : null,
    tracers: spans
      ? new TracerProvider({
          resource,
          spanProcessors: [new BatchSpanProcessor({ exporter: spans, exportTimeoutMillis: timeout })],
        })
      : null,
    meters: metrics
      ? new MeterProvider({
          resource,
          readers: [
            new PeriodicExportingMetricReader({
              exporter: metrics,
              exportTimeoutMillis: timeout,
              exportIntervalMillis: 60_000,
            }),
          ],
        })
      : null,
    warn: warnOnce,
  };
}

/** What log, span and metric exporters have in common. */
interface Exporter {
  export(items: unknown, done: (result: { code: number; error?: Error }) => void): void;
}

/** Warns (once, through `warn`) when the collector refuses or cannot be reached; the data is dropped. */
function reportFailures<T extends Exporter>(
  exporter: T,
  signal: Signal,
  config: OtlpExporterConfig,
  warn: (line: string) => void,
): T {
  const target: Exporter = exporter;
  const original = target.export.bind(target);
  target.export = (items, done) =>
    original(items, (result) => {
      if (result.code !== 0)
        warn(
          `otel: cannot export ${signal} to ${config.endpoint} (${result.error?.message ?? "failed"}); the session goes on without it`,
        );
      done(result);
    });
  return exporter;
}
