// OTLP over gRPC, one module loaded with import() when configured. Re-exported from an ES module
// because the bundle hands a CommonJS package loaded by import() over as its `default` only.
export { OTLPLogExporter as LogExporter } from "@opentelemetry/exporter-logs-otlp-grpc";
export { OTLPMetricExporter as MetricExporter } from "@opentelemetry/exporter-metrics-otlp-grpc";
export { OTLPTraceExporter as TraceExporter } from "@opentelemetry/exporter-trace-otlp-grpc";
