import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, utimesSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ACTIVE_MARKERS_DIR, pruneTelemetryDir, writeActiveMarker } from "./prune.js";

/** 300 files of 1 KiB with strictly increasing modification times (file-000 oldest). */
function logsDir(): { dir: string; files: string[] } {
  const dir = mkdtempSync(path.join(os.tmpdir(), "cl-prune-"));
  const files: string[] = [];
  const t0 = Date.now() / 1000 - 10_000;
  for (let i = 0; i < 300; i++) {
    const f = path.join(dir, `file-${String(i).padStart(3, "0")}.log`);
    writeFileSync(f, "x".repeat(1024));
    utimesSync(f, t0 + i, t0 + i);
    files.push(f);
  }
  return { dir, files };
}

describe("pruning the telemetry directory", () => {
  it("deletes the oldest files until the total is under max_total_bytes, sparing active logs and subfolders", async () => {
    const { dir, files } = logsDir();
    mkdirSync(path.join(dir, "archive"));
    writeFileSync(path.join(dir, "archive", "kept.log"), "y".repeat(50_000));
    const ownActive = [files[0] as string, files[1] as string]; // the two oldest, but in use
    const { deleted, totalBytes } = await pruneTelemetryDir(dir, 100 * 1024, ownActive);
    const left = readdirSync(dir).filter((f) => f.endsWith(".log")).sort();
    // 300 KiB → under 100 KiB: the two active files plus the 97 newest remain (99 KiB).
    expect(left).toHaveLength(99);
    expect(left.slice(0, 2)).toEqual(["file-000.log", "file-001.log"]);
    expect(left.slice(2)).toEqual(files.slice(203).map((f) => path.basename(f)));
    expect(deleted).toHaveLength(201);
    expect(totalBytes).toBe(99 * 1024);
    expect(existsSync(path.join(dir, "archive", "kept.log"))).toBe(true);
  });

  it("never deletes what another live process declared active; a dead process's marker is dropped", async () => {
    const { dir, files } = logsDir();
    // Another live process (a child that sleeps) declares the oldest file active.
    const other = spawn(process.execPath, ["-e", "setTimeout(() => {}, 20000)"], { stdio: "ignore" });
    mkdirSync(path.join(dir, ACTIVE_MARKERS_DIR), { recursive: true });
    writeFileSync(path.join(dir, ACTIVE_MARKERS_DIR, `${other.pid}.json`), JSON.stringify({ pid: other.pid, files: [files[0]] }));
    writeFileSync(path.join(dir, ACTIVE_MARKERS_DIR, "999999.json"), JSON.stringify({ pid: 999999, files: [files[1]] }));
    try {
      await pruneTelemetryDir(dir, 10 * 1024, []);
      expect(existsSync(files[0] as string)).toBe(true);
      expect(existsSync(files[1] as string)).toBe(false);
      expect(existsSync(path.join(dir, ACTIVE_MARKERS_DIR, "999999.json"))).toBe(false);
    } finally {
      other.kill();
    }
  });

  it("max_total_bytes = 0 keeps everything", async () => {
    const { dir } = logsDir();
    expect((await pruneTelemetryDir(dir, 0, [])).deleted).toEqual([]);
    expect(readdirSync(dir)).toHaveLength(300);
  });

  it("this process's marker lists its active files", async () => {
    const { dir, files } = logsDir();
    await writeActiveMarker(dir, [files[5] as string]);
    await pruneTelemetryDir(dir, 1024, []);
    expect(existsSync(files[5] as string)).toBe(true);
  });
});
