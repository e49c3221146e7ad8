// A real OpenTelemetry Collector for the tests: built once from the collector's own Go modules
// by scripts/otelcol-setup.sh (cached under .cache/otelcol/), started per test file on
// 127.0.0.1 with free ports; its file exporter writes what it received, one OTLP/JSON document
// per line, to a file the tests read.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, type TestContext } from "vitest";
import { availableOrFailInCi } from "./ci.js";
import { REPO_ROOT, freePort } from "./litellm-proxy.js";

export const COLLECTOR_BIN = path.join(REPO_ROOT, ".cache/otelcol/otelcol-test");

/** Builds the collector when needed; the reason it cannot, or null when it is ready. */
export function buildCollector(): string | null {
  const go = spawnSync("go", ["version"], { encoding: "utf8" });
  if (go.error || go.status !== 0) return "go not found on PATH";
  const t0 = Date.now();
  const r = spawnSync("bash", [path.join(REPO_ROOT, "scripts/otelcol-setup.sh")], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    stdio: ["ignore", "inherit", "pipe"],
    timeout: 20 * 60_000,
  });
  if (r.status !== 0)
    return `scripts/otelcol-setup.sh failed (${r.error?.message ?? `exit ${r.status}`}): ${(r.stderr ?? "").trim().split("\n").slice(-3).join(" | ")}`;
  if (Date.now() - t0 > 5_000)
    process.stderr.write(`otelcol: test collector built in ${Math.round((Date.now() - t0) / 1000)} s\n`);
  return null;
}

/** One OTLP/JSON document as the file exporter writes it. */
export type OtlpDocument = {
  resourceLogs?: { resource: { attributes?: KeyValue[] }; scopeLogs: { logRecords: LogRecord[] }[] }[];
  resourceSpans?: { resource: { attributes?: KeyValue[] }; scopeSpans: { spans: OtlpSpan[] }[] }[];
  resourceMetrics?: { resource: { attributes?: KeyValue[] }; scopeMetrics: { metrics: OtlpMetric[] }[] }[];
};
export type AnyValue = {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number;
  boolValue?: boolean;
  kvlistValue?: { values: KeyValue[] };
  arrayValue?: { values: AnyValue[] };
};
export type KeyValue = { key: string; value: AnyValue };
export type LogRecord = {
  eventName?: string;
  attributes?: KeyValue[];
  body?: AnyValue;
  traceId?: string;
  spanId?: string;
};
export type OtlpSpan = {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes?: KeyValue[];
  startTimeUnixNano: string;
  endTimeUnixNano: string;
};
export type DataPoint = {
  attributes?: KeyValue[];
  sum?: number;
  count?: string;
  asDouble?: number;
  asInt?: string;
  startTimeUnixNano?: string;
};
export type OtlpMetric = {
  name: string;
  unit?: string;
  histogram?: { dataPoints: DataPoint[]; aggregationTemporality: number };
  sum?: { dataPoints: DataPoint[]; aggregationTemporality: number; isMonotonic?: boolean };
};

/** An attribute list as a plain object (ints as numbers, kvlists as objects). */
export function attrs(list: KeyValue[] | undefined): Record<string, unknown> {
  return Object.fromEntries((list ?? []).map((kv) => [kv.key, plain(kv.value)]));
}

export function plain(value: AnyValue | undefined): unknown {
  if (!value) return undefined;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.kvlistValue) return attrs(value.kvlistValue.values);
  if (value.arrayValue) return (value.arrayValue.values ?? []).map(plain);
  return null;
}

export interface Collector {
  /** otlp-http base URL (http://127.0.0.1:PORT) and otlp-grpc URL. */
  httpUrl: string;
  grpcUrl: string;
  /** Everything received so far. */
  documents(): OtlpDocument[];
  logs(): LogRecord[];
  spans(): OtlpSpan[];
  metrics(): OtlpMetric[];
  stop(): Promise<void>;
}

/** Starts the collector and waits until both receivers listen. */
export async function startCollector(): Promise<Collector> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "cl-otelcol-"));
  const out = path.join(dir, "received.jsonl");
  const [grpcPort, httpPort] = [await freePort(), await freePort()];
  const pipeline = "{ receivers: [otlp], exporters: [file] }";
  writeFileSync(
    path.join(dir, "config.yaml"),
    [
      "receivers:",
      "  otlp:",
      "    protocols:",
      `      grpc: { endpoint: "127.0.0.1:${grpcPort}" }`,
      `      http: { endpoint: "127.0.0.1:${httpPort}" }`,
      "exporters:",
      `  file: { path: ${JSON.stringify(out)}, flush_interval: 50ms }`,
      "service:",
      "  telemetry: { metrics: { level: none } }",
      "  pipelines:",
      `    logs: ${pipeline}`,
      `    traces: ${pipeline}`,
      `    metrics: ${pipeline}`,
      "",
    ].join("\n"),
  );
  const child: ChildProcess = spawn(COLLECTOR_BIN, ["--config", path.join(dir, "config.yaml")], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the test collector did not start in 60 s: ${stderr.slice(-2000)}`)),
      60_000,
    );
    const check = () => {
      if (stderr.includes("Everything is ready")) {
        clearTimeout(timer);
        child.stderr?.off("data", check);
        resolve();
      }
    };
    child.stderr?.on("data", check);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the test collector exited (${code}): ${stderr.slice(-2000)}`));
    });
  });
  // Whole lines only: the exporter may be writing the last one.
  const documents = (): OtlpDocument[] =>
    existsSync(out)
      ? readFileSync(out, "utf8")
          .split("\n")
          .slice(0, -1)
          .filter((l) => l.trim())
          .map((l) => JSON.parse(l) as OtlpDocument)
      : [];
  return {
    httpUrl: `http://127.0.0.1:${httpPort}`,
    grpcUrl: `http://127.0.0.1:${grpcPort}`,
    documents,
    logs: () =>
      documents().flatMap((d) => (d.resourceLogs ?? []).flatMap((r) => r.scopeLogs.flatMap((s) => s.logRecords))),
    spans: () =>
      documents().flatMap((d) => (d.resourceSpans ?? []).flatMap((r) => r.scopeSpans.flatMap((s) => s.spans))),
    metrics: () =>
      documents().flatMap((d) => (d.resourceMetrics ?? []).flatMap((r) => r.scopeMetrics.flatMap((s) => s.metrics))),
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The collector of a test file: built and started before its tests, stopped after them.
 * `need(ctx)` returns it, or skips the test where it cannot be had (with REQUIRE_OTEL=1 or in CI
 * that is a failure instead).
 */
export function useCollector(): { need(ctx: TestContext): Collector } {
  let collector: Collector | undefined;
  let unavailable: string | null = "not built yet";
  beforeAll(async () => {
    unavailable = buildCollector();
    if (unavailable === null) collector = await startCollector();
  }, 20 * 60_000);
  afterAll(async () => {
    await collector?.stop();
  });
  return {
    need(ctx) {
      if (unavailable !== null && process.env.REQUIRE_OTEL === "1")
        throw new Error(`the test OpenTelemetry Collector is required (REQUIRE_OTEL=1): ${unavailable}`);
      if (!availableOrFailInCi(unavailable === null, `the test OpenTelemetry Collector (${unavailable})`) || !collector)
        ctx.skip();
      return collector as Collector;
    },
  };
}
