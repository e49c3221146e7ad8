// scripts/build.sh: release tarballs per target, MANIFEST.json, SHA256SUMS, reproducibility,
// and its failure rules (one line, non-zero, nothing left behind). Builds run in a frozen copy
// of the tree so they neither race nor disturb the shared dist/.
import { createHash } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  REPO,
  VERSION,
  VERSION_LINE,
  cleanEnv,
  expectOneLineError,
  frozenRepo,
  listAll,
  ok,
  removeTempDirs,
  run,
  tarVerbose,
  tempDir,
} from "./helpers.js";

const COMMIT_EPOCH = 1_767_225_600; // 2026-01-01T00:00:00Z, the frozen copy's only commit
const TARGETS = ["linux-x86_64", "linux-aarch64"] as const;
const tarball = (target: string) => `codex-litellm-${VERSION}-${target}.tar.gz`;

interface Manifest {
  name: string;
  version: string;
  target: string;
  arch: string;
  node: string;
  entry: string;
  sourceDateEpoch: number;
  note: string;
  files: { path: string; size: number; mode: string; sha256: string }[];
}

let repo: string;
let out1: string;
let out2: string;
let stdout1: string;

beforeAll(() => {
  repo = frozenRepo(COMMIT_EPOCH);
  out1 = path.join(tempDir(), "artifacts");
  out2 = path.join(tempDir(), "out", "nested");
  // No SOURCE_DATE_EPOCH: it must come from the copy's git commit.
  stdout1 = ok(path.join(repo, "scripts/build.sh"), ["--output", out1], { cwd: repo });
  // Second build: another output dir, another cwd, a hostile umask; same inputs.
  ok("bash", ["-c", `umask 077 && cd / && "$0" --output "$1"`, path.join(repo, "scripts/build.sh"), out2], {
    cwd: repo,
  });
});
afterAll(removeTempDirs);

describe("build.sh artefacts", () => {
  it("writes one tarball per target plus SHA256SUMS, and prints their paths", () => {
    expect(readdirSync(out1).sort()).toEqual([...TARGETS.map(tarball), "SHA256SUMS"].sort());
    expect(stdout1.trim().split("\n")).toEqual([
      ...TARGETS.map((t) => path.join(out1, tarball(t))),
      path.join(out1, "SHA256SUMS"),
    ]);
  });

  it("SHA256SUMS lists each tarball and `sha256sum -c` accepts it", () => {
    const sums = readFileSync(path.join(out1, "SHA256SUMS"), "utf8");
    for (const t of TARGETS) {
      const hash = createHash("sha256")
        .update(readFileSync(path.join(out1, tarball(t))))
        .digest("hex");
      expect(sums).toContain(`${hash}  ${tarball(t)}\n`);
    }
    expect(ok("sha256sum", ["-c", "SHA256SUMS"], { cwd: out1 })).toMatch(/OK/);
  });

  it.each(TARGETS)(
    "%s: one top folder with launcher, bundle, docs and manifest; root-owned, fixed modes and mtimes",
    (target) => {
      const file = path.join(out1, tarball(target));
      expect(readFileSync(file).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
      const top = `codex-litellm-${VERSION}-${target}`;
      const entries = tarVerbose(ok("tar", ["-tvzf", file, "--numeric-owner"]));
      const names = entries.map((e) => e.path);
      expect(names.every((n) => n === `${top}/` || n.startsWith(`${top}/`))).toBe(true);
      for (const required of [
        "bin/codex-litellm",
        "lib/codex-litellm/cli.js",
        "lib/codex-litellm/package.json",
        "README.md",
        "LICENSE",
        "MANIFEST.json",
      ]) {
        expect(names).toContain(`${top}/${required}`);
      }
      expect(names.some((n) => /^[^/]+\/lib\/codex-litellm\/chunks\/[^/]+\.js$/.test(n))).toBe(true);
      // Sorted entries, numeric root owners, 0755 dirs + launcher, 0644 otherwise.
      expect([...names].sort((a, b) => (Buffer.from(a) < Buffer.from(b) ? -1 : 1))).toEqual(names);
      for (const e of entries) {
        expect(e.owner).toBe("0/0");
        if (e.path.endsWith("/")) expect(e.mode).toBe("drwxr-xr-x");
        else if (e.path === `${top}/bin/codex-litellm`) expect(e.mode).toBe("-rwxr-xr-x");
        else expect(e.mode).toBe("-rw-r--r--");
      }
      // Every mtime is the commit time (GNU tar --full-time shows seconds).
      const times = ok("tar", ["-tvzf", file, "--full-time"], { env: cleanEnv({ TZ: "UTC" }) });
      for (const line of times.trim().split("\n")) expect(line).toContain("2026-01-01 00:00:00");
    },
  );

  it.each(TARGETS)("%s: MANIFEST.json names the target, node requirement and the sha256 of every file", (target) => {
    const dir = tempDir();
    ok("tar", ["-xzf", path.join(out1, tarball(target)), "-C", dir]);
    const top = path.join(dir, `codex-litellm-${VERSION}-${target}`);
    const manifest = JSON.parse(readFileSync(path.join(top, "MANIFEST.json"), "utf8")) as Manifest;
    expect(manifest).toMatchObject({
      name: "codex-litellm",
      version: VERSION,
      target,
      arch: target.replace("linux-", ""),
      node: JSON.parse(readFileSync(path.join(REPO, "package.json"), "utf8")).engines.node,
      entry: "bin/codex-litellm",
      sourceDateEpoch: COMMIT_EPOCH,
    });
    expect(manifest.note).toMatch(/same for every target/);
    const files = listAll(top).filter(
      (p) => !p.endsWith("MANIFEST.json") && !statSync(path.join(top, p)).isDirectory(),
    );
    expect(manifest.files.map((f) => f.path).sort()).toEqual(files.sort());
    for (const f of manifest.files) {
      const data = readFileSync(path.join(top, f.path));
      expect(f.sha256).toBe(createHash("sha256").update(data).digest("hex"));
      expect(f.size).toBe(data.length);
      expect(f.mode).toBe(f.path === "bin/codex-litellm" ? "0755" : "0644");
    }
    expect(JSON.parse(readFileSync(path.join(top, "lib/codex-litellm/package.json"), "utf8")).type).toBe("module");
  });

  it("the tarballs differ only in name and manifest: same payload for every target", () => {
    const payloads = TARGETS.map((target) => {
      const dir = tempDir();
      ok("tar", ["-xzf", path.join(out1, tarball(target)), "-C", dir]);
      const manifest = JSON.parse(
        readFileSync(path.join(dir, `codex-litellm-${VERSION}-${target}`, "MANIFEST.json"), "utf8"),
      ) as Manifest;
      return manifest.files;
    });
    expect(payloads[0]).toEqual(payloads[1]);
  });

  it("the extracted launcher runs with node: --version, --help (loads the chunks), from a symlink, from any cwd", () => {
    const dir = tempDir();
    ok("tar", ["-xzf", path.join(out1, tarball("linux-x86_64")), "-C", dir]);
    const launcher = path.join(dir, `codex-litellm-${VERSION}-linux-x86_64`, "bin", "codex-litellm");
    expect(readFileSync(launcher, "utf8").split("\n")[0]).toBe("#!/usr/bin/env node");
    expect(ok(launcher, ["--version"], { cwd: "/" })).toMatch(VERSION_LINE);
    expect(ok("node", [launcher, "--version"], { cwd: dir })).toMatch(VERSION_LINE);
    expect(ok(launcher, ["--help"], { cwd: dir })).toMatch(/^Usage: codex-litellm /);
    const linkDir = path.join(dir, "elsewhere", "bin");
    mkdirSync(linkDir, { recursive: true });
    ok("ln", ["-s", launcher, path.join(linkDir, "codex-litellm")]);
    expect(ok(path.join(linkDir, "codex-litellm"), ["--version"], { cwd: "/" })).toMatch(VERSION_LINE);
  });

  it("the launcher refuses a Node.js older than package.json's engines, in one line", () => {
    const dir = tempDir();
    ok("tar", ["-xzf", path.join(out1, tarball("linux-x86_64")), "-C", dir]);
    const launcher = path.join(dir, `codex-litellm-${VERSION}-linux-x86_64`, "bin", "codex-litellm");
    // OpenWrt 23.05's node is 18.20.6: pretend to be it.
    const preload = path.join(dir, "node18.cjs");
    writeFileSync(
      preload,
      'Object.defineProperty(process, "versions", { value: { ...process.versions, node: "18.20.6" } });\n',
    );
    const r = run("node", ["-r", preload, launcher, "--version"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    const need = /\d+/.exec(JSON.parse(readFileSync(path.join(REPO, "package.json"), "utf8")).engines.node)![0];
    expect(r.stderr).toBe(`codex-litellm: needs Node.js ${need} or newer; this is Node.js 18.20.6\n`);
  });
});

describe("build.sh reproducibility", () => {
  it("two builds of the same tree give byte-identical tarballs and SHA256SUMS (other dir, cwd, umask)", () => {
    expect(readFileSync(path.join(out2, "SHA256SUMS"), "utf8")).toBe(
      readFileSync(path.join(out1, "SHA256SUMS"), "utf8"),
    );
    for (const t of TARGETS)
      expect(readFileSync(path.join(out2, tarball(t))).equals(readFileSync(path.join(out1, tarball(t))))).toBe(true);
  });

  it("SOURCE_DATE_EPOCH from the environment wins over the commit time", () => {
    const out = path.join(tempDir(), "a");
    ok(path.join(repo, "scripts/build.sh"), ["--output", out, "--dist", path.join(repo, "dist"), "linux-aarch64"], {
      cwd: repo,
      env: cleanEnv({ SOURCE_DATE_EPOCH: "1700000000" }),
    });
    expect(readdirSync(out).sort()).toEqual([tarball("linux-aarch64"), "SHA256SUMS"].sort());
    const times = ok("tar", ["-tvzf", path.join(out, tarball("linux-aarch64")), "--full-time"], {
      env: cleanEnv({ TZ: "UTC" }),
    });
    expect(times).toContain("2023-11-14 22:13:20");
    expect(times).not.toContain("2026-01-01");
  });
});

describe("build.sh failures: one line, non-zero, nothing left behind", () => {
  const build = (args: string[], env: Record<string, string> = {}) =>
    run(path.join(repo, "scripts/build.sh"), args, { cwd: repo, env: cleanEnv(env) });

  it("unknown target", () => {
    const out = path.join(tempDir(), "out");
    const r = build(["--output", out, "linux-mips"]);
    expect(expectOneLineError(r)).toMatch(/^build\.sh: unknown target 'linux-mips'/);
    expect(r.code).toBe(2);
    expect(existsSync(out)).toBe(false);
  });

  it("unknown option", () => {
    expect(expectOneLineError(build(["--frobnicate"]))).toMatch(/unknown option '--frobnicate'/);
  });

  it("bad SOURCE_DATE_EPOCH", () => {
    const out = path.join(tempDir(), "out");
    const r = build(["--output", out], { SOURCE_DATE_EPOCH: "yesterday" });
    expect(expectOneLineError(r)).toMatch(/SOURCE_DATE_EPOCH must be a whole number/);
    expect(existsSync(out)).toBe(false);
  });

  it("a --dist without a bundle", () => {
    const out = path.join(tempDir(), "out");
    const r = build(["--output", out, "--dist", tempDir()]);
    expect(expectOneLineError(r)).toMatch(/no bundle in .*cli\.js missing/);
    expect(existsSync(out)).toBe(false);
  });

  it("a bundle of another version fails after work began: the work dir and the created output dir are removed, an existing one is untouched", () => {
    const fake = tempDir();
    writeFileSync(path.join(fake, "cli.js"), 'console.log("codex-litellm 9.9.9 compatible with codex-cli 0.0.0");\n');
    const parent = tempDir();
    const r = build(["--output", path.join(parent, "new", "out"), "--dist", fake]);
    expect(expectOneLineError(r)).toMatch(new RegExp(`not version ${VERSION.replace(/\./g, "\\.")} .*9\\.9\\.9`));
    expect(listAll(parent)).toEqual([]); // not even the dirs it created for --output

    const existing = tempDir();
    writeFileSync(path.join(existing, "keep.txt"), "mine\n");
    const r2 = build(["--output", existing, "--dist", fake]);
    expectOneLineError(r2);
    expect(listAll(existing)).toEqual(["keep.txt"]);
  });

  it("an output path that is a file", () => {
    const file = path.join(tempDir(), "file");
    writeFileSync(file, "x");
    chmodSync(file, 0o644);
    expect(expectOneLineError(build(["--output", file, "--dist", path.join(repo, "dist")]))).toMatch(/not a directory/);
  });
});
