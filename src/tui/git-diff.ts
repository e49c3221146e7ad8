// /diff's text: the working tree against HEAD, then each untracked file as a new-file diff
// with its contents (as upstream's /diff shows them), not just its name.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { isJsonObject } from "../util/json.js";

const run = promisify(execFile);
const MAX_BUFFER = 16 << 20;

/** The lines of `git diff` against HEAD (or the index, before the first commit) plus untracked files. */
export async function workingTreeDiff(cwd: string): Promise<string[]> {
  const tracked = (
    await run("git", ["diff", "--stat", "--patch", "HEAD"], { cwd, maxBuffer: MAX_BUFFER }).catch(() =>
      run("git", ["diff", "--patch"], { cwd, maxBuffer: MAX_BUFFER }),
    )
  ).stdout;
  const untracked = (
    await run("git", ["ls-files", "--others", "--exclude-standard", "-z"], { cwd, maxBuffer: MAX_BUFFER })
  ).stdout
    .split("\0")
    .filter(Boolean);
  const added = await Promise.all(untracked.map((file) => newFileDiff(cwd, file)));
  const text = [tracked, ...added]
    .map((part) => part.trimEnd())
    .filter(Boolean)
    .join("\n");
  return text ? text.split("\n") : [];
}

/** `git diff --no-index /dev/null <file>`: exits 1 when there is a difference, which is the point. */
async function newFileDiff(cwd: string, file: string): Promise<string> {
  try {
    return (await run("git", ["diff", "--no-index", "--", "/dev/null", file], { cwd, maxBuffer: MAX_BUFFER })).stdout;
  } catch (err) {
    if (isJsonObject(err) && err.code === 1 && typeof err.stdout === "string") return err.stdout;
    throw err;
  }
}
