// Onboarding's last line: once config.toml and .env are written, "Saving…" gives way to what
// was saved (that frame is what stays above the session).
import { render } from "ink-testing-library";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import React from "react";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startFakeModelServer, type FakeModelServer } from "../../../test/fixtures/fake-model-server.js";
import { Onboarding } from "./Onboarding.js";

const KEY = "sk-onboarding-saved-1234";
let server: FakeModelServer;
const home = mkdtempSync(path.join(os.tmpdir(), "cl-onboard-"));
beforeAll(async () => {
  server = await startFakeModelServer({ apiKey: KEY, models: ["only-model"] });
});
afterAll(async () => {
  await server.close();
  rmSync(home, { recursive: true, force: true });
});

/** Sends `keys` until `took` holds: keys sent before a freshly drawn field listens are dropped, so sending again is safe. */
async function sendUntil(
  stdin: { write(s: string): void },
  keys: string,
  took: () => boolean,
  screen: () => string | undefined,
): Promise<void> {
  for (let attempt = 0; attempt < 80 && !took(); attempt++) {
    stdin.write(keys);
    for (let i = 0; i < 10 && !took(); i++) await new Promise((r) => setTimeout(r, 25));
  }
  expect(took(), screen()).toBe(true);
}

describe("Onboarding", () => {
  it("ends on the saved line, not 'Saving…'; the key reaches the redactor as soon as it is entered", async () => {
    const onDone = vi.fn();
    const registered: string[] = [];
    const { stdin, lastFrame } = render(
      <Onboarding
        codexHome={home}
        defaultUrl={server.url.replace(/\/v1$/, "")}
        wireApi="responses"
        registerSecret={(key) => registered.push(key)}
        event={() => {}}
        onDone={onDone}
      />,
    );
    const frame = () => lastFrame() ?? "";
    await sendUntil(stdin, "\r", () => frame().includes("API key"), lastFrame);
    await sendUntil(stdin, KEY, () => frame().includes("•".repeat(KEY.length)), lastFrame);
    await sendUntil(stdin, "\r", () => frame().includes("only-model"), lastFrame);
    expect(registered).toEqual([KEY]);
    // The picker's Enter, then the window question's (the later screens name the model too).
    await sendUntil(stdin, "\r", () => !frame().includes("Default model"), lastFrame);
    await sendUntil(stdin, "\r", () => onDone.mock.calls.length > 0, lastFrame);
    expect(existsSync(path.join(home, "config.toml"))).toBe(true);
    expect(lastFrame()).toContain("✓ Saved config.toml and CODEX_HOME/.env");
    expect(lastFrame()).not.toContain("Saving");
  });
});
