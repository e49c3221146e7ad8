// Keeps secrets (API keys, Authorization headers) off the screen and out of files.

const SECRET_KEY = /(authorization|api[_-]?key|secret|token|password|bearer)/i;
const BEARER = /\b(Bearer\s+)[A-Za-z0-9._~+/=-]{4,}/gi;
export const REDACTED = "[REDACTED]";

/**
 * Returns a copy of `value` where every value stored under a secret-looking key is
 * replaced with [REDACTED], and bearer tokens inside strings are masked. Keys that only
 * *name* a variable (`env_key`, `*_env_var`, `env_http_headers`) are kept: they hold names, not secrets.
 */
export function redactSecrets<T>(value: T, key?: string): T {
  if (typeof value === "string") {
    if (key && isSecretKey(key)) return REDACTED as T;
    return value.replace(BEARER, `$1${REDACTED}`) as T;
  }
  if (Array.isArray(value)) return value.map((v) => redactSecrets(v)) as T;
  if (typeof value === "object" && value !== null && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, isNameOnly(k) ? v : redactSecrets(v, k)])) as T;
  }
  return value;
}

function isNameOnly(key: string): boolean {
  return key === "env_key" || key === "env_key_instructions" || key.endsWith("_env_var") || key === "env_http_headers";
}

function isSecretKey(key: string): boolean {
  const last = key.split(".").pop() ?? key;
  return !isNameOnly(last) && SECRET_KEY.test(last);
}
