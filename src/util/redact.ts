// The one redaction layer: everything we write (rollout, telemetry and logs, stdout/stderr,
// the -o file, the UI) goes through a SecretRedactor, a view of the process's secrets (the API
// key, tokens, secret values from config.toml), so a key the model or a command echoes never reaches a file or the screen; printed
// configuration also masks the values of secret-named fields.
import type { JsonObject } from "./json.js";

export const REDACTED = "[REDACTED]";

/** Shorter values are not treated as secrets: they would match ordinary words and corrupt what we write. */
export const MIN_SECRET_LENGTH = 6;

export interface RedactionResult {
  /** The JSON line to write, or `null` when the secret could not be removed safely. */
  line: string | null;
  /** How many occurrences were replaced. */
  replaced: number;
}

/**
 * The process's secrets: one set that every redactor reads, so a secret registered anywhere (the
 * configured key, a key typed mid-session, a token an auth command printed, a value from
 * config.toml) is hidden by every output at once, made before or after.
 */
const secrets = new Set<string>();
let longestFirst: string[] = [];

/**
 * Registers a secret: from now on every redactor (rollout, telemetry, OTel, the screen, command
 * output and what the model reads) replaces it. Call it as soon as a secret is known, before
 * anything can print it. Returns false (and ignores it) when it is empty or too short.
 */
export function registerSecret(secret: string | undefined | null): boolean {
  if (typeof secret !== "string" || secret.length < MIN_SECRET_LENGTH) return false;
  if (!secrets.has(secret)) {
    secrets.add(secret);
    // Longest first: a secret that contains another is replaced whole.
    longestFirst = [...secrets].sort((a, b) => b.length - a.length);
  }
  return true;
}

/** {@link registerSecret} for each of `list`. */
export function registerSecrets(list: Iterable<string | undefined | null>): void {
  for (const secret of list) registerSecret(secret);
}

/** A view of the process's secrets ({@link registerSecret}); constructing one registers `initial`. */
export class SecretRedactor {
  constructor(initial: Iterable<string | undefined | null> = []) {
    registerSecrets(initial);
  }

  get size(): number {
    return secrets.size;
  }

  /** True when `value` is exactly a registered secret (an environment variable holding one is dropped). */
  isSecret(value: string): boolean {
    return secrets.has(value);
  }

  /** The registered secrets, longest first (a stream redactor matches them as bytes). */
  values(): readonly string[] {
    return longestFirst;
  }

  /** True when `text` contains a registered secret. */
  containsSecret(text: string): boolean {
    for (const secret of secrets) if (text.includes(secret)) return true;
    return false;
  }

  /** `text` with every registered secret replaced by [REDACTED]. */
  text(text: string): string {
    return this.redactString(text, { replaced: 0 });
  }

  /** A JSON text already serialised (a log line): a secret is also found as JSON escapes it. */
  jsonText(line: string): string {
    let out = line;
    for (const secret of this.values())
      out = out.split(secret).join(REDACTED).split(jsonEscaped(secret)).join(REDACTED);
    return out;
  }

  /**
   * Serialises `value` as one JSON line (no trailing newline) with every registered secret
   * replaced in every string (values and keys).
   */
  serialize(value: unknown): RedactionResult {
    const line = JSON.stringify(value);
    if (secrets.size === 0 || !this.lineMayContainSecret(line)) return { line, replaced: 0 };
    const counter = { replaced: 0 };
    const cleaned = JSON.stringify(this.redactValue(value, counter));
    // A secret spread across JSON syntax cannot be replaced inside one string: refuse the line.
    if (this.lineMayContainSecret(cleaned)) return { line: null, replaced: counter.replaced };
    return { line: cleaned, replaced: counter.replaced };
  }

  private lineMayContainSecret(line: string): boolean {
    for (const secret of secrets) if (line.includes(jsonEscaped(secret))) return true;
    return false;
  }

  private redactString(text: string, counter: { replaced: number }): string {
    let out = text;
    for (const secret of this.values()) {
      if (!out.includes(secret)) continue;
      const parts = out.split(secret);
      counter.replaced += parts.length - 1;
      out = parts.join(REDACTED);
    }
    return out;
  }

  private redactValue(value: unknown, counter: { replaced: number }): unknown {
    if (typeof value === "string") return this.redactString(value, counter);
    if (Array.isArray(value)) return value.map((entry) => this.redactValue(entry, counter));
    if (value !== null && typeof value === "object" && !(value instanceof Date)) {
      const out: Record<string, unknown> = {};
      const entries: [string, unknown][] = Object.entries(value);
      for (const [key, entry] of entries) {
        if (entry === undefined) continue;
        out[this.redactString(key, counter)] = this.redactValue(entry, counter);
      }
      return out;
    }
    return value;
  }
}

/** `secrets` as a redactor: an existing one is shared (secrets registered later reach every user of it). */
export function redactorOf(secrets: SecretRedactor | Iterable<string | undefined | null>): SecretRedactor {
  return secrets instanceof SecretRedactor ? secrets : new SecretRedactor(secrets);
}

/** JSON escaping is per character, so the escaped secret is a substring of the escaped text. */
function jsonEscaped(secret: string): string {
  return JSON.stringify(secret).slice(1, -1);
}

/** `text` with every known secret and `secret` (registered when it is long enough to be one) replaced by [REDACTED]. */
export function redactSecret(text: string, secret: string | undefined | null): string {
  registerSecret(secret);
  return new SecretRedactor().text(text);
}

const SECRET_KEY = /(authorization|api[_-]?key|secret|token|password|bearer)/i;
const BEARER = /\b(Bearer\s+)[A-Za-z0-9._~+/=-]{4,}/gi;

/**
 * For printing configuration and structured records: a copy of `value` where every value
 * stored under a secret-looking key is [REDACTED], and bearer tokens inside strings are masked.
 * Keys that only *name* a variable or a header (`env_key`, `*_env_var`, `env_http_headers`,
 * `api_key_header`) are kept: they hold names, not secrets.
 */
export function maskSecretFields(value: unknown, key?: string): unknown {
  if (typeof value === "string") return maskSecretText(value, key);
  if (Array.isArray(value)) return value.map((v) => maskSecretFields(v));
  if (typeof value === "object" && value !== null && !(value instanceof Date)) return maskSecretTable(value);
  return value;
}

/** {@link maskSecretFields} of an object's fields, as a plain object. */
export function maskSecretTable(fields: object): JsonObject {
  const entries: [string, unknown][] = Object.entries(fields);
  return Object.fromEntries(entries.map(([k, v]) => [k, isNameOnly(k) ? v : maskSecretFields(v, k)]));
}

/** A string stored under `key`, masked as {@link maskSecretFields} masks it. */
export function maskSecretText(text: string, key?: string): string {
  if (key && isSecretFieldName(key)) return REDACTED;
  return text.replace(BEARER, `$1${REDACTED}`);
}

function isNameOnly(key: string): boolean {
  return (
    key === "env_key" ||
    key === "env_key_instructions" ||
    key === "api_key_header" ||
    key.endsWith("_env_var") ||
    key === "env_http_headers"
  );
}

/** True when a config or record field named `key` holds a secret (not a field that only names a variable). */
export function isSecretFieldName(key: string): boolean {
  const last = key.split(".").pop() ?? key;
  return !isNameOnly(last) && SECRET_KEY.test(last);
}
