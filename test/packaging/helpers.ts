// Shared by the packaging tests: run the scripts, make temp dirs, read archives.
import { spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const SCRIPTS = path.join(REPO, "scripts");
export const NODE_BIN_DIR = path.dirname(process.execPath);
export const TERMUX_PREFIX = "/data/data/com.termux/files/usr";

const pkg = JSON.parse(readFileSync(path.join(REPO, "package.json"), "utf8")) as { version: string };
export const VERSION = pkg.version;

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

const tempDirs: string[] = [];

/** A fresh temp dir, removed by `removeTempDirs()`. */
export function tempDir(prefix = "cl-pkg-"): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A clean environment: node on PATH, HOME in a temp dir, nothing from the caller's shell. */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const home = tempDir("cl-pkg-home-");
  return {
    PATH: `${NODE_BIN_DIR}:/usr/local/bin:/usr/bin:/bin`,
    HOME: home,
    CODEX_HOME: home,
    LANG: "C.UTF-8",
    ...extra,
  };
}

export function run(
  cmd: string,
  args: string[],
  options: { cwd?: string; env?: Record<string, string>; input?: Buffer } = {},
): RunResult {
  const r = spawnSync(cmd, args, {
    cwd: options.cwd ?? REPO,
    env: options.env ?? cleanEnv(),
    input: options.input,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    timeout: 60_000,
  });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs and returns stdout; throws with stderr when the command fails. */
export function ok(cmd: string, args: string[], options: Parameters<typeof run>[2] = {}): string {
  const r = run(cmd, args, options);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(" ")} exited ${r.code}: ${r.stderr || r.stdout}`);
  return r.stdout;
}

/** Binary stdout of a command (e.g. `tar -xOzf x.ipk ./data.tar.gz`). */
export function okBuffer(cmd: string, args: string[], cwd = REPO, input?: Buffer): Buffer {
  const r = spawnSync(cmd, args, { cwd, env: cleanEnv(), input, maxBuffer: 256 * 1024 * 1024, timeout: 60_000 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} exited ${r.status}: ${r.stderr.toString()}`);
  return r.stdout;
}

/**
 * A frozen copy of the working tree (tracked + untracked, not ignored files) in a temp dir,
 * with node_modules linked in: build.sh there bundles into the copy's own dist/, so the tests
 * never race other work on the shared dist/ or src/. With `commitEpoch`, the copy is also a
 * git repository whose single commit has that time (for build.sh's SOURCE_DATE_EPOCH default).
 */
export function frozenRepo(commitEpoch?: number): string {
  const dir = tempDir("cl-pkg-repo-");
  const files = ok("git", ["ls-files", "-co", "--exclude-standard", "-z"], { env: cleanEnv() })
    .split("\0")
    .filter(Boolean);
  for (const rel of files) {
    const from = path.join(REPO, rel);
    if (!existsSync(from) || !statSync(from).isFile()) continue;
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    copyFileSync(from, path.join(dir, rel));
  }
  symlinkSync(path.join(REPO, "node_modules"), path.join(dir, "node_modules"));
  if (commitEpoch !== undefined) {
    const date = `@${commitEpoch} +0000`;
    const env = cleanEnv({ GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date });
    const git = ["-c", "user.name=test", "-c", "user.email=test@example.invalid", "-c", "commit.gpgsign=false"];
    ok("git", ["init", "-q"], { cwd: dir, env });
    ok("git", [...git, "add", "-A"], { cwd: dir, env });
    ok("git", [...git, "commit", "-q", "-m", "snapshot"], { cwd: dir, env });
  }
  return dir;
}

/** Every entry below `dir` (relative paths), hidden ones included. */
export function listAll(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const name of readdirSync(path.join(dir, rel))) {
      const p = rel ? `${rel}/${name}` : name;
      out.push(p);
      if (statSync(path.join(dir, p)).isDirectory()) walk(p);
    }
  };
  walk("");
  return out.sort();
}

/** Parses Debian/opkg control text into fields (continuation lines joined with "\n"). */
export function parseControl(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  let last: string | undefined;
  for (const line of text.split("\n")) {
    if (line === "") continue;
    if (/^[ \t]/.test(line) && last) {
      fields[last] += `\n${line.slice(1)}`;
      continue;
    }
    const m = /^([A-Za-z0-9-]+):[ \t]*(.*)$/.exec(line);
    if (!m) throw new Error(`bad control line: ${line}`);
    last = m[1]!;
    fields[last] = m[2]!;
  }
  return fields;
}

/** Member names of an ar archive (a .deb), in order. */
export function arMembers(buf: Buffer): string[] {
  if (buf.subarray(0, 8).toString("latin1") !== "!<arch>\n") throw new Error("not an ar archive");
  const names: string[] = [];
  let off = 8;
  while (off + 60 <= buf.length) {
    const header = buf.subarray(off, off + 60).toString("latin1");
    names.push(header.slice(0, 16).trim().replace(/\/$/, ""));
    const size = Number.parseInt(header.slice(48, 58).trim(), 10);
    off += 60 + size + (size % 2);
  }
  return names;
}

/** `tar -tv` lines → { mode string, owner, path }. */
export function tarVerbose(listing: string): { mode: string; owner: string; path: string }[] {
  return listing
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const parts = line.trim().split(/\s+/);
      return { mode: parts[0]!, owner: parts[1]!, path: parts[parts.length - 1]! };
    });
}

/** The one error line a failed packaging script must print, and no more. */
export function expectOneLineError(r: RunResult): string {
  const lines = r.stderr.split("\n").filter((l) => l.trim() !== "");
  if (r.code === 0) throw new Error(`expected failure, got exit 0 (stdout: ${r.stdout})`);
  if (lines.length !== 1) throw new Error(`expected one error line, got ${lines.length}:\n${r.stderr}`);
  if (r.stdout.trim() !== "") throw new Error(`expected no stdout on failure, got: ${r.stdout}`);
  return lines[0]!;
}

export const VERSION_LINE = new RegExp(
  `^codex-litellm ${VERSION.replace(/\./g, "\\.")} compatible with codex-cli [0-9]+\\.[0-9]+\\.[0-9]+\\n$`,
);

/** The SOURCE_DATE_EPOCH the packaging tests build with: 2026-01-01T00:00:00Z. */
export const SDE = "1767225600";

/**
 * build.sh's tarballs of a frozen copy of the tree (SOURCE_DATE_EPOCH = SDE), then `script`
 * (a scripts/ file) packaging them into a temp folder `outName`; fails with the script's stderr.
 */
export function packageTarballs(script: string, outName: string): { tarballs: string; out: string; stdout: string } {
  const repo = frozenRepo();
  const tarballs = path.join(tempDir(), "tarballs");
  ok(path.join(repo, "scripts/build.sh"), ["--output", tarballs], {
    cwd: repo,
    env: cleanEnv({ SOURCE_DATE_EPOCH: SDE }),
  });
  const out = path.join(tempDir(), outName);
  const r = run(path.join(SCRIPTS, script), ["--version", VERSION, "--input", tarballs, "--output", out], {
    env: cleanEnv(),
  });
  if (r.code !== 0) throw new Error(`${script} failed: ${r.stderr}`);
  return { tarballs, out, stdout: r.stdout };
}
