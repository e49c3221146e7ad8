// Drives the built CLI's `acp` over stdio with the ACP SDK's client side, as an editor does: every
// line either side sends is kept, and each is checked against ACP's published JSON Schema (the
// whole-message schema, and the schema of that method's params or result).
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Readable, Writable } from "node:stream";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import * as acp from "@agentclientprotocol/sdk";
import { expect } from "vitest";
import { baseEnv, CLI } from "./cli.js";

const require = createRequire(import.meta.url);
const SCHEMA_PATH = require.resolve("@agentclientprotocol/sdk/schema/v1/schema.json");

/** The schema (its `$defs` name) of each method's params, and of its result. */
const METHOD_DEFS: Record<string, [params: string, result?: string]> = {
  initialize: ["InitializeRequest", "InitializeResponse"],
  authenticate: ["AuthenticateRequest", "AuthenticateResponse"],
  "session/new": ["NewSessionRequest", "NewSessionResponse"],
  "session/load": ["LoadSessionRequest", "LoadSessionResponse"],
  "session/resume": ["ResumeSessionRequest", "ResumeSessionResponse"],
  "session/list": ["ListSessionsRequest", "ListSessionsResponse"],
  "session/close": ["CloseSessionRequest", "CloseSessionResponse"],
  "session/delete": ["DeleteSessionRequest", "DeleteSessionResponse"],
  "session/set_mode": ["SetSessionModeRequest", "SetSessionModeResponse"],
  "session/set_config_option": ["SetSessionConfigOptionRequest", "SetSessionConfigOptionResponse"],
  "session/prompt": ["PromptRequest", "PromptResponse"],
  "session/cancel": ["CancelNotification"],
  "session/update": ["SessionNotification"],
  "session/request_permission": ["RequestPermissionRequest", "RequestPermissionResponse"],
  "$/cancel_request": ["CancelRequestNotification"],
  "fs/read_text_file": ["ReadTextFileRequest", "ReadTextFileResponse"],
  "fs/write_text_file": ["WriteTextFileRequest", "WriteTextFileResponse"],
};

let validators: { message: ValidateFunction; def(name: string): ValidateFunction } | null = null;

function schemaValidators() {
  if (validators) return validators;
  const schema = JSON.parse(readFileSync(SCHEMA_PATH, "utf8")) as Record<string, unknown>;
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  // The schema's number formats (from its Rust types), checked rather than ignored.
  const integer = (min: number, max: number) => (n: number) => Number.isInteger(n) && n >= min && n <= max;
  const numberFormats: Record<string, (n: number) => boolean> = {
    uint16: integer(0, 2 ** 16 - 1),
    uint32: integer(0, 2 ** 32 - 1),
    uint64: integer(0, Number.MAX_SAFE_INTEGER),
    int32: integer(-(2 ** 31), 2 ** 31 - 1),
    int64: integer(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
    double: Number.isFinite,
  };
  for (const [name, validate] of Object.entries(numberFormats)) ajv.addFormat(name, { type: "number", validate });
  ajv.addFormat("uri", { type: "string", validate: (s: string) => URL.canParse(s) });
  ajv.addSchema({ ...schema, $id: "acp" });
  const cache = new Map<string, ValidateFunction>();
  validators = {
    message: ajv.compile({ $ref: "acp" }),
    def: (name) => {
      let fn = cache.get(name);
      if (!fn) cache.set(name, (fn = ajv.compile({ $ref: `acp#/$defs/${name}` })));
      return fn;
    },
  };
  return validators;
}

export interface WireLine {
  from: "agent" | "client";
  message: Record<string, unknown>;
}

/** Every schema problem of the lines exchanged, as `from method: error` (empty: all valid). */
export function schemaProblems(lines: WireLine[]): string[] {
  const { message, def } = schemaValidators();
  const methodOf = new Map<string, string>();
  const problems: string[] = [];
  const check = (fn: ValidateFunction, value: unknown, what: string) => {
    if (!fn(value)) problems.push(`${what}: ${ajvErrors(fn)}`);
  };
  for (const { from, message: m } of lines) {
    if ("notJson" in m) {
      problems.push(`${from} wrote a line that is not JSON: ${String(m.notJson).slice(0, 200)}`);
      continue;
    }
    const method = typeof m.method === "string" ? m.method : undefined;
    const id = m.id === undefined ? undefined : `${from}:${JSON.stringify(m.id)}`;
    check(message, m, `${from} ${method ?? "response"}`);
    if (method) {
      if (id) methodOf.set(id, method);
      const defs = METHOD_DEFS[method];
      if (!defs) problems.push(`${from} ${method}: a method the test does not know`);
      else check(def(defs[0]), m.params, `${from} ${method} params`);
    } else if ("result" in m) {
      const asked = methodOf.get(`${from === "agent" ? "client" : "agent"}:${JSON.stringify(m.id)}`);
      const result = asked ? METHOD_DEFS[asked]?.[1] : undefined;
      if (result) check(def(result), m.result, `${from} ${asked} result`);
    }
  }
  return problems;
}

/** The schema problems of `value` as the `$defs` type `name` (empty: valid). */
export function defProblems(name: string, value: unknown): string[] {
  const fn = schemaValidators().def(name);
  return fn(value) ? [] : [ajvErrors(fn)];
}

function ajvErrors(fn: ValidateFunction): string {
  return (fn.errors ?? [])
    .slice(0, 5)
    .map((e) => `${e.instancePath || "/"} ${e.message ?? "invalid"}`)
    .join("; ");
}

/** A stream that records each JSON line passing through it. */
function tap(from: WireLine["from"], lines: WireLine[]): TransformStream<Uint8Array, Uint8Array> {
  const decoder = new TextDecoder();
  let pending = "";
  return new TransformStream({
    transform(chunk, controller) {
      pending += decoder.decode(chunk, { stream: true });
      for (let end = pending.indexOf("\n"); end >= 0; end = pending.indexOf("\n")) {
        const line = pending.slice(0, end).trim();
        pending = pending.slice(end + 1);
        if (!line) continue;
        try {
          lines.push({ from, message: JSON.parse(line) as Record<string, unknown> });
        } catch {
          lines.push({ from, message: { notJson: line } });
        }
      }
      controller.enqueue(chunk);
    },
  });
}

export interface AcpRun {
  child: ChildProcessWithoutNullStreams;
  agent: acp.ClientContext;
  lines: WireLine[];
  stderr: () => string;
  /** Every `session/update` received, in order. */
  updates: acp.SessionNotification[];
  /** Closes stdin and waits for the agent to exit; returns its exit code. */
  close(): Promise<number | null>;
}

export interface AcpClientOptions {
  home: string;
  cwd: string;
  env?: Record<string, string>;
  args?: string[];
  clientCapabilities?: acp.ClientCapabilities;
  /** The editor's buffers: answers `fs/read_text_file` (null: no such file), takes `fs/write_text_file`. */
  files?: { read(path: string): string | null; write(path: string, content: string): void };
  /** Answers `session/request_permission` (default: the first option). */
  permission?: (
    request: acp.RequestPermissionRequest,
    /** Aborted when the agent withdraws the question. */
    signal: AbortSignal,
  ) => Promise<acp.RequestPermissionResponse> | acp.RequestPermissionResponse;
}

/** Starts `codex-litellm acp`, connects the SDK's client and runs `initialize`. */
export async function startAcp(options: AcpClientOptions): Promise<AcpRun & { initialized: acp.InitializeResponse }> {
  const child = spawn(process.execPath, [CLI, "acp", ...(options.args ?? [])], {
    cwd: options.cwd,
    env: { ...baseEnv(options.home), ...options.env },
  });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const lines: WireLine[] = [];
  const updates: acp.SessionNotification[] = [];
  const fromAgent = (Readable.toWeb(child.stdout) as ReadableStream<Uint8Array>).pipeThrough(tap("agent", lines));
  const toAgent = tap("client", lines);
  void toAgent.readable.pipeTo(Writable.toWeb(child.stdin)).catch(() => {});
  const app = acp
    .client({ name: "acp-e2e" })
    .onRequest(acp.methods.client.session.requestPermission, ({ params, signal }) =>
      options.permission
        ? options.permission(params, signal)
        : { outcome: { outcome: "selected", optionId: params.options[0]!.optionId } },
    )
    .onNotification(acp.methods.client.session.update, ({ params }) => {
      updates.push(params);
    })
    .onRequest(acp.methods.client.fs.readTextFile, ({ params }) => {
      const content = options.files?.read(params.path) ?? null;
      if (content === null) throw acp.RequestError.resourceNotFound(params.path);
      return { content };
    })
    .onRequest(acp.methods.client.fs.writeTextFile, ({ params }) => {
      options.files?.write(params.path, params.content);
      return {};
    });
  const connection = app.connect(acp.ndJsonStream(toAgent.writable, fromAgent));
  const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
  const initialized = await connection.agent.request(acp.methods.agent.initialize, {
    protocolVersion: acp.PROTOCOL_VERSION,
    clientCapabilities: options.clientCapabilities ?? {
      fs: { readTextFile: false, writeTextFile: false },
      terminal: false,
    },
    clientInfo: { name: "acp-e2e", version: "1.0.0" },
  });
  return {
    child,
    agent: connection.agent,
    lines,
    updates,
    initialized,
    stderr: () => stderr,
    async close() {
      child.stdin.end();
      const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
      const code = await exited;
      clearTimeout(timer);
      connection.close();
      return code;
    },
  };
}

/**
 * Starts `codex-litellm acp` (see {@link startAcp}), runs `body` with it and closes it: the agent
 * must exit 0 (even when `body` failed) and every line on the wire must match ACP's schema.
 * Returns the ended run, for checks of what it left.
 */
export async function withAcp(
  options: AcpClientOptions,
  body: (run: AcpRun & { initialized: acp.InitializeResponse }) => Promise<void>,
): Promise<AcpRun> {
  const run = await startAcp(options);
  try {
    await body(run);
  } finally {
    expect(await run.close()).toBe(0);
  }
  expect(schemaProblems(run.lines)).toEqual([]);
  return run;
}
