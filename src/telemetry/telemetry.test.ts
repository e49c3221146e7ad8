import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { resolveTelemetry } from "../config/telemetry-config.js";
import { registerSecret, SecretRedactor } from "../util/redact.js";
import { Telemetry } from "./telemetry.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A telemetry config pruning at `maxBytes`, and the path of an old log the tests add later. */
function setup(maxBytes: number) {
  const codexHome = mkdtempSync(path.join(os.tmpdir(), "cl-telemetry-"));
  dirs.push(codexHome);
  const config = resolveTelemetry({ max_total_bytes: maxBytes }, codexHome);
  const old = path.join(config.dir, "20200101-000000.log");
  return { config, old };
}

/** Telemetry started with a limit of `maxBytes`, and an old log that appeared after its start-up prune. */
async function startedWithOldLog(maxBytes: number) {
  const { config, old } = setup(maxBytes);
  const notices: string[] = [];
  const telemetry = await Telemetry.start(config, { notices: (l) => notices.push(l), secrets: [] });
  if (!telemetry) throw new Error("telemetry did not start");
  await telemetry.afterTurn(); // waits for the start-up prune (and skips its own: nothing written)
  // The old log lands after start-up: only a prune after a turn can see it.
  writeFileSync(old, "x".repeat(4000));
  utimesSync(old, 1, 1);
  return { telemetry, old };
}

describe("pruning after a turn", () => {
  it("a turn whose logs take the directory over max_total_bytes prunes the oldest log", async () => {
    const { telemetry, old } = await startedWithOldLog(8000);
    telemetry.event("big", { text: "y".repeat(9000) });
    await telemetry.afterTurn();
    expect(existsSync(old)).toBe(false);
    expect(existsSync(telemetry.debugLogPath as string)).toBe(true);
    await telemetry.close();
  });

  it("a turn that wrote less than the room left at the last prune skips the scan (what others add, they prune)", async () => {
    const { telemetry, old } = await startedWithOldLog(3000);
    telemetry.event("small", { text: "y".repeat(100) });
    await telemetry.afterTurn();
    // The directory is over the limit now, but not through this process: no scan, no deletion.
    expect(existsSync(old)).toBe(true);
    telemetry.event("big", { text: "y".repeat(3000) });
    await telemetry.afterTurn();
    expect(existsSync(old)).toBe(false);
    await telemetry.close();
  });

  it("the start-up scan is skipped when any process measured the folder minutes ago at under half the limit", async () => {
    const { config, old } = setup(10_000);
    mkdirSync(path.join(config.dir, ".active"), { recursive: true });
    const stamp = path.join(config.dir, ".active", "last-scan.json");
    const startWith = async (scan: { at: number; totalBytes: number }) => {
      writeFileSync(old, "x".repeat(4000));
      utimesSync(old, 1, 1);
      writeFileSync(stamp, JSON.stringify(scan));
      const telemetry = await Telemetry.start(config, { notices: () => {}, secrets: [] });
      telemetry?.event("big", { text: "y".repeat(7000) }); // 4,000 + 7,000 > 10,000 only counting the old log
      await telemetry?.afterTurn();
      await telemetry?.close();
    };
    await startWith({ at: Date.now() - 60_000, totalBytes: 100 });
    expect(existsSync(old)).toBe(true); // trusted the recent total (100 + 7,000 < 10,000): no scan
    await startWith({ at: Date.now() - 3_600_000, totalBytes: 100 });
    expect(existsSync(old)).toBe(false); // an hour old: scanned, the old log pruned
    expect(JSON.parse(readFileSync(stamp, "utf8")).at).toBeGreaterThan(Date.now() - 60_000);
  });
});

describe("redaction", () => {
  it("a secret registered after start (a key entered during onboarding) is redacted from later lines", async () => {
    const { config } = setup(0);
    const redactor = new SecretRedactor(["sk-known-before-start"]);
    const telemetry = await Telemetry.start(config, { notices: () => {}, secrets: redactor });
    if (!telemetry) throw new Error("telemetry did not start");
    registerSecret("sk-entered-during-onboarding");
    telemetry.event("answer", { text: "keys: sk-known-before-start and sk-entered-during-onboarding" });
    await telemetry.close();
    const text = readFileSync(telemetry.debugLogPath as string, "utf8");
    expect(text).toContain("keys: [REDACTED] and [REDACTED]");
    expect(text).not.toMatch(/sk-(known|entered)/);
  });
});
