import { spawn } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { debugLogFileName } from "./file-names.js";
import { ACTIVE_MARKERS_DIR, pruneTelemetryDir, writeActiveMarker } from "./prune.js";

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

/** 300 debug logs of 1 KiB with strictly increasing modification times (files[0] oldest). */
function logsDir(): { dir: string; files: string[] } {
  const dir = tempDir("cl-prune-");
  const files: string[] = [];
  const t0 = Date.now() / 1000 - 10_000;
  for (let i = 0; i < 300; i++) {
    const f = path.join(dir, debugLogFileName(new Date(2020, 0, 1, 0, 0, i)));
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
    const left = readdirSync(dir)
      .filter((f) => f.endsWith(".log"))
      .sort();
    // 300 KiB → under 100 KiB: the two active files plus the 97 newest remain (99 KiB).
    expect(left).toHaveLength(99);
    expect(left.slice(0, 2)).toEqual(ownActive.map((f) => path.basename(f)));
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
    writeFileSync(
      path.join(dir, ACTIVE_MARKERS_DIR, `${other.pid}.json`),
      JSON.stringify({ pid: other.pid, files: [files[0]] }),
    );
    writeFileSync(
      path.join(dir, ACTIVE_MARKERS_DIR, "999999.json"),
      JSON.stringify({ pid: 999999, files: [files[1]] }),
    );
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

  it("deletes only our logs: debug logs, the configured logs and rotated copies; never other files, links or subfolders", async () => {
    const dir = tempDir("cl-prune-");
    const outside = tempDir("cl-prune-outside-");
    const old = (name: string, where = dir) => {
      const f = path.join(where, name);
      writeFileSync(f, `${name}\n`.repeat(200));
      utimesSync(f, 1000, 1000); // older than any log
      return f;
    };
    const theirs = [
      ".bashrc",
      ".gitconfig",
      "paper.pdf",
      "config.toml",
      ".env",
      "notes.log",
      "2020-01-01.log",
      "20200101-000000.log.bak",
      "codex-tui.log.old",
      "x-codex-tui.log",
    ].map((n) => old(n));
    mkdirSync(path.join(dir, "sub"));
    theirs.push(old("20200101-000000.log", path.join(dir, "sub")));
    const target = old("20200101-000001.log", outside);
    symlinkSync(target, path.join(dir, "20200101-000002.log")); // a link named like a debug log
    const ours = [
      "20200101-000003.log",
      "20200101-000004.log.1",
      "codex-tui.log.1",
      "codex-tui.log.2.gz",
      "codex-litellm-session.jsonl-20250101",
      "usage.jsonl.3",
    ].map((n) => old(n));
    const active = [path.join(dir, "codex-tui.log"), path.join(dir, "usage.jsonl")];
    for (const f of active) writeFileSync(f, "live\n");
    const before = new Map([...theirs, target].map((f) => [f, readFileSync(f, "utf8")]));

    const { deleted } = await pruneTelemetryDir(dir, 1, [...active, path.join(dir, "codex-litellm-session.jsonl")]);

    expect(deleted.sort()).toEqual(ours.sort());
    for (const [f, text] of before) expect(readFileSync(f, "utf8"), f).toBe(text);
    expect(readFileSync(path.join(dir, "20200101-000002.log"), "utf8")).toBe(before.get(target));
    for (const f of active) expect(existsSync(f)).toBe(true);
  });
});
