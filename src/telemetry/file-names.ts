const pad = (n: number) => String(n).padStart(2, "0");

/** The debug log's default name: the local start time as YYYYMMDD-HHMMSS.log. */
export function debugLogFileName(date: Date): string {
  return `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}-${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}.log`;
}

/** The start of a debug log's default name (see debugLogFileName). */
const DEBUG_LOG_NAME = /^\d{8}-\d{6}\.log/;
/** What log rotation adds to a log's name: `.1`, `.2.gz`, `-20250101`, `-20250101.xz`… or nothing. */
const ROTATION_SUFFIX = /^(?:[.-]\d+){0,2}(?:\.(?:gz|bz2|xz|zst))?$/;

/**
 * Whether a file name is one of this program's logs: a debug log by its default name, or one of
 * the configured log file names (`logNames`), or a rotated copy of either.
 */
export function isOwnLogName(name: string, logNames: readonly string[]): boolean {
  const debug = DEBUG_LOG_NAME.exec(name);
  if (debug && ROTATION_SUFFIX.test(name.slice(debug[0].length))) return true;
  return logNames.some((log) => name.startsWith(log) && ROTATION_SUFFIX.test(name.slice(log.length)));
}
