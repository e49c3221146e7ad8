import pino, { type Logger } from "pino";
import type { TelemetryConfig } from "../config/telemetry-config.js";

const LEVELS = new Set(["fatal", "error", "warn", "info", "debug", "trace", "silent"]);

/**
 * The interactive program's leveled log (`telemetry.logs.tui.file`, default codex-tui.log),
 * written with pino. The level comes from CODEX_LITELLM_LOG (default info). Null when
 * telemetry or this log is off.
 */
export function createTuiLog(config: TelemetryConfig, env: NodeJS.ProcessEnv = process.env): Logger | null {
  if (!config.enabled || !config.logs.tui.enabled) return null;
  const wanted = (env.CODEX_LITELLM_LOG ?? "info").toLowerCase();
  const destination = pino.destination({ dest: config.logs.tui.path, append: true, mkdir: true, sync: false });
  destination.on("error", () => {}); // an unwritable log never stops the session
  return pino({ level: LEVELS.has(wanted) ? wanted : "info", base: { pid: process.pid }, redact: { paths: ["*.authorization", "*.api_key", "*.apiKey", "headers.*"], censor: "[REDACTED]" } }, destination);
}
