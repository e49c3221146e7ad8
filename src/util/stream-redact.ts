// Redaction of a byte stream (a command's stdout or stderr) before anything keeps or shows it:
// a secret split across two reads, or cut by the output caps and truncation further down, would
// otherwise leave pieces of it in clear. Whole occurrences are replaced as the bytes arrive; the
// end of a chunk that could be the start of a secret is held back until the next chunk (or the
// end of the stream) decides. Secrets registered later (a key typed mid-session) apply from the
// next chunk on.
import { REDACTED, type SecretRedactor } from "./redact.js";

const REDACTED_BYTES = Buffer.from(REDACTED);

export class StreamRedactor {
  private held: Buffer = Buffer.alloc(0);

  constructor(private readonly redactor: SecretRedactor) {}

  /** The bytes of `chunk` (after what was held back) that can be passed on, secrets replaced. */
  push(chunk: Buffer): Buffer {
    const secrets = this.redactor.values().map((s) => Buffer.from(s));
    if (secrets.length === 0 && this.held.length === 0) return chunk;
    const data = replaceAll(this.held.length ? Buffer.concat([this.held, chunk]) : chunk, secrets);
    const keep = heldBackLength(data, secrets);
    this.held = Buffer.from(data.subarray(data.length - keep));
    return data.subarray(0, data.length - keep);
  }

  /** What is still held back, at the end of the stream (not a secret: it never completed one). */
  end(): Buffer {
    const rest = this.held;
    this.held = Buffer.alloc(0);
    return rest;
  }
}

function replaceAll(data: Buffer, secrets: readonly Buffer[]): Buffer {
  let out = data;
  for (const secret of secrets) {
    let at = out.indexOf(secret);
    if (at < 0) continue;
    const parts: Buffer[] = [];
    let from = 0;
    while (at >= 0) {
      parts.push(out.subarray(from, at), REDACTED_BYTES);
      from = at + secret.length;
      at = out.indexOf(secret, from);
    }
    parts.push(out.subarray(from));
    out = Buffer.concat(parts);
  }
  return out;
}

/** The length of the longest end of `data` that begins some secret (without being all of it). */
function heldBackLength(data: Buffer, secrets: readonly Buffer[]): number {
  let longest = 0;
  for (const secret of secrets) {
    for (let n = Math.min(secret.length - 1, data.length); n > longest; n--) {
      if (data[data.length - n] !== secret[0]) continue;
      if (data.compare(secret, 0, n, data.length - n) === 0) {
        longest = n;
        break;
      }
    }
  }
  return longest;
}
