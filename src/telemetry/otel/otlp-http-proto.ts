// OTLP over HTTP with protobuf bodies; see otlp-grpc.ts for why it is a module of its own.
export { OTLPLogExporter as LogExporter } from "@opentelemetry/exporter-logs-otlp-proto";
export { OTLPMetricExporter as MetricExporter } from "@opentelemetry/exporter-metrics-otlp-proto";
export { OTLPTraceExporter as TraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
