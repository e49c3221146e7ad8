const pad = (n: number) => String(n).padStart(2, "0");

/** The debug log's default name: the local start time as YYYYMMDD-HHMMSS.log. */
export function debugLogFileName(date: Date): string {
  return `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}-${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}.log`;
}
