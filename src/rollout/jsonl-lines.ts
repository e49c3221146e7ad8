// Streams the lines of a (possibly huge) JSONL file without loading it whole. Reports whether
// each line ended with "\n", so a cut-off last line (crash mid-write) can be told apart.

import { createReadStream } from "node:fs";

export interface FileLine {
  /** 1-based line number. */
  lineNo: number;
  /** Line text without "\n" (and without a trailing "\r"). */
  text: string;
  /** False only for a last line that has no closing "\n". */
  terminated: boolean;
}

export interface ReadLinesOptions {
  /** Stop after this many bytes have been read (the line in progress is then not yielded). */
  maxBytes?: number;
  highWaterMark?: number;
}

export interface ReadLinesState {
  /** True when reading stopped because of `maxBytes` before the end of the file. */
  cutByByteLimit: boolean;
}

function decode(parts: Buffer[]): string {
  const text = (parts.length === 1 ? parts[0]! : Buffer.concat(parts)).toString("utf8");
  return text.endsWith("\r") ? text.slice(0, -1) : text;
}

export async function* readFileLines(
  path: string,
  options: ReadLinesOptions = {},
  state?: ReadLinesState,
): AsyncGenerator<FileLine> {
  const stream = createReadStream(path, { highWaterMark: options.highWaterMark ?? 64 * 1024 });
  let pending: Buffer[] = [];
  let lineNo = 0;
  let bytesRead = 0;
  try {
    for await (const chunk of stream) {
      // Without an encoding the stream yields Buffers.
      let piece = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
      if (options.maxBytes !== undefined && bytesRead + piece.length > options.maxBytes) {
        piece = piece.subarray(0, Math.max(0, options.maxBytes - bytesRead));
        if (state) state.cutByByteLimit = true;
      }
      bytesRead += piece.length;
      let start = 0;
      let newline = piece.indexOf(0x0a, start);
      while (newline !== -1) {
        pending.push(piece.subarray(start, newline));
        lineNo += 1;
        yield { lineNo, text: decode(pending), terminated: true };
        pending = [];
        start = newline + 1;
        newline = piece.indexOf(0x0a, start);
      }
      if (start < piece.length) pending.push(piece.subarray(start));
      if (state?.cutByByteLimit) return;
    }
    if (pending.length > 0) {
      lineNo += 1;
      yield { lineNo, text: decode(pending), terminated: false };
    }
  } finally {
    stream.destroy();
  }
}
