// scripts/package-openwrt.sh: OpenWrt .ipk files from build.sh's tarballs, read with tar/gzip
// (Debian has no opkg): container layout, control fields, installed tree, running the
// installed program, reproducibility, and the failure rules.
import { copyFileSync, existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  SCRIPTS,
  VERSION,
  VERSION_LINE,
  cleanEnv,
  expectOneLineError,
  listAll,
  ok,
  okBuffer,
  parseControl,
  packageTarballs,
  removeTempDirs,
  SDE,
  run,
  tarVerbose,
  tempDir,
} from "./helpers.js";

const ARCHES = ["x86_64", "aarch64_generic"] as const;
const ipkName = (arch: string) => `codex-litellm_${VERSION}_${arch}.ipk`;
const openwrt = (args: string[], env: Record<string, string> = {}) =>
  run(path.join(SCRIPTS, "package-openwrt.sh"), args, { env: cleanEnv(env) }); // SOURCE_DATE_EPOCH: the tarballs'

let tarballs: string; // build.sh output (the package script's input)
let out: string;
let stdout: string;

beforeAll(() => void ({ tarballs, out, stdout } = packageTarballs("package-openwrt.sh", "ipk")));
afterAll(removeTempDirs);

const ipk = (arch: string) => path.join(out, ipkName(arch));
const member = (arch: string, name: string) => okBuffer("tar", ["-xOzf", ipk(arch), name]);

describe("package-openwrt.sh", () => {
  it("writes codex-litellm_<version>_x86_64.ipk and _aarch64_generic.ipk and prints their paths", () => {
    expect(readdirSync(out).sort()).toEqual(ARCHES.map(ipkName).sort());
    expect(stdout.trim().split("\n")).toEqual(ARCHES.map(ipk));
  });

  it.each(ARCHES)(
    "%s: gzip'd tar of ./debian-binary, ./data.tar.gz, ./control.tar.gz in that order, root-owned",
    (arch) => {
      expect(readFileSync(ipk(arch)).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
      const entries = tarVerbose(ok("tar", ["-tvzf", ipk(arch), "--numeric-owner"]));
      expect(entries.map((e) => e.path)).toEqual(["./debian-binary", "./data.tar.gz", "./control.tar.gz"]);
      for (const e of entries) expect([e.mode, e.owner]).toEqual(["-rw-r--r--", "0/0"]);
      expect(member(arch, "./debian-binary").toString()).toBe("2.0\n");
      // Both inner archives are gzip'd tars too.
      expect(member(arch, "./data.tar.gz").subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
      expect(member(arch, "./control.tar.gz").subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    },
  );

  it.each(ARCHES)(
    "%s: control has the fields opkg and OpenWrt use, with Installed-Size = bytes of the data tar",
    (arch) => {
      const controlTar = member(arch, "./control.tar.gz");
      expect(ok("tar", ["-tzf", "-"], { input: controlTar }).trim().split("\n")).toEqual(["./", "./control"]);
      const control = parseControl(okBuffer("tar", ["-xOzf", "-", "./control"], undefined, controlTar).toString());
      expect(control).toMatchObject({
        Package: "codex-litellm",
        Version: VERSION,
        Depends: "node",
        Section: "utils",
        Architecture: arch,
        License: "Apache-2.0",
        SourceDateEpoch: SDE,
      });
      expect(control.Maintainer).toMatch(/\S/);
      expect(control.Description).toMatch(/LiteLLM/);
      expect(Number(control["Installed-Size"])).toBe(gunzipSync(member(arch, "./data.tar.gz")).length);
      for (const field of [
        "Package",
        "Version",
        "Depends",
        "Section",
        "Architecture",
        "Installed-Size",
        "Maintainer",
        "License",
        "Description",
      ]) {
        expect(control[field], field).toBeTruthy();
      }
    },
  );

  it.each(ARCHES)(
    "%s: data installs /usr/bin/codex-litellm (0755) and the bundle under /usr/lib/codex-litellm, all root-owned",
    (arch) => {
      const listing = ok("tar", ["-tvzf", "-", "--numeric-owner"], { input: member(arch, "./data.tar.gz") });
      const entries = tarVerbose(listing);
      const paths = entries.map((e) => e.path);
      expect(paths.every((p) => p === "./" || p.startsWith("./usr/"))).toBe(true);
      expect(entries.find((e) => e.path === "./usr/bin/codex-litellm")).toEqual({
        mode: "-rwxr-xr-x",
        owner: "0/0",
        path: "./usr/bin/codex-litellm",
      });
      for (const p of [
        "./usr/lib/codex-litellm/cli.js",
        "./usr/lib/codex-litellm/package.json",
        "./usr/share/doc/codex-litellm/LICENSE",
      ]) {
        expect(paths).toContain(p);
      }
      expect(paths.some((p) => /^\.\/usr\/lib\/codex-litellm\/chunks\/.+\.js$/.test(p))).toBe(true);
      for (const e of entries) expect(e.owner).toBe("0/0");
      // Every mtime is the tarballs' SOURCE_DATE_EPOCH (read from their MANIFEST.json).
      const times = ok("tar", ["-tvzf", "-", "--full-time"], {
        input: member(arch, "./data.tar.gz"),
        env: cleanEnv({ TZ: "UTC" }),
      });
      for (const line of times.trim().split("\n")) expect(line).toContain("2026-01-01 00:00:00");
    },
  );

  it.each(ARCHES)("%s: unpacked into a temp root, the installed program runs with node", (arch) => {
    const root = tempDir("cl-ipk-root-");
    ok("tar", ["-xzf", "-", "-C", root], { input: member(arch, "./data.tar.gz") });
    const bin = path.join(root, "usr/bin/codex-litellm");
    expect(statSync(bin).mode & 0o777).toBe(0o755);
    expect(readFileSync(bin, "utf8").split("\n")[0]).toBe("#!/usr/bin/env node");
    expect(ok("node", [bin, "--version"], { cwd: root })).toMatch(VERSION_LINE);
    // Through its shebang (env finds node on PATH, as /usr/bin/node on the router).
    expect(ok(bin, ["--version"], { cwd: "/" })).toMatch(VERSION_LINE);
    expect(ok(bin, ["--help"], { cwd: root })).toMatch(/^Usage: codex-litellm /);
  });

  it("is reproducible: packaging again gives identical bytes", () => {
    const again = path.join(tempDir(), "again");
    ok(
      path.join(SCRIPTS, "package-openwrt.sh"),
      ["--version", VERSION, "--input", tarballs, "--output", again, "aarch64_generic"],
      {
        env: cleanEnv({ SOURCE_DATE_EPOCH: SDE }),
      },
    );
    expect(
      readFileSync(path.join(again, ipkName("aarch64_generic"))).equals(readFileSync(ipk("aarch64_generic"))),
    ).toBe(true);
  });

  it("can also target a per-CPU architecture such as aarch64_cortex-a53; SOURCE_DATE_EPOCH from the env wins", () => {
    const dir = path.join(tempDir(), "a53");
    ok(
      path.join(SCRIPTS, "package-openwrt.sh"),
      ["--version", VERSION, "--input", tarballs, "--output", dir, "aarch64_cortex-a53"],
      {
        env: cleanEnv({ SOURCE_DATE_EPOCH: "1700000000" }),
      },
    );
    expect(readdirSync(dir)).toEqual([ipkName("aarch64_cortex-a53")]);
    const controlTar = okBuffer("tar", ["-xOzf", path.join(dir, ipkName("aarch64_cortex-a53")), "./control.tar.gz"]);
    const control = parseControl(okBuffer("tar", ["-xOzf", "-", "./control"], undefined, controlTar).toString());
    expect(control.Architecture).toBe("aarch64_cortex-a53");
    expect(control.SourceDateEpoch).toBe("1700000000");
  });
});

describe("package-openwrt.sh failures: one line, non-zero, nothing left behind", () => {
  it("unknown architecture", () => {
    const dest = path.join(tempDir(), "out");
    const r = openwrt(["--version", VERSION, "--input", tarballs, "--output", dest, "mips_24kc"]);
    expect(expectOneLineError(r)).toMatch(/^package-openwrt\.sh: unknown OpenWrt architecture 'mips_24kc'/);
    expect(existsSync(dest)).toBe(false);
  });

  it("missing tarball", () => {
    const dest = path.join(tempDir(), "out");
    const r = openwrt(["--version", VERSION, "--input", tempDir(), "--output", dest]);
    expect(expectOneLineError(r)).toMatch(/missing release tarball for x86_64: .*linux-x86_64\.tar\.gz/);
    expect(existsSync(dest)).toBe(false);
  });

  it("one of two tarballs missing: not even the first package is written", () => {
    const input = tempDir();
    copyFileSync(
      path.join(tarballs, `codex-litellm-${VERSION}-linux-x86_64.tar.gz`),
      path.join(input, `codex-litellm-${VERSION}-linux-x86_64.tar.gz`),
    );
    const dest = tempDir();
    writeFileSync(path.join(dest, "keep.txt"), "mine\n");
    const r = openwrt(["--version", VERSION, "--input", input, "--output", dest]);
    expect(expectOneLineError(r)).toMatch(/missing release tarball for aarch64_generic/);
    expect(listAll(dest)).toEqual(["keep.txt"]);
  });

  it("a version with no tarballs", () => {
    const dest = path.join(tempDir(), "out");
    expect(expectOneLineError(openwrt(["--version", "9.9.9", "--input", tarballs, "--output", dest]))).toMatch(
      /9\.9\.9/,
    );
    expect(existsSync(dest)).toBe(false);
  });

  it("a tampered tarball (file does not match MANIFEST.json) fails after work began and leaves nothing", () => {
    const work = tempDir();
    const target = "linux-x86_64";
    ok("tar", ["-xzf", path.join(tarballs, `codex-litellm-${VERSION}-${target}.tar.gz`), "-C", work]);
    const top = `codex-litellm-${VERSION}-${target}`;
    writeFileSync(path.join(work, top, "lib/codex-litellm/cli.js"), "console.log('not the real bundle');\n");
    const input = tempDir();
    ok("tar", ["-czf", path.join(input, `${top}.tar.gz`), "-C", work, top]);
    const dest = path.join(tempDir(), "out");
    const r = openwrt(["--version", VERSION, "--input", input, "--output", dest, "x86_64"]);
    expect(expectOneLineError(r)).toMatch(/cli\.js does not match its sha256 in MANIFEST\.json/);
    expect(existsSync(dest)).toBe(false);
  });

  it("unknown option", () => {
    const r = openwrt(["--arch", "x86_64"]);
    expect(expectOneLineError(r)).toMatch(/unknown option '--arch'/);
    expect(r.code).toBe(2);
  });
});
