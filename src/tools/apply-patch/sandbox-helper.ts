// The apply_patch helper: a hidden mode of our own bundle (`node cli.cjs` + helper-arg.ts's argument) that the
// agent starts inside the same sandbox as commands (sandboxed-commit.ts) and feeds the changes
// of already planned and approved patches. It writes them with commitFileContents, so every
// write, rename and delete is resolved by the kernel inside the sandbox's mount namespace: a
// symlink swapped by a sandboxed process at any moment leads to a read-only file system, never
// outside the writable roots (upstream Codex re-executes itself as apply_patch under the
// sandbox for the same reason).
//
// Protocol: one JSON request per line on stdin, one JSON answer per line on stdout, in order.
// It exits when stdin closes (the agent ended the session or died).
import { createInterface } from "node:readline";
import { commitFileContents } from "./commit.js";

export interface HelperRequest {
  /** Absolute path -> new text, or null to delete, in the plan's order. */
  writes: [string, string | null][];
  /** Absolute path -> the name used in error messages. */
  shown: [string, string][];
}

/** `error`: upstream's message for the failed write (the rest of the patch was rolled back where it could be). */
export interface HelperAnswer {
  error?: string;
}

/** Serves requests until stdin closes. */
export async function serveApplyPatchHelper(): Promise<void> {
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line === "") continue;
    process.stdout.write(`${JSON.stringify(await answer(line))}\n`);
  }
}

async function answer(line: string): Promise<HelperAnswer> {
  try {
    const request = parseRequest(line);
    const shown = new Map(request.shown);
    await commitFileContents(new Map(request.writes), (file) => shown.get(file) ?? file);
    return {};
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

const isPair = <T>(value: unknown, second: (v: unknown) => v is T): value is [string, T] =>
  Array.isArray(value) && value.length === 2 && typeof value[0] === "string" && second(value[1]);
const isText = (v: unknown): v is string => typeof v === "string";
const isTextOrNull = (v: unknown): v is string | null => v === null || typeof v === "string";

function parseRequest(line: string): HelperRequest {
  const value: unknown = JSON.parse(line);
  if (typeof value === "object" && value !== null && "writes" in value && "shown" in value) {
    const { writes, shown } = value;
    if (
      Array.isArray(writes) &&
      Array.isArray(shown) &&
      writes.every((w) => isPair(w, isTextOrNull)) &&
      shown.every((s) => isPair(s, isText))
    )
      return { writes, shown };
  }
  throw new Error("the apply_patch helper got a malformed request");
}
