// scripts/package-termux.sh: Termux .deb files from build.sh's tarballs, checked with dpkg-deb:
// fields, contents, ar layout, installing into a temp root (`dpkg-deb -x`) and running the
// installed program, reproducibility, and the failure rules.
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  NODE_BIN_DIR,
  SCRIPTS,
  TERMUX_PREFIX,
  VERSION,
  VERSION_LINE,
  arMembers,
  cleanEnv,
  expectOneLineError,
  ok,
  parseControl,
  packageTarballs,
  removeTempDirs,
  SDE,
  run,
  tempDir,
} from "./helpers.js";

const ARCHES = ["x86_64", "aarch64"] as const;
const debName = (arch: string) => `codex-litellm_${VERSION}_${arch}.deb`;
const termux = (args: string[], env: Record<string, string> = {}) =>
  run(path.join(SCRIPTS, "package-termux.sh"), args, { env: cleanEnv(env) }); // SOURCE_DATE_EPOCH: the tarballs'

let tarballs: string;
let out: string;
let stdout: string;

beforeAll(() => void ({ tarballs, out, stdout } = packageTarballs("package-termux.sh", "deb")));
afterAll(removeTempDirs);

const deb = (arch: string) => path.join(out, debName(arch));

describe("package-termux.sh", () => {
  it("writes codex-litellm_<version>_x86_64.deb and _aarch64.deb and prints their paths", () => {
    expect(readdirSync(out).sort()).toEqual(ARCHES.map(debName).sort());
    expect(stdout.trim().split("\n")).toEqual(ARCHES.map(deb));
  });

  it.each(ARCHES)("%s: dpkg-deb --info shows Termux's fields", (arch) => {
    const info = ok("dpkg-deb", ["--info", deb(arch)]);
    expect(info).toMatch(/new Debian package, version 2\.0/);
    const control = parseControl(ok("dpkg-deb", ["--field", deb(arch)]));
    expect(control).toMatchObject({
      Package: "codex-litellm",
      Version: VERSION,
      Architecture: arch,
      Depends: "nodejs | nodejs-lts",
    });
    expect(control.Maintainer).toMatch(/\S/);
    expect(control.Description).toMatch(/LiteLLM/);
    expect(Number(control["Installed-Size"])).toBeGreaterThan(100);
    // Termux's field order (termux_step_create_debian_package.sh).
    const order = Object.keys(control).filter((k) =>
      ["Package", "Architecture", "Installed-Size", "Maintainer", "Version", "Depends", "Description"].includes(k),
    );
    expect(order).toEqual([
      "Package",
      "Architecture",
      "Installed-Size",
      "Maintainer",
      "Version",
      "Depends",
      "Description",
    ]);
  });

  it.each(ARCHES)("%s: ar members debian-binary, control.tar.xz, data.tar.xz", (arch) => {
    expect(arMembers(readFileSync(deb(arch)))).toEqual(["debian-binary", "control.tar.xz", "data.tar.xz"]);
  });

  it.each(ARCHES)(
    "%s: dpkg-deb --contents: launcher 0755 root/root under Termux's prefix, bundle in usr/lib, docs in usr/share/doc",
    (arch) => {
      const lines = ok("dpkg-deb", ["--contents", deb(arch)])
        .trim()
        .split("\n");
      const entries = lines.map((l) => {
        const parts = l.trim().split(/\s+/);
        return { mode: parts[0]!, owner: parts[1]!, path: parts[parts.length - 1]! };
      });
      const prefix = `.${TERMUX_PREFIX}`;
      for (const e of entries) {
        expect(e.owner).toBe("root/root");
        expect(`${prefix}/`.startsWith(e.path) || e.path.startsWith(`${prefix}/`), e.path).toBe(true);
      }
      expect(entries.find((e) => e.path === `${prefix}/bin/codex-litellm`)?.mode).toBe("-rwxr-xr-x");
      const paths = entries.map((e) => e.path);
      for (const p of [
        "lib/codex-litellm/cli.js",
        "lib/codex-litellm/package.json",
        "share/doc/codex-litellm/README.md",
        "share/doc/codex-litellm/LICENSE",
      ]) {
        expect(paths).toContain(`${prefix}/${p}`);
      }
      expect(paths.some((p) => p.startsWith(`${prefix}/lib/codex-litellm/chunks/`) && p.endsWith(".js"))).toBe(true);
      // Every mtime is the tarballs' SOURCE_DATE_EPOCH (read from their MANIFEST.json).
      for (const line of ok("dpkg-deb", ["--contents", deb(arch)], { env: cleanEnv({ TZ: "UTC" }) })
        .trim()
        .split("\n")) {
        expect(line).toContain("2026-01-01 00:00");
      }
    },
  );

  it.each(ARCHES)("%s: installed into a temp root (dpkg-deb -x), the program runs with node", (arch) => {
    const root = tempDir("cl-deb-root-");
    ok("dpkg-deb", ["-x", deb(arch), root]);
    const bin = path.join(root, TERMUX_PREFIX, "bin/codex-litellm");
    expect(statSync(bin).mode & 0o777).toBe(0o755);
    const text = readFileSync(bin, "utf8");
    expect(text.split("\n")[0]).toBe(`#!${TERMUX_PREFIX}/bin/node`);
    expect(ok("node", [bin, "--version"], { cwd: root })).toMatch(VERSION_LINE);
    // Run it through its shebang: rewrite only the Termux prefix to this machine's node dir.
    writeFileSync(bin, text.replace(`#!${TERMUX_PREFIX}/bin/node`, `#!${NODE_BIN_DIR}/node`));
    const termuxEnv = cleanEnv({ PREFIX: path.join(root, TERMUX_PREFIX), TERMUX_VERSION: "0.118.0" });
    expect(ok(bin, ["--version"], { cwd: "/", env: termuxEnv })).toMatch(VERSION_LINE);
    expect(ok(bin, ["--help"], { cwd: root, env: termuxEnv })).toMatch(/^Usage: codex-litellm /);
  });

  it("is reproducible: packaging again gives identical bytes", () => {
    const again = path.join(tempDir(), "again");
    ok(
      path.join(SCRIPTS, "package-termux.sh"),
      ["--version", VERSION, "--input", tarballs, "--output", again, "aarch64"],
      {
        env: cleanEnv({ SOURCE_DATE_EPOCH: SDE }),
      },
    );
    expect(readFileSync(path.join(again, debName("aarch64"))).equals(readFileSync(deb("aarch64")))).toBe(true);
  });
});

describe("package-termux.sh failures: one line, non-zero, nothing left behind", () => {
  it("unknown architecture", () => {
    const dest = path.join(tempDir(), "out");
    const r = termux(["--version", VERSION, "--input", tarballs, "--output", dest, "arm"]);
    expect(expectOneLineError(r)).toMatch(/^package-termux\.sh: unknown Termux architecture 'arm'/);
    expect(existsSync(dest)).toBe(false);
  });

  it("missing tarball", () => {
    const dest = path.join(tempDir(), "out");
    const r = termux(["--version", VERSION, "--input", tempDir(), "--output", dest, "aarch64"]);
    expect(expectOneLineError(r)).toMatch(/missing release tarball for aarch64: .*linux-aarch64\.tar\.gz/);
    expect(existsSync(dest)).toBe(false);
  });

  it("an input directory that does not exist", () => {
    const dest = path.join(tempDir(), "out");
    const r = termux(["--input", path.join(tempDir(), "nope"), "--output", dest]);
    expect(expectOneLineError(r)).toMatch(/input directory not found/);
    expect(existsSync(dest)).toBe(false);
  });

  it("an invalid version", () => {
    expect(expectOneLineError(termux(["--version", "v1.0 beta", "--input", tarballs]))).toMatch(
      /invalid version 'v1\.0 beta'/,
    );
  });
});
