import { open, type FileHandle } from "node:fs/promises";

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
  /** Bytes this writer has appended so far. */
  bytesWritten = 0;

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
        appendWholeLines(this.path, batch).then(
          () => void (this.bytesWritten += Buffer.byteLength(batch)),
          (err: NodeJS.ErrnoException) => {
            this.broken = true;
            this.onError(`telemetry: cannot write ${this.path} (${err.code ?? err.message}); continuing without it`);
          },
        ),
      );
    }
    return this.chain;
  }
}

/**
 * Appends `text` (whole lines) to `path`. When the disk fills up part-way (ENOSPC, EFBIG), the
 * part that did land is cut off again, so the log never ends in half a line — but only when the
 * file still ends with exactly that part (another process may share the file).
 */
async function appendWholeLines(path: string, text: string): Promise<void> {
  const handle = await open(path, "a+", 0o600); // appends; readable, to check a partial write below
  const bytes = Buffer.from(text, "utf8");
  let written = 0;
  try {
    while (written < bytes.length) written += (await handle.write(bytes, written, bytes.length - written)).bytesWritten;
  } catch (err) {
    if (written > 0) await dropOwnTail(handle, bytes.subarray(0, written)).catch(() => {});
    throw err;
  } finally {
    await handle.close();
  }
}

async function dropOwnTail(handle: FileHandle, part: Buffer): Promise<void> {
  const { size } = await handle.stat();
  if (size < part.length) return;
  const tail = Buffer.alloc(part.length);
  await handle.read(tail, 0, part.length, size - part.length);
  if (tail.equals(part)) await handle.truncate(size - part.length);
}
