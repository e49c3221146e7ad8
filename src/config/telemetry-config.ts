import path from "node:path";
import { isWithin } from "../util/paths.js";
import { UserError } from "../util/errors.js";
import { realPathOfNearestAncestor } from "../util/fs.js";
import { isTable, type Table } from "../util/tables.js";

export const DEFAULT_TELEMETRY_DIR = "logs";
export const DEFAULT_MAX_TOTAL_BYTES = 104_857_600;
export const DEFAULT_TUI_LOG_FILE = "codex-tui.log";
export const DEFAULT_SESSION_LOG_FILE = "codex-litellm-session.jsonl";

export interface TelemetryLogConfig {
  /** File name as configured (relative to `dir`) or absolute. */
  file?: string;
  /** Absolute path of `file`, when known. */
  path?: string;
  enabled: boolean;
  [extra: string]: unknown;
}

export interface TelemetryConfig {
  enabled: boolean;
  /** Absolute telemetry directory. */
  dir: string;
  /** 0 disables pruning. */
  max_total_bytes: number;
  logs: {
    tui: TelemetryLogConfig & { file: string; path: string };
    /** `file` is unset unless configured: the writer then names it YYYYMMDD-HHMMSS.log. */
    debug: TelemetryLogConfig;
    session: TelemetryLogConfig & { file: string; path: string };
    /** Any other `[telemetry.logs.<name>]` tables, kept as written for downstream tools. */
    [extra: string]: TelemetryLogConfig | Table;
  };
}

/**
 * Applies the defaults to the `[telemetry]` table (already validated). The log tables are
 * taken as written, in their order: `telemetry config` prints them.
 */
export function resolveTelemetry(table: Table | undefined, codexHome: string): TelemetryConfig {
  const t = table ?? {};
  const dir = path.resolve(codexHome, typeof t.dir === "string" ? t.dir : DEFAULT_TELEMETRY_DIR);
  const logs = isTable(t.logs) ? t.logs : {};
  const entry = (name: string): Table => (isTable(logs[name]) ? logs[name] : {});
  const fileIn = (name: string, fallback: string) => {
    const configured = entry(name).file;
    const file = typeof configured === "string" ? configured : fallback;
    return { file, path: path.resolve(dir, file) };
  };
  const debug = entry("debug");
  const debugFile = typeof debug.file === "string" ? debug.file : undefined;
  const extras = Object.fromEntries(
    Object.entries(logs).flatMap(([name, log]) =>
      isTable(log) && !["tui", "debug", "session"].includes(name) ? [[name, log] as const] : [],
    ),
  );
  return {
    enabled: typeof t.enabled === "boolean" ? t.enabled : true,
    dir,
    max_total_bytes: typeof t.max_total_bytes === "number" ? t.max_total_bytes : DEFAULT_MAX_TOTAL_BYTES,
    logs: {
      ...extras,
      tui: { ...entry("tui"), enabled: entry("tui").enabled !== false, ...fileIn("tui", DEFAULT_TUI_LOG_FILE) },
      debug: {
        ...debug,
        enabled: debug.enabled !== false,
        ...(debugFile ? { file: debugFile, path: path.resolve(dir, debugFile) } : {}),
      },
      session: {
        ...entry("session"),
        enabled: entry("session").enabled !== false,
        ...fileIn("session", DEFAULT_SESSION_LOG_FILE),
      },
    },
  };
}

/**
 * Refuses a telemetry dir that is CODEX_HOME or a folder containing it (symlinks resolved): the
 * logs and their pruning need a folder of their own, not one holding config.toml, .env,
 * auth.json, sessions or a home folder's files. `where` names the file or flag that set it.
 */
export function checkTelemetryDir(
  telemetry: TelemetryConfig,
  codexHome: string,
  configured: unknown,
  where: string,
): void {
  if (!isWithin(realPathOfNearestAncestor(codexHome), realPathOfNearestAncestor(telemetry.dir))) return;
  throw new UserError(
    `${where}: telemetry.dir: expected a folder of its own for the logs (default "${DEFAULT_TELEMETRY_DIR}"), not CODEX_HOME or a folder containing it, ` +
      `got ${JSON.stringify(configured)} (${telemetry.dir})`,
  );
}
