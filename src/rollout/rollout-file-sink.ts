// Append-only line sink for rollout files. Each line is written with one synchronous append
// (O_APPEND) of the complete line, so a crash can lose or cut at most the line being written,
// and nothing is held back in memory.

import { closeSync, constants, fstatSync, ftruncateSync, openSync, readSync, writeSync } from "node:fs";
import { errnoCode, errorMessage } from "../util/errors.js";

/** A rollout file could not be created or written. Turn it into a clean stop with `message`. */
export class RolloutWriteError extends Error {
  override readonly name = "RolloutWriteError";

  constructor(
    message: string,
    readonly path: string,
    readonly code?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function toRolloutWriteError(action: string, path: string, err: unknown): RolloutWriteError {
  if (err instanceof RolloutWriteError) return err;
  const code = errnoCode(err);
  const reason = errorMessage(err);
  return new RolloutWriteError(`could not ${action} session file ${path}: ${reason}`, path, code, { cause: err });
}

export interface RolloutSink {
  readonly path: string;
  /** Appends `line` (which must already end with "\n"). Throws on failure. */
  appendLine(line: string): void;
  close(): void;
}

const CREATE_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_APPEND;
const APPEND_FLAGS = constants.O_WRONLY | constants.O_APPEND;
const FILE_MODE = 0o600;

export class AppendFileSink implements RolloutSink {
  private fd: number | null;

  private constructor(
    readonly path: string,
    fd: number,
  ) {
    this.fd = fd;
  }

  /** Creates a new file; fails if it already exists. */
  static create(path: string): AppendFileSink {
    try {
      return new AppendFileSink(path, openSync(path, CREATE_FLAGS, FILE_MODE));
    } catch (err) {
      throw toRolloutWriteError("create", path, err);
    }
  }

  /**
   * Opens an existing file for appending. If the file ends in a cut-off line (a crash while
   * writing), a newline is added first so the next record starts on a line of its own.
   */
  static openExisting(path: string): AppendFileSink {
    let fd: number;
    try {
      fd = openSync(path, APPEND_FLAGS);
    } catch (err) {
      throw toRolloutWriteError("open", path, err);
    }
    const sink = new AppendFileSink(path, fd);
    try {
      if (!endsWithNewline(path, fd)) sink.appendLine("\n");
    } catch (err) {
      sink.close();
      throw toRolloutWriteError("open", path, err);
    }
    return sink;
  }

  appendLine(line: string): void {
    if (this.fd === null) throw new RolloutWriteError(`session file ${this.path} is closed`, this.path);
    const bytes = Buffer.from(line, "utf8");
    let offset = 0;
    try {
      while (offset < bytes.length) offset += writeSync(this.fd, bytes, offset, bytes.length - offset);
    } catch (err) {
      // A full disk (or file size limit) can take part of the line before failing: cut that part
      // off again, so the file never ends in half a record. Only this process appends here.
      if (offset > 0) {
        try {
          ftruncateSync(this.fd, fstatSync(this.fd).size - offset);
        } catch {
          // Nothing more to do; readers skip a cut-off last line.
        }
      }
      throw toRolloutWriteError("write", this.path, err);
    }
  }

  close(): void {
    if (this.fd === null) return;
    const fd = this.fd;
    this.fd = null;
    try {
      closeSync(fd);
    } catch (err) {
      throw toRolloutWriteError("close", this.path, err);
    }
  }
}

function endsWithNewline(path: string, appendFd: number): boolean {
  const size = fstatSync(appendFd).size;
  if (size === 0) return true;
  const readFd = openSync(path, constants.O_RDONLY);
  try {
    const last = Buffer.alloc(1);
    readSync(readFd, last, 0, 1, size - 1);
    return last[0] === 0x0a;
  } finally {
    closeSync(readFd);
  }
}
