import { describe, expect, it } from "vitest";
import {
  maskSecretFields,
  MIN_SECRET_LENGTH,
  redactSecret,
  REDACTED,
  registerSecret,
  SecretRedactor,
} from "./redact.js";

const KEY = "sk-unit-0123456789";

describe("SecretRedactor: one rule for every output", () => {
  it("replaces a registered secret in text, however often it appears", () => {
    const redactor = new SecretRedactor([KEY]);
    expect(redactor.text(`key=${KEY}; again ${KEY}.`)).toBe(`key=${REDACTED}; again ${REDACTED}.`);
    expect(redactor.text("nothing here")).toBe("nothing here");
    expect(redactor.containsSecret(`x${KEY}x`)).toBe(true);
  });

  it(`treats values of at least ${MIN_SECRET_LENGTH} characters as secrets, shorter ones not (they would match ordinary words)`, () => {
    const redactor = new SecretRedactor(["abcde", "abcdef", undefined, null, ""]);
    expect(redactor.isSecret("abcdef")).toBe(true);
    expect(redactor.isSecret("abcde")).toBe(false);
    expect(registerSecret("xyz")).toBe(false);
    expect(redactor.text("abcde abcdef")).toBe(`abcde ${REDACTED}`);
    expect(redactSecret("vwxyz uvwxyz", "vwxyz")).toBe("vwxyz uvwxyz");
    expect(redactSecret("vwxyz uvwxyz", "uvwxyz")).toBe(`vwxyz ${REDACTED}`);
    expect(redactSecret("text", undefined)).toBe("text");
  });

  it("cleans every string and object key of a record it serialises", () => {
    const redactor = new SecretRedactor([KEY]);
    const { line } = redactor.serialize({ [KEY]: [`a ${KEY}`, 1, null, { deep: KEY }], skipped: undefined });
    expect(line).toBe(JSON.stringify({ [REDACTED]: [`a ${REDACTED}`, 1, null, { deep: REDACTED }] }));
  });

  it("serialises one JSON line with the secrets cut out, and counts them", () => {
    const redactor = new SecretRedactor([KEY]);
    expect(redactor.serialize({ a: KEY, b: `x${KEY}` })).toEqual({
      line: JSON.stringify({ a: REDACTED, b: `x${REDACTED}` }),
      replaced: 2,
    });
    expect(redactor.serialize({ a: "clean" })).toEqual({ line: '{"a":"clean"}', replaced: 0 });
  });

  it("finds a secret in JSON text also where JSON escapes it", () => {
    const tricky = 'sk-"quoted"\\key';
    const redactor = new SecretRedactor([tricky]);
    expect(redactor.jsonText(JSON.stringify({ msg: `key ${tricky}` }))).toBe(
      JSON.stringify({ msg: `key ${REDACTED}` }),
    );
  });
});

describe("maskSecretFields: printed configuration", () => {
  it("masks values under secret-looking keys and bearer tokens, keeps keys that only name a variable", () => {
    const config = {
      api_key: "plain-key",
      headers: { Authorization: "Bearer abcdef", "X-Other": "visible" },
      env_key: "LITELLM_API_KEY",
      token_env_var: "MY_TOKEN",
      env_http_headers: { "X-Key": "MY_HEADER_VAR" },
      note: "sent as Bearer sk-123456 here",
      when: new Date(0),
    };
    expect(maskSecretFields(config)).toEqual({
      api_key: REDACTED,
      headers: { Authorization: REDACTED, "X-Other": "visible" },
      env_key: "LITELLM_API_KEY",
      token_env_var: "MY_TOKEN",
      env_http_headers: { "X-Key": "MY_HEADER_VAR" },
      note: `sent as Bearer ${REDACTED} here`,
      when: new Date(0),
    });
    expect(maskSecretFields("value", "model_providers.x.api_key")).toBe(REDACTED);
    expect(maskSecretFields("value", "model_providers.x.env_key")).toBe("value");
  });
});
