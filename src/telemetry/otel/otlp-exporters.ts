// The OTLP exporters of one signal, from upstream's exporter settings. Each transport's
// package is imported only when a signal uses it (the gRPC one brings @grpc/grpc-js).
import { readFileSync } from "node:fs";
import type { LogRecordExporter } from "@opentelemetry/sdk-logs";
import { AggregationTemporality, type PushMetricExporter } from "@opentelemetry/sdk-metrics";
import type { SpanExporter } from "@opentelemetry/sdk-trace";
import type { OtlpExporterConfig } from "../../config/otel-config.js";
import { fileErrorReason } from "../../util/errors.js";

export type Signal = "logs" | "traces" | "metrics";

/** Where an otlp-http exporter sends `signal`: the endpoint's /v1/<signal> (upstream's endpoints often name /v1/logs). */
export function signalUrl(endpoint: string, signal: Signal): string {
  const url = new URL(endpoint);
  const base = url.pathname.replace(/\/v1\/(logs|traces|metrics)\/?$/, "").replace(/\/$/, "");
  url.pathname = `${base}/v1/${signal}`;
  return url.toString();
}

interface Pem {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
}

function readPem(config: OtlpExporterConfig): Pem {
  const read = (file: string | undefined, key: string) => {
    if (!file) return undefined;
    try {
      return readFileSync(file);
    } catch (err) {
      throw new Error(
        `otel: ${config.transport}.tls.${key} = ${file}: cannot read it (${fileErrorReason(err)}); expected a PEM file`,
      );
    }
  };
  return {
    ca: read(config.tls.caCertificate, "ca-certificate"),
    cert: read(config.tls.clientCertificate, "client-certificate"),
    key: read(config.tls.clientPrivateKey, "client-private-key"),
  };
}

async function grpcOptions(config: OtlpExporterConfig, timeoutMillis: number) {
  const { Metadata, credentials: grpcCredentials } = await import("@grpc/grpc-js");
  const metadata = new Metadata();
  for (const [name, value] of Object.entries(config.headers)) metadata.set(name, value);
  const pem = readPem(config);
  const credentials = config.endpoint.startsWith("https:")
    ? grpcCredentials.createSsl(pem.ca ?? null, pem.key ?? null, pem.cert ?? null)
    : grpcCredentials.createInsecure();
  return { url: config.endpoint, metadata, credentials, timeoutMillis };
}

function httpOptions(config: OtlpExporterConfig, signal: Signal, timeoutMillis: number) {
  const pem = readPem(config);
  const tls = pem.ca || pem.cert || pem.key ? { httpAgentOptions: { ...pem } } : {};
  return { url: signalUrl(config.endpoint, signal), headers: { ...config.headers }, timeoutMillis, ...tls };
}

export async function logExporter(config: OtlpExporterConfig, timeoutMillis: number): Promise<LogRecordExporter> {
  if (config.transport === "otlp-grpc")
    return new (await import("./otlp-grpc.js")).LogExporter(await grpcOptions(config, timeoutMillis));
  const options = httpOptions(config, "logs", timeoutMillis);
  if (config.protocol === "json") return new (await import("./otlp-http-json.js")).LogExporter(options);
  return new (await import("./otlp-http-proto.js")).LogExporter(options);
}

export async function spanExporter(config: OtlpExporterConfig, timeoutMillis: number): Promise<SpanExporter> {
  if (config.transport === "otlp-grpc")
    return new (await import("./otlp-grpc.js")).TraceExporter(await grpcOptions(config, timeoutMillis));
  const options = httpOptions(config, "traces", timeoutMillis);
  if (config.protocol === "json") return new (await import("./otlp-http-json.js")).TraceExporter(options);
  return new (await import("./otlp-http-proto.js")).TraceExporter(options);
}

export async function metricExporter(
  config: OtlpExporterConfig,
  timeoutMillis: number,
  temporality: "cumulative" | "delta",
): Promise<PushMetricExporter> {
  const temporalityPreference =
    temporality === "delta" ? AggregationTemporality.DELTA : AggregationTemporality.CUMULATIVE;
  if (config.transport === "otlp-grpc")
    return new (await import("./otlp-grpc.js")).MetricExporter({
      ...(await grpcOptions(config, timeoutMillis)),
      temporalityPreference,
    });
  const options = { ...httpOptions(config, "metrics", timeoutMillis), temporalityPreference };
  if (config.protocol === "json") return new (await import("./otlp-http-json.js")).MetricExporter(options);
  return new (await import("./otlp-http-proto.js")).MetricExporter(options);
}
