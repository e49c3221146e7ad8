// One way to register a secret: whoever learns it (the auth command's reader in the gateway, a
// session's redactor when a key is typed, the rollout recorder), every redactor of the process
// hides it from then on, those made before included.
import { chmodSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { commandToken } from "../gateway/provider-auth.js";
import { tempRecorder, useTempDir } from "../rollout/__fixtures__/helpers.js";
import { REDACTED, registerSecret, SecretRedactor } from "../util/redact.js";

const tmp = useTempDir();

describe("registering a secret reaches every redactor", () => {
  it("a token the auth command prints is redacted by a session's redactor and in the rollout", async () => {
    const token = `sso-token-${"7".repeat(40)}-${process.pid}`;
    const script = join(tmp.path, "print-token.sh");
    writeFileSync(script, `#!/bin/sh\nprintf '%s\\n' '${token}'\n`);
    chmodSync(script, 0o755);
    // The session's redactor and its rollout exist before the token is known (as in a session).
    const sessionRedactor = new SecretRedactor();
    const recorder = await tempRecorder(tmp.path, { secrets: sessionRedactor });

    const credentials = commandToken(
      "unified-test",
      { command: script, args: [], timeout_ms: 10_000, refresh_interval_ms: 0, cwd: tmp.path },
      process.env,
    );
    expect(await credentials.token()).toBe(token);

    expect(sessionRedactor.text(`Authorization: Bearer ${token}`)).toBe(`Authorization: Bearer ${REDACTED}`);
    recorder.recordResponseItems([{ type: "function_call_output", call_id: "c1", output: `env: TOKEN=${token}` }]);
    await recorder.close();
    const rollout = readFileSync(recorder.path, "utf8");
    expect(rollout).not.toContain(token);
    expect(rollout).toContain(`env: TOKEN=${REDACTED}`);
  });

  it("a key registered once is hidden by a redactor made earlier elsewhere", () => {
    const telemetryRedactor = new SecretRedactor();
    const typedKey = `sk-typed-${"x".repeat(30)}-${process.pid}`;
    expect(telemetryRedactor.text(typedKey)).toBe(typedKey);
    expect(registerSecret(typedKey)).toBe(true);
    expect(telemetryRedactor.text(`key ${typedKey}`)).toBe(`key ${REDACTED}`);
    expect(new SecretRedactor().isSecret(typedKey)).toBe(true);
  });
});
