// Bounded capture of a command's output: the first `headCap` bytes and the last `tailCap` bytes
// are kept, plus exact byte and line counts. A command that prints gigabytes costs at most
// headCap + tailCap (+ one read chunk) of memory, and everything the model formatter needs
// (first 128 lines / 5 KiB, last lines up to the rest of 10 KiB, total line count) is still exact.

export const DEFAULT_HEAD_CAP = 64 * 1024;
export const DEFAULT_TAIL_CAP = 64 * 1024;

const NEWLINE = 0x0a;

/** Number of `\n` bytes in `buf` (a plain loop: fast for dense and sparse newlines alike). */
export function countNewlines(buf: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < buf.length; i++) if (buf[i] === NEWLINE) n++;
  return n;
}

/** A frozen view of captured output. */
export interface CapturedOutput {
  /** The first bytes (up to the head cap). */
  head: Buffer;
  /** The last bytes not already in `head` (up to the tail cap). */
  tail: Buffer;
  /** Bytes received in total. */
  totalBytes: number;
  /** Lines in total, counted like Rust's `str::lines()`: a trailing newline ends the last line. */
  totalLines: number;
  /** True when bytes between `head` and `tail` were dropped. */
  truncated: boolean;
  /** Bytes dropped between `head` and `tail`. */
  omittedBytes: number;
}

export class OutputCapture {
  private readonly head: Buffer;
  private headLen = 0;
  private tailChunks: Buffer[] = [];
  private tailLen = 0;
  private bytes = 0;
  private newlines = 0;
  private lastByte = -1;

  constructor(
    private readonly headCap = DEFAULT_HEAD_CAP,
    private readonly tailCap = DEFAULT_TAIL_CAP,
  ) {
    this.head = Buffer.alloc(headCap);
  }

  /** Adds `chunk`; pass `newlines` when already counted (one count serves several captures). */
  push(chunk: Buffer, newlines: number = countNewlines(chunk)): void {
    if (chunk.length === 0) return;
    this.bytes += chunk.length;
    this.lastByte = chunk[chunk.length - 1] ?? -1;
    this.newlines += newlines;

    let rest = chunk;
    if (this.headLen < this.headCap) {
      const take = Math.min(this.headCap - this.headLen, rest.length);
      rest.copy(this.head, this.headLen, 0, take);
      this.headLen += take;
      rest = rest.subarray(take);
    }
    if (rest.length === 0 || this.tailCap === 0) return;
    if (rest.length >= this.tailCap) {
      // A view, not a copy: pipe reads hand out fresh buffers, and at flood rates copying every
      // chunk only feeds the garbage collector. Retains at most this one chunk.
      this.tailChunks = [rest.subarray(rest.length - this.tailCap)];
      this.tailLen = this.tailCap;
      return;
    }
    // Copy: the stream may hand out views into larger shared allocations.
    this.tailChunks.push(Buffer.from(rest));
    this.tailLen += rest.length;
    while (this.tailLen > this.tailCap) {
      const first = this.tailChunks[0];
      if (!first) break;
      const excess = this.tailLen - this.tailCap;
      if (first.length <= excess) {
        this.tailChunks.shift();
        this.tailLen -= first.length;
      } else {
        this.tailChunks[0] = Buffer.from(first.subarray(excess));
        this.tailLen -= excess;
      }
    }
  }

  get totalBytes(): number {
    return this.bytes;
  }

  snapshot(): CapturedOutput {
    const totalLines = this.newlines + (this.bytes > 0 && this.lastByte !== NEWLINE ? 1 : 0);
    const tail = Buffer.concat(this.tailChunks, this.tailLen);
    const omittedBytes = this.bytes - this.headLen - this.tailLen;
    return {
      head: Buffer.from(this.head.subarray(0, this.headLen)),
      tail,
      totalBytes: this.bytes,
      totalLines,
      truncated: omittedBytes > 0,
      omittedBytes,
    };
  }
}

/** Captures a whole string (for formatting output that did not come from a process). */
export function captureFromString(
  text: string,
  headCap = DEFAULT_HEAD_CAP,
  tailCap = DEFAULT_TAIL_CAP,
): CapturedOutput {
  const capture = new OutputCapture(headCap, tailCap);
  capture.push(Buffer.from(text, "utf8"));
  return capture.snapshot();
}

function isContinuationByte(b: number | undefined): boolean {
  return b !== undefined && (b & 0xc0) === 0x80;
}

/** Drops a UTF-8 sequence cut off at the end of `buf`. */
export function trimIncompleteUtf8End(buf: Buffer): Buffer {
  let i = buf.length - 1;
  let continuation = 0;
  while (i >= 0 && continuation < 3 && isContinuationByte(buf[i])) {
    i--;
    continuation++;
  }
  if (i < 0) return buf;
  const lead = buf[i] ?? 0;
  const expected = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return expected > continuation + 1 && lead >= 0xc0 ? buf.subarray(0, i) : buf;
}

/** Drops UTF-8 continuation bytes at the start of `buf` (the rest of a character cut off before it). */
export function trimIncompleteUtf8Start(buf: Buffer): Buffer {
  let i = 0;
  while (i < 3 && isContinuationByte(buf[i])) i++;
  return buf.subarray(i);
}

/**
 * The captured output as text. Complete captures decode to the exact output; truncated ones
 * decode head and tail separately (no character split at the cut) with a marker in between.
 */
export function capturedText(c: CapturedOutput): string {
  if (!c.truncated) return Buffer.concat([c.head, c.tail]).toString("utf8");
  const head = trimIncompleteUtf8End(c.head).toString("utf8");
  const tail = trimIncompleteUtf8Start(c.tail).toString("utf8");
  return `${head}\n[... ${c.omittedBytes} bytes omitted ...]\n${tail}`;
}
