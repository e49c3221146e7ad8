/**
 * Parser for the apply_patch format, with upstream Codex's leniencies and error texts:
 *
 *   *** Begin Patch
 *   *** Add File: <path>        followed by `+` lines (the new file's contents)
 *   *** Delete File: <path>
 *   *** Update File: <path>     optional `*** Move to: <path>`, then chunks:
 *   @@ [context line]           `␠` context, `-` removed, `+` added lines,
 *                               optional `*** End of File`
 *   *** End Patch
 *
 * Leniencies (as upstream): the text is trimmed first; marker lines may carry
 * surrounding whitespace; a patch wrapped in a heredoc (`<<EOF` / `<<'EOF'` / `<<"EOF"`
 * ... `EOF`) is unwrapped; the first chunk of an update may omit its `@@` line; blank
 * lines between chunks are skipped; an empty line inside a chunk is an empty context line.
 */
import { PatchParseError } from "./errors.js";
import { rustLines, rustTrim } from "./rust-text.js";

export interface UpdateChunk {
  /** The line after `@@ `, used to jump to a class/function before matching; null for a bare `@@`. */
  changeContext: string | null;
  /** Lines the file must contain (context and `-` lines), in order. */
  oldLines: string[];
  /** Lines that replace them (context and `+` lines), in order. */
  newLines: string[];
  /** `*** End of File` was given: the old lines must sit at the end of the file. */
  isEndOfFile: boolean;
}

export type PatchHunk =
  | { type: "add"; path: string; contents: string }
  | { type: "delete"; path: string }
  | { type: "update"; path: string; movePath: string | null; chunks: UpdateChunk[] };

export interface ParsedPatch {
  hunks: PatchHunk[];
  /** The patch text itself, without a heredoc wrapper, lines joined by `\n`. */
  patch: string;
}

export const BEGIN_PATCH_MARKER = "*** Begin Patch";
export const END_PATCH_MARKER = "*** End Patch";
const ADD_FILE_MARKER = "*** Add File: ";
const DELETE_FILE_MARKER = "*** Delete File: ";
const UPDATE_FILE_MARKER = "*** Update File: ";
const MOVE_TO_MARKER = "*** Move to: ";
const END_OF_FILE_MARKER = "*** End of File";
const CONTEXT_MARKER = "@@ ";
const EMPTY_CONTEXT_MARKER = "@@";

const HEREDOC_OPENERS = new Set(["<<EOF", "<<'EOF'", '<<"EOF"']);

/** Parses patch text into hunks. Throws `PatchParseError` with upstream's message. */
export function parsePatch(text: string): ParsedPatch {
  const lines = rustLines(rustTrim(text));
  const { patchLines, hunkLines } = locatePatchBody(lines);

  const hunks: PatchHunk[] = [];
  let index = 0;
  let lineNumber = 2;
  while (index < hunkLines.length) {
    const { hunk, consumed } = parseOneHunk(hunkLines, index, lineNumber);
    hunks.push(hunk);
    lineNumber += consumed;
    index += consumed;
  }
  return { hunks, patch: patchLines.join("\n") };
}

interface PatchBody {
  /** Lines from `*** Begin Patch` to `*** End Patch` inclusive. */
  patchLines: string[];
  /** The lines between the two markers. */
  hunkLines: string[];
}

/** Checks the envelope, unwrapping a heredoc when the plain check fails. */
function locatePatchBody(lines: string[]): PatchBody {
  const plainError = checkEnvelope(lines);
  if (plainError === null) return { patchLines: lines, hunkLines: lines.slice(1, -1) };

  const first = lines[0];
  const last = lines[lines.length - 1];
  if (
    lines.length >= 4 &&
    first !== undefined &&
    last !== undefined &&
    HEREDOC_OPENERS.has(first) &&
    last.endsWith("EOF")
  ) {
    const inner = lines.slice(1, -1);
    const innerError = checkEnvelope(inner);
    if (innerError !== null) throw innerError;
    return { patchLines: inner, hunkLines: inner.slice(1, -1) };
  }
  throw plainError;
}

function checkEnvelope(lines: string[]): PatchParseError | null {
  const [firstLine, lastLine] = [lines[0], lines.at(-1)];
  const first = firstLine === undefined ? null : rustTrim(firstLine);
  const last = lastLine === undefined ? null : rustTrim(lastLine);
  if (first === BEGIN_PATCH_MARKER && last === END_PATCH_MARKER) return null;
  if (first !== null && first !== BEGIN_PATCH_MARKER) {
    return PatchParseError.invalidPatch("The first line of the patch must be '*** Begin Patch'");
  }
  return PatchParseError.invalidPatch("The last line of the patch must be '*** End Patch'");
}

interface ParsedHunk {
  hunk: PatchHunk;
  /** How many lines the hunk spans, header included. */
  consumed: number;
}

/** Parses the hunk whose header is `lines[at]`. */
function parseOneHunk(lines: string[], at: number, lineNumber: number): ParsedHunk {
  const header = rustTrim(lines[at] ?? "");

  if (header.startsWith(ADD_FILE_MARKER)) {
    const path = header.slice(ADD_FILE_MARKER.length);
    let contents = "";
    let consumed = 1;
    for (const line of lines.slice(at + 1)) {
      if (!line.startsWith("+")) break;
      contents += `${line.slice(1)}\n`;
      consumed += 1;
    }
    return { hunk: { type: "add", path, contents }, consumed };
  }

  if (header.startsWith(DELETE_FILE_MARKER)) {
    return { hunk: { type: "delete", path: header.slice(DELETE_FILE_MARKER.length) }, consumed: 1 };
  }

  if (header.startsWith(UPDATE_FILE_MARKER)) {
    return parseUpdateHunk(header.slice(UPDATE_FILE_MARKER.length), lines, at, lineNumber);
  }

  throw PatchParseError.invalidHunk(
    `'${header}' is not a valid hunk header. Valid hunk headers: '*** Add File: {path}', '*** Delete File: {path}', '*** Update File: {path}'`,
    lineNumber,
  );
}

function parseUpdateHunk(path: string, lines: string[], at: number, lineNumber: number): ParsedHunk {
  let consumed = 1;

  // The move line is matched untrimmed, as upstream does.
  let movePath: string | null = null;
  const maybeMove = lines[at + consumed];
  if (maybeMove !== undefined && maybeMove.startsWith(MOVE_TO_MARKER)) {
    movePath = maybeMove.slice(MOVE_TO_MARKER.length);
    consumed += 1;
  }

  const chunks: UpdateChunk[] = [];
  for (let line = lines[at + consumed]; line !== undefined; line = lines[at + consumed]) {
    if (rustTrim(line) === "") {
      consumed += 1;
      continue;
    }
    if (line.startsWith("*")) break;
    const parsed = parseUpdateChunk(lines, at + consumed, lineNumber + consumed, chunks.length === 0);
    chunks.push(parsed.chunk);
    consumed += parsed.consumed;
  }

  if (chunks.length === 0) {
    throw PatchParseError.invalidHunk(`Update file hunk for path '${path}' is empty`, lineNumber);
  }
  return { hunk: { type: "update", path, movePath, chunks }, consumed };
}

interface ParsedChunk {
  chunk: UpdateChunk;
  consumed: number;
}

/** Parses the chunk starting at `lines[at]` (its `@@` line, or its first diff line). */
function parseUpdateChunk(lines: string[], at: number, lineNumber: number, allowMissingContext: boolean): ParsedChunk {
  const noLines = (reported: number) => PatchParseError.invalidHunk("Update hunk does not contain any lines", reported);
  const first = lines[at];
  if (first === undefined) throw noLines(lineNumber);

  let changeContext: string | null = null;
  let start = 0;
  if (first === EMPTY_CONTEXT_MARKER) {
    start = 1;
  } else if (first.startsWith(CONTEXT_MARKER)) {
    changeContext = first.slice(CONTEXT_MARKER.length);
    start = 1;
  } else if (!allowMissingContext) {
    throw PatchParseError.invalidHunk(
      `Expected update hunk to start with a @@ context marker, got: '${first}'`,
      lineNumber,
    );
  }
  if (at + start >= lines.length) throw noLines(lineNumber + 1);

  const chunk: UpdateChunk = { changeContext, oldLines: [], newLines: [], isEndOfFile: false };
  let parsed = 0;
  for (const line of lines.slice(at + start)) {
    if (line === END_OF_FILE_MARKER) {
      if (parsed === 0) throw noLines(lineNumber + 1);
      chunk.isEndOfFile = true;
      parsed += 1;
      break;
    }
    const marker = line.charAt(0);
    const body = line.slice(1);
    if (line === "") {
      chunk.oldLines.push("");
      chunk.newLines.push("");
    } else if (marker === " ") {
      chunk.oldLines.push(body);
      chunk.newLines.push(body);
    } else if (marker === "+") {
      chunk.newLines.push(body);
    } else if (marker === "-") {
      chunk.oldLines.push(body);
    } else {
      if (parsed === 0) {
        throw PatchParseError.invalidHunk(
          `Unexpected line found in update hunk: '${line}'. Every line should start with ' ' (context line), '+' (added line), or '-' (removed line)`,
          lineNumber + 1,
        );
      }
      // Anything else starts the next chunk or hunk.
      break;
    }
    parsed += 1;
  }
  return { chunk, consumed: parsed + start };
}
