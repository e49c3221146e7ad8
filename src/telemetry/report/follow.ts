// Follows a growing file by name, like `tail -F`: polls it, reads what was appended, and copes
// with the file being created later, truncated, or replaced (rotated) by a new file.

import { promises as fsp } from "node:fs";
import type { FileHandle } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { errnoCode } from "../../util/errors.js";
import { LineSplitter } from "./read-usage.js";

export type FollowNotice = "created" | "truncated" | "replaced" | "removed";

export interface FollowerEvents {
  /** A complete line (without its "\n"); `lineNo` restarts at 1 after truncation or rotation. */
  onLine(text: string, lineNo: number): void;
  onNotice?(notice: FollowNotice): void;
}

const CHUNK = 1024 * 1024;

export class FileFollower {
  private fh: FileHandle | undefined;
  private id: string | undefined;
  private pos = 0;
  private removed = false;
  private readonly splitter: LineSplitter;
  private readonly buffer = Buffer.allocUnsafe(CHUNK);

  constructor(
    readonly file: string,
    private readonly events: FollowerEvents,
  ) {
    this.splitter = new LineSplitter((text, lineNo) => this.events.onLine(text, lineNo));
  }

  /** Whether the file was open after the last poll. */
  get isOpen(): boolean {
    return this.fh !== undefined;
  }

  /** Reads everything appended since the last call (the whole file on the first call). */
  async poll(): Promise<void> {
    if (this.fh) {
      const { size } = await this.fh.stat();
      if (size < this.pos) {
        this.events.onNotice?.("truncated");
        this.restart();
      }
      await this.drain();
    }
    const st = await fsp.stat(this.file).catch((err: unknown) => {
      if (errnoCode(err) === "ENOENT") return undefined;
      throw err;
    });
    if (!st) {
      // Keep reading the old file until a new one takes its name (a writer may still append).
      if (this.fh && !this.removed) this.events.onNotice?.("removed");
      this.removed = true;
      return;
    }
    const id = `${st.dev}:${st.ino}`;
    if (this.fh && id === this.id) return;
    if (this.fh) {
      await this.fh.close();
      this.fh = undefined;
      this.events.onNotice?.("replaced");
    } else if (this.id !== undefined || this.removed) this.events.onNotice?.("created");
    try {
      this.fh = await fsp.open(this.file, "r");
    } catch (err) {
      if (errnoCode(err) === "ENOENT") return;
      throw err;
    }
    const opened = await this.fh.stat();
    this.id = `${opened.dev}:${opened.ino}`;
    this.removed = false;
    this.restart();
    await this.drain();
  }

  /** Polls until `signal` aborts. */
  async run(intervalMs: number, signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      await this.poll();
      await sleep(intervalMs, undefined, { signal }).catch(() => {});
    }
  }

  /** The unterminated rest of the file (a line still being written). */
  get partial(): string {
    return this.splitter.partial;
  }

  /** Treats the unterminated rest as a complete last line. */
  flush(): void {
    this.splitter.end();
  }

  async close(): Promise<void> {
    await this.fh?.close();
    this.fh = undefined;
  }

  private restart(): void {
    this.pos = 0;
    this.splitter.reset();
  }

  private async drain(): Promise<void> {
    const fh = this.fh;
    if (!fh) return;
    for (;;) {
      const { bytesRead } = await fh.read(this.buffer, 0, CHUNK, this.pos);
      if (bytesRead === 0) return;
      this.pos += bytesRead;
      this.splitter.push(this.buffer.subarray(0, bytesRead));
    }
  }
}
