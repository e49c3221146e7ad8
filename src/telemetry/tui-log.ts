import pino, { type Logger } from "pino";
import type { TelemetryConfig } from "../config/telemetry-config.js";
import { REDACTED, redactorOf, type SecretRedactor } from "../util/redact.js";

const LEVELS = new Set(["fatal", "error", "warn", "info", "debug", "trace", "silent"]);

/**
 * The interactive program's leveled log (`telemetry.logs.tui.file`, default codex-tui.log),
 * written with pino. The level comes from CODEX_LITELLM_LOG (default info). Null when
 * telemetry or this log is off. Every line passes the redaction layer holding `secrets`.
 */
export function createTuiLog(
  config: TelemetryConfig,
  secrets: SecretRedactor | Iterable<string>,
  env: NodeJS.ProcessEnv = process.env,
): Logger | null {
  if (!config.enabled || !config.logs.tui.enabled) return null;
  const wanted = (env.CODEX_LITELLM_LOG ?? "info").toLowerCase();
  const destination = pino.destination({ dest: config.logs.tui.path, append: true, mkdir: true, sync: false });
  destination.on("error", () => {}); // an unwritable log never stops the session
  const redactor = redactorOf(secrets);
  return pino(
    {
      level: LEVELS.has(wanted) ? wanted : "info",
      base: { pid: process.pid },
      redact: { paths: ["*.authorization", "*.api_key", "*.apiKey", "headers.*"], censor: REDACTED },
      hooks: { streamWrite: (line) => redactor.jsonText(line) },
    },
    destination,
  );
}
