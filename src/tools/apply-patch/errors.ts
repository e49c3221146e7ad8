/**
 * Errors raised while parsing or applying a patch. Their messages are upstream Codex's
 * texts word for word, because the model reads them (prefixed by the tool handler).
 */
import { errnoCode, errorMessage } from "../../util/errors.js";

/** The patch text does not follow the apply_patch format. */
export class PatchParseError extends Error {
  /** `invalid-patch`: bad envelope; `invalid-hunk`: a hunk at `lineNumber` is malformed. */
  readonly kind: "invalid-patch" | "invalid-hunk";
  /** The reason without the `invalid patch: ` / `invalid hunk at line N, ` prefix. */
  readonly detail: string;
  /** 1-based line of the offending hunk (counted as upstream counts it), for `invalid-hunk`. */
  readonly lineNumber: number | null;

  private constructor(kind: "invalid-patch" | "invalid-hunk", detail: string, lineNumber: number | null) {
    super(kind === "invalid-patch" ? `invalid patch: ${detail}` : `invalid hunk at line ${lineNumber}, ${detail}`);
    this.name = "PatchParseError";
    this.kind = kind;
    this.detail = detail;
    this.lineNumber = lineNumber;
  }

  static invalidPatch(detail: string): PatchParseError {
    return new PatchParseError("invalid-patch", detail, null);
  }

  static invalidHunk(detail: string, lineNumber: number): PatchParseError {
    return new PatchParseError("invalid-hunk", detail, lineNumber);
  }
}

export type PatchApplyErrorCode =
  /** A chunk's `@@ <context>` line is not in the file. */
  | "context-not-found"
  /** A chunk's old lines (context and `-` lines) are not in the file. */
  | "expected-lines-not-found"
  /** The patch parsed but has no hunks. */
  | "no-files-modified"
  /** Reading or writing the file system failed (missing file, permissions, not UTF-8...). */
  | "io";

/** The patch is well formed but cannot be applied; no file was changed. */
export class PatchApplyError extends Error {
  readonly code: PatchApplyErrorCode;
  /** Absolute path of the file concerned, when there is one. */
  readonly path: string | null;

  constructor(code: PatchApplyErrorCode, message: string, path: string | null = null, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "PatchApplyError";
    this.code = code;
    this.path = path;
  }
}

/** Any error `applyPatch` throws on purpose. */
export type ApplyPatchFailure = PatchParseError | PatchApplyError;

/** The text upstream's tool handler returns to the model when a patch is rejected. */
export function verificationFailureMessage(error: Pick<ApplyPatchFailure, "message">): string {
  return `apply_patch verification failed: ${error.message}`;
}

/** Upstream's error for a bare patch run as a command without `apply_patch` in front. */
export const IMPLICIT_INVOCATION_MESSAGE =
  'patch detected without explicit call to apply_patch. Rerun as ["apply_patch", "<patch>"]';

/** Linux errno names mapped to the wording Rust's `std::io::Error` prints (strerror). */
const OS_ERROR_TEXT: Record<string, string> = {
  EPERM: "Operation not permitted",
  ENOENT: "No such file or directory",
  EIO: "Input/output error",
  EACCES: "Permission denied",
  EBUSY: "Device or resource busy",
  EEXIST: "File exists",
  EXDEV: "Invalid cross-device link",
  ENOTDIR: "Not a directory",
  EISDIR: "Is a directory",
  EINVAL: "Invalid argument",
  ENOSPC: "No space left on device",
  EROFS: "Read-only file system",
  EMLINK: "Too many links",
  ENAMETOOLONG: "File name too long",
  ENOTEMPTY: "Directory not empty",
  ELOOP: "Too many levels of symbolic links",
  EDQUOT: "Disk quota exceeded",
};

/** Renders a Node file-system error the way Rust displays an `io::Error`: `<text> (os error N)`. */
export function describeIoError(error: unknown): string {
  const code = errnoCode(error);
  const text = code ? OS_ERROR_TEXT[code] : undefined;
  const errno = error instanceof Error && "errno" in error ? error.errno : undefined;
  if (text !== undefined && typeof errno === "number") return `${text} (os error ${Math.abs(errno)})`;
  return errorMessage(error);
}

/** Upstream's I/O error shape: `<context>: <io error>`. */
export function ioFailure(context: string, path: string, error: unknown): PatchApplyError {
  return new PatchApplyError("io", `${context}: ${describeIoError(error)}`, path, { cause: error });
}
