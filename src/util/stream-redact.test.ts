import { describe, expect, it } from "vitest";
import { REDACTED, registerSecret, SecretRedactor } from "./redact.js";
import { StreamRedactor } from "./stream-redact.js";

/**
 * A key of `length` characters (LiteLLM virtual keys, JWTs and tokens run from 20 to several hundred),
 * tagged with its length: secrets are process-wide, and no key may be part of another.
 */
const keyOf = (length: number) => {
  const tag = `K${length}=`;
  const body = Array.from(
    { length: length - tag.length },
    (_, i) => "abcdefghijklmnopqrstuvwxyz0123456789-_"[(i * 7) % 38],
  );
  return tag + body.join("");
};

/** Feeds `text` cut at `cuts` through a stream redactor; returns what came out. */
function streamed(redactor: SecretRedactor, text: string, cuts: number[]): string {
  const stream = new StreamRedactor(redactor);
  const bytes = Buffer.from(text);
  const out: Buffer[] = [];
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    out.push(stream.push(bytes.subarray(from, cut)));
    from = cut;
  }
  out.push(stream.end());
  return Buffer.concat(out).toString();
}

describe.each([64, 100, 200])("SecretRedactor and StreamRedactor with a %i-character key", (length) => {
  const key = keyOf(length);
  const redactor = new SecretRedactor([key]);
  const text = `before ${key} middle ${key}\nafter`;
  const expected = `before ${REDACTED} middle ${REDACTED}\nafter`;

  it("replaces the whole key in text, JSON lines and records", () => {
    expect(redactor.text(text)).toBe(expected);
    expect(redactor.jsonText(JSON.stringify({ t: text }))).toBe(JSON.stringify({ t: expected }));
    expect(redactor.serialize({ t: text })).toEqual({ line: JSON.stringify({ t: expected }), replaced: 2 });
  });

  it("a stream cut at every position, and into single bytes, still shows only [REDACTED]", () => {
    for (let cut = 0; cut <= Buffer.byteLength(text); cut++) expect(streamed(redactor, text, [cut])).toBe(expected);
    const everyByte = Array.from({ length: Buffer.byteLength(text) }, (_, i) => i);
    expect(streamed(redactor, text, everyByte)).toBe(expected);
  });

  it("holds back only what could start the key, and gives it back when the stream ends without it", () => {
    const stream = new StreamRedactor(redactor);
    const partial = key.slice(0, length - 1);
    expect(stream.push(Buffer.from(`line\n${partial}`)).toString()).toBe("line\n");
    expect(stream.end().toString()).toBe(partial);
  });
});

describe("StreamRedactor", () => {
  it("applies a secret registered mid-stream from the next chunk on; nested secrets are replaced whole", () => {
    const redactor = new SecretRedactor();
    const stream = new StreamRedactor(redactor);
    expect(stream.push(Buffer.from("plain text ")).toString()).toBe("plain text ");
    registerSecret("token-abcdef");
    registerSecret("prefix-token-abcdef-suffix");
    const out =
      stream.push(Buffer.from("a prefix-token-abcdef-suffix and token-abcdef.")).toString() + stream.end().toString();
    expect(out).toBe(`a ${REDACTED} and ${REDACTED}.`);
  });

  it("passes chunks through untouched when there is no secret", () => {
    const chunk = Buffer.from("nothing to hide");
    expect(new StreamRedactor(new SecretRedactor()).push(chunk)).toEqual(chunk);
  });
});
