import { appendFileSync, mkdtempSync, renameSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { FileFollower, type FollowNotice } from "./follow.js";

function setup() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "cl-follow-"));
  const file = path.join(dir, "usage.jsonl");
  const lines: string[] = [];
  const notices: FollowNotice[] = [];
  const follower = new FileFollower(file, {
    onLine: (text, n) => lines.push(`${n}:${text}`),
    onNotice: (n) => notices.push(n),
  });
  const take = () => lines.splice(0);
  return { dir, file, follower, notices, take };
}

describe("FileFollower", () => {
  it("reads the file, then only what is appended; a line is held until its newline arrives", async () => {
    const { file, follower, take } = setup();
    writeFileSync(file, "a\nb\n");
    await follower.poll();
    expect(take()).toEqual(["1:a", "2:b"]);
    appendFileSync(file, "c\r\nd-part");
    await follower.poll();
    expect(take()).toEqual(["3:c"]);
    expect(follower.partial).toBe("d-part");
    appendFileSync(file, "ial\n");
    await follower.poll();
    expect(take()).toEqual(["4:d-partial"]);
    await follower.poll();
    expect(take()).toEqual([]);
    await follower.close();
  });

  it("waits for a file that does not exist yet", async () => {
    const { file, follower, notices, take } = setup();
    await follower.poll();
    expect(follower.isOpen).toBe(false);
    writeFileSync(file, "first\n");
    await follower.poll();
    expect(take()).toEqual(["1:first"]);
    expect(notices).toEqual(["created"]);
    await follower.close();
  });

  it("starts over when the file is truncated", async () => {
    const { file, follower, notices, take } = setup();
    writeFileSync(file, "one\ntwo\n");
    await follower.poll();
    take();
    truncateSync(file, 0);
    appendFileSync(file, "new\n");
    await follower.poll();
    expect(notices).toEqual(["truncated"]);
    expect(take()).toEqual(["1:new"]);
    await follower.close();
  });

  it("follows the name when the file is rotated: drains the old file, then reads the new one", async () => {
    const { dir, file, follower, notices, take } = setup();
    writeFileSync(file, "old-1\n");
    await follower.poll();
    take();
    renameSync(file, path.join(dir, "usage.jsonl.1"));
    appendFileSync(path.join(dir, "usage.jsonl.1"), "old-2\n"); // the writer still had it open
    await follower.poll();
    expect(notices).toEqual(["removed"]);
    expect(take()).toEqual(["2:old-2"]);
    writeFileSync(file, "new-1\n");
    await follower.poll();
    expect(notices).toEqual(["removed", "replaced"]);
    expect(take()).toEqual(["1:new-1"]);
    rmSync(dir, { recursive: true, force: true });
    await follower.close();
  });

  it("run() polls until aborted", async () => {
    const { file, follower, take } = setup();
    const stop = new AbortController();
    const running = follower.run(5, stop.signal);
    await new Promise((r) => setTimeout(r, 30));
    writeFileSync(file, "late\n");
    let got: string[] = [];
    for (let i = 0; i < 200 && got.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 10));
      got = take();
    }
    expect(got).toEqual(["1:late"]);
    stop.abort();
    await running;
    await follower.close();
  });
});
