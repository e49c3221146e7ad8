import { REDACTED, redactSecrets } from "../util/redact.js";

/**
 * The redaction layer in front of every telemetry writer: secret-looking fields are masked
 * and the known secrets (the API key…) are cut out of any text that still carries them.
 */
export class Redactor {
  private readonly secrets: string[];

  constructor(secrets: Iterable<string | undefined | null>) {
    this.secrets = [...secrets].filter((s): s is string => typeof s === "string" && s.length >= 6);
  }

  line(record: unknown): string {
    let text = JSON.stringify(redactSecrets(record));
    for (const secret of this.secrets) text = text.split(secret).join(REDACTED);
    return text;
  }
}
