/** Helpers for this folder's tests: real temp directories, and byte-exact snapshots of them. */
import { promises as fsp } from "node:fs";
import os from "node:os";
import path from "node:path";

/** Creates a temp directory holding `files` (relative path -> text or bytes). */
export async function makeTree(files: Record<string, string | Uint8Array> = {}): Promise<string> {
  const dir = await fsp.realpath(await fsp.mkdtemp(path.join(os.tmpdir(), "apply-patch-")));
  await writeTree(dir, files);
  return dir;
}

export async function writeTree(dir: string, files: Record<string, string | Uint8Array>): Promise<void> {
  for (const [name, contents] of Object.entries(files)) {
    const file = path.join(dir, name);
    await fsp.mkdir(path.dirname(file), { recursive: true });
    await fsp.writeFile(file, contents);
  }
}

/**
 * Every entry under `dir`: files as `base64:<bytes>`, folders as `dir`, symlinks as
 * `link:<target>`. Comparing two snapshots proves nothing changed, not even a temp file.
 */
export async function snapshotTree(dir: string): Promise<Record<string, string>> {
  const snapshot: Record<string, string> = {};
  async function walk(folder: string): Promise<void> {
    for (const entry of await fsp.readdir(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      const key = path.relative(dir, full);
      if (entry.isSymbolicLink()) snapshot[key] = `link:${await fsp.readlink(full)}`;
      else if (entry.isDirectory()) {
        snapshot[key] = "dir";
        await walk(full);
      } else snapshot[key] = `base64:${(await fsp.readFile(full)).toString("base64")}`;
    }
  }
  await walk(dir);
  return snapshot;
}

export async function readText(dir: string, name: string): Promise<string> {
  return fsp.readFile(path.join(dir, name), "utf8");
}

export async function exists(dir: string, name: string): Promise<boolean> {
  return fsp.lstat(path.join(dir, name)).then(
    () => true,
    () => false,
  );
}

export async function removeTree(dir: string): Promise<void> {
  await fsp.rm(dir, { recursive: true, force: true });
}

/** The files under `dir` as UTF-8 text (folders left out), for comparing whole trees. */
export async function textTree(dir: string): Promise<Record<string, string>> {
  const tree: Record<string, string> = {};
  for (const [name, value] of Object.entries(await snapshotTree(dir))) {
    if (value.startsWith("base64:")) tree[name] = Buffer.from(value.slice("base64:".length), "base64").toString("utf8");
  }
  return tree;
}
