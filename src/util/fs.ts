import { randomBytes } from "node:crypto";
import { promises as fsp, realpathSync } from "node:fs";
import path from "node:path";
import { errnoCode } from "./errors.js";

/**
 * Replaces `file` with `contents` atomically: the data goes to a temp file in the same
 * folder first, then a rename swaps it in, so a crash never leaves a truncated file.
 * The existing file's mode is kept unless `mode` is given.
 */
export async function writeFileAtomic(file: string, contents: string, options: { mode?: number } = {}): Promise<void> {
  const dir = path.dirname(file);
  await fsp.mkdir(dir, { recursive: true });
  let mode = options.mode;
  if (mode === undefined) {
    mode = await fsp.stat(file).then(
      (s) => s.mode & 0o777,
      () => 0o644,
    );
  }
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  const handle = await fsp.open(tmp, "wx", mode);
  try {
    await handle.writeFile(contents, "utf8");
    await handle.sync();
  } catch (err) {
    await handle.close().catch(() => {});
    await fsp.rm(tmp, { force: true });
    throw err;
  }
  await handle.close();
  try {
    await fsp.chmod(tmp, mode);
    await fsp.rename(tmp, file);
  } catch (err) {
    await fsp.rm(tmp, { force: true });
    throw err;
  }
}

/** Reads a file as UTF-8, or returns undefined when it does not exist. */
export async function readFileIfExists(file: string): Promise<string | undefined> {
  try {
    return await fsp.readFile(file, "utf8");
  } catch (err) {
    if (errnoCode(err) === "ENOENT") return undefined;
    throw err;
  }
}

/**
 * `p` with symlinks resolved in the part of it that exists (the rest appended as written), so a
 * link out of a folder is seen for what it is even when `p` itself does not exist yet.
 */
export function realPathOfNearestAncestor(p: string): string {
  const rest: string[] = [];
  for (let dir = path.resolve(p); ; dir = path.dirname(dir)) {
    try {
      return path.join(realpathSync(dir), ...rest.reverse());
    } catch {
      if (path.dirname(dir) === dir) return path.resolve(p);
      rest.push(path.basename(dir));
    }
  }
}
