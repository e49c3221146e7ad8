// OTLP over HTTP with JSON bodies; see otlp-grpc.ts for why it is a module of its own.
export { OTLPLogExporter as LogExporter } from "@opentelemetry/exporter-logs-otlp-http";
export { OTLPMetricExporter as MetricExporter } from "@opentelemetry/exporter-metrics-otlp-http";
export { OTLPTraceExporter as TraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
