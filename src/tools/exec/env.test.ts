import { describe, expect, it } from "vitest";

import { buildCommandEnv, envPatternMatcher, type ShellEnvironmentPolicy } from "./env.js";
import { SEQUENTIAL_PROCESS_IDS_ENV } from "../unified-exec/process-ids.js";
import { adaptArgvForPlatform, defaultShell, isTermux, tempDir } from "./platform.js";

const PROCESS_ENV = {
  PATH: "/usr/bin",
  HOME: "/home/u",
  USER: "u",
  TMPDIR: "/tmp/u",
  LANG: "C.UTF-8",
  OPENAI_API_KEY: "sk-1",
  github_token: "ghp",
  AWS_SECRET_ACCESS_KEY: "s",
  MONKEY: "banana", // contains KEY
  TOKENIZERS_PARALLELISM: "false", // contains TOKEN
  DB_Password: "pw",
  GOOGLE_APPLICATION_CREDENTIALS: "/creds.json",
  gpg_private_passphrase: "pp",
  FOO: "foo",
  FOO_BAR: "fb",
  UNSET: undefined,
};

describe("buildCommandEnv", () => {
  it.each<[string, ShellEnvironmentPolicy | undefined, Record<string, string>]>([
    [
      "default: inherit all, drop *KEY*/*SECRET*/*TOKEN*/*PASSWORD*/*CREDENTIAL*/*PRIVATE* names case-insensitively",
      undefined,
      { PATH: "/usr/bin", HOME: "/home/u", USER: "u", TMPDIR: "/tmp/u", LANG: "C.UTF-8", FOO: "foo", FOO_BAR: "fb" },
    ],
    [
      "ignore_default_excludes keeps everything",
      { ignore_default_excludes: true },
      Object.fromEntries(Object.entries(PROCESS_ENV).filter(([, v]) => v !== undefined)) as Record<string, string>,
    ],
    ["inherit core", { inherit: "core" }, { PATH: "/usr/bin", HOME: "/home/u", USER: "u", TMPDIR: "/tmp/u" }],
    ["inherit none", { inherit: "none" }, {}],
    ["inherit none + set", { inherit: "none", set: { ONLY: "yes" } }, { ONLY: "yes" }],
    [
      "exclude globs (case-insensitive, whole name)",
      { exclude: ["foo*", "LAN?"] },
      { PATH: "/usr/bin", HOME: "/home/u", USER: "u", TMPDIR: "/tmp/u" },
    ],
    [
      "set wins over the default excludes",
      { inherit: "core", set: { MY_TOKEN: "t", PATH: "/opt/bin" } },
      { PATH: "/opt/bin", HOME: "/home/u", USER: "u", TMPDIR: "/tmp/u", MY_TOKEN: "t" },
    ],
    ["set wins over exclude", { inherit: "none", exclude: ["*"], set: { A: "1" } }, { A: "1" }],
    [
      "include_only applies last, even to set",
      { include_only: ["*PATH", "home"], set: { EXTRA: "x", MANPATH: "/m" } },
      { PATH: "/usr/bin", HOME: "/home/u", MANPATH: "/m" },
    ],
    ["include_only cannot bring back excluded names", { include_only: ["*KEY*"], ignore_default_excludes: false }, {}],
  ])("%s", (_name, policy, expected) => {
    expect(buildCommandEnv(policy, PROCESS_ENV)).toEqual(expected);
  });

  it("patterns: * and ? only, everything else literal", () => {
    expect(envPatternMatcher("a.b")("a.b")).toBe(true);
    expect(envPatternMatcher("a.b")("axb")).toBe(false);
    expect(envPatternMatcher("X?")("xy")).toBe(true);
    expect(envPatternMatcher("X?")("xyz")).toBe(false);
    expect(envPatternMatcher("(x)+[y]")("(X)+[Y]")).toBe(true);
  });

  it("never passes the agent's own switches, even with ignore_default_excludes; an explicit `set` still does", () => {
    const env = { PATH: "/usr/bin", [SEQUENTIAL_PROCESS_IDS_ENV]: "1" };
    expect(buildCommandEnv(undefined, env)).toEqual({ PATH: "/usr/bin" });
    expect(buildCommandEnv({ ignore_default_excludes: true }, env)).toEqual({ PATH: "/usr/bin" });
    expect(buildCommandEnv({ set: { [SEQUENTIAL_PROCESS_IDS_ENV]: "0" } }, env)).toEqual({
      PATH: "/usr/bin",
      [SEQUENTIAL_PROCESS_IDS_ENV]: "0",
    });
  });
});

describe("platform helpers", () => {
  const termux = {
    TERMUX_VERSION: "0.118.0",
    PREFIX: "/data/data/com.termux/files/usr",
    PATH: "/data/data/com.termux/files/usr/bin",
  };
  it("detects Termux from TERMUX_VERSION or a com.termux PREFIX", () => {
    expect(isTermux(termux)).toBe(true);
    expect(isTermux({ PREFIX: "/data/data/com.termux/files/usr" })).toBe(true);
    expect(isTermux({ PREFIX: "/usr/local" })).toBe(false);
    expect(isTermux({})).toBe(false);
  });

  it("uses $PREFIX/tmp and $PREFIX/bin shells on Termux", () => {
    expect(tempDir(termux)).toBe("/data/data/com.termux/files/usr/tmp");
    expect(tempDir({})).toBe("/tmp");
    expect(defaultShell(termux, () => true)).toBe("/data/data/com.termux/files/usr/bin/bash");
    expect(defaultShell(termux, () => false)).toBe("/data/data/com.termux/files/usr/bin/sh");
    expect(defaultShell({}, (p) => p === "/bin/bash")).toBe("/bin/bash");
    expect(defaultShell({}, () => false)).toBe("/bin/sh");
  });

  it("rewrites standard shell paths in argv[0] only on Termux", () => {
    expect(adaptArgvForPlatform(["/bin/bash", "-lc", "ls"], termux, () => true)).toEqual([
      "/data/data/com.termux/files/usr/bin/bash",
      "-lc",
      "ls",
    ]);
    expect(adaptArgvForPlatform(["/usr/bin/env", "python3"], termux, () => true)).toEqual([
      "/data/data/com.termux/files/usr/bin/env",
      "python3",
    ]);
    expect(adaptArgvForPlatform(["bash", "-lc", "ls"], termux, () => true)).toEqual(["bash", "-lc", "ls"]);
    expect(adaptArgvForPlatform(["/bin/bash", "-lc", "ls"], {}, () => true)).toEqual(["/bin/bash", "-lc", "ls"]);
  });

  it("where bash is missing (BusyBox), bash becomes sh from the same place", () => {
    const busybox = (p: string) => ["/bin/sh", "/usr/bin/env"].includes(p);
    const env = { PATH: "/usr/sbin:/usr/bin:/sbin:/bin" };
    expect(adaptArgvForPlatform(["bash", "-lc", "ls"], env, busybox)).toEqual(["sh", "-lc", "ls"]);
    expect(adaptArgvForPlatform(["/bin/bash", "-lc", "ls"], env, busybox)).toEqual(["/bin/sh", "-lc", "ls"]);
    expect(adaptArgvForPlatform(["/bin/sh", "-c", "ls"], env, busybox)).toEqual(["/bin/sh", "-c", "ls"]);
    const withBash = (p: string) => p === "/usr/bin/bash" || busybox(p);
    expect(adaptArgvForPlatform(["bash", "-lc", "ls"], env, withBash)).toEqual(["bash", "-lc", "ls"]);
    expect(adaptArgvForPlatform(["/bin/bash", "-lc", "ls"], termux, () => false)).toEqual([
      "/data/data/com.termux/files/usr/bin/sh",
      "-lc",
      "ls",
    ]);
  });
});
