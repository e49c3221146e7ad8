import { appendFile } from "node:fs/promises";

/**
 * Append-only JSONL writer. Lines are buffered briefly so the hot path never waits on disk,
 * then written with one append per batch of whole lines (O_APPEND: concurrent processes
 * writing the same file interleave lines, never halves of lines). A failure is reported once
 * and the writer goes quiet; the session goes on.
 */
export class LineAppender {
  private pending: string[] = [];
  private timer: NodeJS.Timeout | null = null;
  private chain: Promise<void> = Promise.resolve();
  private broken = false;

  constructor(
    readonly path: string,
    private readonly onError: (message: string) => void,
    private readonly flushDelayMs = 100,
  ) {}

  append(line: string): void {
    if (this.broken) return;
    this.pending.push(`${line}\n`);
    if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), this.flushDelayMs);
      this.timer.unref();
    }
  }

  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending.join("");
    this.pending = [];
    if (batch && !this.broken) {
      this.chain = this.chain.then(() =>
        appendFile(this.path, batch, { mode: 0o600 }).catch((err: NodeJS.ErrnoException) => {
          this.broken = true;
          this.onError(`telemetry: cannot write ${this.path} (${err.code ?? err.message}); continuing without it`);
        }),
      );
    }
    return this.chain;
  }
}
