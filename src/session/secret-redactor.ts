// Last line of defence against writing secrets (API keys, tokens) into rollout files.
// The recorder only writes what it is given; this guard replaces any registered secret that
// still shows up in a record with `[REDACTED]` before the line reaches the disk.

export const REDACTED = "[REDACTED]";

/** Shorter strings are not treated as secrets: they would match ordinary text. */
export const MIN_SECRET_LENGTH = 6;

export interface RedactionResult {
  /** The JSON line to write, or `null` when the secret could not be removed safely. */
  line: string | null;
  /** How many occurrences were replaced. */
  replaced: number;
}

export class SecretRedactor {
  private readonly secrets = new Set<string>();

  constructor(secrets: Iterable<string | undefined | null> = []) {
    for (const secret of secrets) this.register(secret);
  }

  /** Registers a secret. Returns false (and ignores it) when it is empty or too short. */
  register(secret: string | undefined | null): boolean {
    if (typeof secret !== "string" || secret.length < MIN_SECRET_LENGTH) return false;
    this.secrets.add(secret);
    return true;
  }

  get size(): number {
    return this.secrets.size;
  }

  /** True when `text` contains a registered secret. */
  containsSecret(text: string): boolean {
    for (const secret of this.secrets) if (text.includes(secret)) return true;
    return false;
  }

  /**
   * Serialises `value` as one JSON line (no trailing newline) with every registered secret
   * replaced in every string (values and keys).
   */
  serialize(value: unknown): RedactionResult {
    const line = JSON.stringify(value);
    if (this.secrets.size === 0 || !this.lineMayContainSecret(line)) return { line, replaced: 0 };
    const counter = { replaced: 0 };
    const cleaned = JSON.stringify(this.redactValue(value, counter));
    // A secret spread across JSON syntax cannot be replaced inside one string: refuse the line.
    if (this.lineMayContainSecret(cleaned)) return { line: null, replaced: counter.replaced };
    return { line: cleaned, replaced: counter.replaced };
  }

  private lineMayContainSecret(line: string): boolean {
    for (const secret of this.secrets) {
      // JSON escaping is per character, so the escaped secret is a substring of the escaped text.
      if (line.includes(JSON.stringify(secret).slice(1, -1))) return true;
    }
    return false;
  }

  private redactString(text: string, counter: { replaced: number }): string {
    let out = text;
    for (const secret of this.secrets) {
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
    if (value !== null && typeof value === "object") {
      const out: Record<string, unknown> = {};
      for (const [key, entry] of Object.entries(value as Record<string, unknown>)) {
        if (entry === undefined) continue;
        out[this.redactString(key, counter)] = this.redactValue(entry, counter);
      }
      return out;
    }
    return value;
  }
}
