// Class 11, the race behind "no deletion of the other's active logs": another session starts
// (writes its marker, then creates its log) while this one is pruning. Whatever pruning lists
// must already be protected by the marker. Made deterministic by starting the other session
// exactly when pruning lists the folder.
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";

const hooks: { onList?: (dir: string) => void } = {};
vi.mock("node:fs", async (importOriginal) => {
  const real = await importOriginal<typeof import("node:fs")>();
  const readdirSync = ((dir: string, options?: unknown) => {
    hooks.onList?.(String(dir));
    return (real.readdirSync as (d: string, o?: unknown) => unknown)(dir, options);
  }) as typeof real.readdirSync;
  return { ...real, readdirSync, default: { ...real, readdirSync } };
});

const { ACTIVE_MARKERS_DIR, pruneTelemetryDir } = await import("../../src/telemetry/prune.js");

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe("11. pruning while another session starts", () => {
  it("a log created by a session that started during the prune is not deleted", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "cl-prune-race-"));
    dirs.push(dir);
    const old = path.join(dir, "20200101-000000.log");
    writeFileSync(old, "x".repeat(4096));
    utimesSync(old, 1, 1);
    const theirs = path.join(dir, "20300101-000000.log");
    // The other session (a live process that is not us: our parent) starts when we list the folder.
    hooks.onList = (listed) => {
      if (path.resolve(listed) !== path.resolve(dir) || existsSync(theirs)) return;
      mkdirSync(path.join(dir, ACTIVE_MARKERS_DIR), { recursive: true });
      writeFileSync(
        path.join(dir, ACTIVE_MARKERS_DIR, `${process.ppid}.json`),
        JSON.stringify({ pid: process.ppid, files: [theirs] }),
      );
      writeFileSync(theirs, `${JSON.stringify({ event: "session.configured" })}\n`);
      utimesSync(theirs, 2, 2); // older than anything else: first in line for deletion
    };
    try {
      const { deleted } = await pruneTelemetryDir(dir, 1, []);
      expect(deleted).toEqual([old]);
      expect(existsSync(theirs)).toBe(true);
    } finally {
      hooks.onList = undefined;
    }
  });
});
