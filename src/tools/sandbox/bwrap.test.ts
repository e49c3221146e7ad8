// Real sandbox tests: commands run under bubblewrap and must be stopped by it.

import { mkdirSync, mkdtempSync, readFileSync, existsSync, rmSync, symlinkSync, writeFileSync, realpathSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { runCommand, type RunCommandResult } from "../exec/runner.js";
import { buildBwrapArgs } from "./bwrap.js";
import { detectSandbox } from "./detect.js";
import type { SandboxPolicy } from "./policy.js";

const detection = detectSandbox();
const hasBwrap = detection.kind === "bwrap";
if (!hasBwrap) console.warn(`bwrap sandbox tests skipped: ${detection.reason}`);

// CI installs bubblewrap and sets REQUIRE_SANDBOX=1: there the real-sandbox tests may not skip.
it.runIf(process.env.REQUIRE_SANDBOX === "1")("a working bwrap sandbox is available (REQUIRE_SANDBOX=1)", () => {
  expect(detection.reason).toBe(detection.kind === "bwrap" ? detection.reason : "bwrap available");
  expect(detection.kind).toBe("bwrap");
});

// The workspace must not live under /tmp, which workspace-write makes writable.
let base = "";
let ws = "";
let outside = "";
let env: Record<string, string> = {};
const tmpProbe = `/tmp/codex-litellm-sbx-probe-${process.pid}`;

beforeAll(() => {
  base = realpathSync(mkdtempSync("/var/tmp/codex-litellm-sbx-"));
  ws = path.join(base, "ws");
  outside = path.join(base, "outside");
  mkdirSync(path.join(ws, ".git"), { recursive: true });
  writeFileSync(path.join(ws, ".git", "HEAD"), "ref: refs/heads/main\n");
  mkdirSync(path.join(ws, ".codex"));
  mkdirSync(outside);
  symlinkSync(outside, path.join(ws, "escape"));
  env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: base, LANG: "C" };
});

afterAll(() => {
  if (base) rmSync(base, { recursive: true, force: true });
  rmSync(tmpProbe, { force: true });
});

const WS: SandboxPolicy = { type: "workspace-write", writable_roots: [], network_access: false, exclude_tmpdir_env_var: true, exclude_slash_tmp: false };
const RO: SandboxPolicy = { type: "read-only" };
const FULL: SandboxPolicy = { type: "danger-full-access" };

function sh(script: string, policy: SandboxPolicy, extraEnv: Record<string, string> = {}): Promise<RunCommandResult> {
  return runCommand({ argv: ["bash", "-c", script], cwd: ws, env: { ...env, ...extraEnv }, sandboxPolicy: policy, timeoutMs: 10_000 });
}

describe.skipIf(!hasBwrap)("workspace-write under bwrap", () => {
  it("can write in cwd and in /tmp", async () => {
    const r = await sh(`echo inside > ws-file && echo tmp > ${tmpProbe} && cat ws-file ${tmpProbe}`, WS);
    expect(r.sandbox).toBe("bwrap");
    expect(r.stderr).toBe("");
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe("inside\ntmp\n");
    expect(readFileSync(path.join(ws, "ws-file"), "utf8")).toBe("inside\n");
    expect(readFileSync(tmpProbe, "utf8")).toBe("tmp\n");
  });

  it("cannot write outside the writable roots (a sibling directory)", async () => {
    const r = await sh(`echo nope > ${outside}/file`, WS);
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toMatch(/Read-only file system/);
    expect(r.sandboxDenied).toBe(true);
    expect(existsSync(path.join(outside, "file"))).toBe(false);
  });

  it("cannot write into <cwd>/.git or <cwd>/.codex", async () => {
    const r = await sh("echo evil > .git/HEAD", WS);
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toMatch(/Read-only file system/);
    expect(readFileSync(path.join(ws, ".git", "HEAD"), "utf8")).toBe("ref: refs/heads/main\n");
    const r2 = await sh("touch .git/new-file || exit 9; touch .codex/config.toml || exit 8", WS);
    expect(r2.exitCode).toBe(9);
    expect(existsSync(path.join(ws, ".git", "new-file"))).toBe(false);
    const r3 = await sh("touch .codex/config.toml", WS);
    expect(r3.exitCode).not.toBe(0);
    expect(existsSync(path.join(ws, ".codex", "config.toml"))).toBe(false);
  });

  it("cannot escape through a symlink in cwd that points outside", async () => {
    const r = await sh("echo nope > escape/via-link", WS);
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toMatch(/Read-only file system/);
    expect(existsSync(path.join(outside, "via-link"))).toBe(false);
  });

  it("cannot reach the network, not even a TCP server on the host's 127.0.0.1", async () => {
    const server = net.createServer((s) => {
      s.on("error", () => {}); // the client hangs up after reading
      s.end("hello\n");
    });
    let connections = 0;
    server.on("connection", () => connections++);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as net.AddressInfo).port;
    const probe = `exec 3<>/dev/tcp/127.0.0.1/${port} && head -c 5 <&3`;
    try {
      const inside = await sh(probe, WS);
      expect(inside.exitCode).not.toBe(0);
      expect(inside.stdout).toBe("");
      expect(connections).toBe(0);
      const env2 = await sh("echo ${CODEX_SANDBOX_NETWORK_DISABLED-unset}", WS);
      expect(env2.stdout).toBe("1\n");

      const outsideRun = await sh(probe, FULL);
      expect(outsideRun.exitCode).toBe(0);
      expect(outsideRun.stdout).toBe("hello");
      expect(connections).toBe(1);

      const allowed = await sh(probe, { ...WS, network_access: true } as SandboxPolicy);
      expect(allowed.exitCode).toBe(0);
      expect(allowed.stdout).toBe("hello");
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it("cannot see or signal host processes (own PID namespace)", async () => {
    const r = await sh(`kill -0 ${process.pid} 2>&1; echo rc=$?`, WS);
    expect(r.stdout).toMatch(/rc=1/);
  });

  it("honours configured writable_roots, $TMPDIR and the exclusions", async () => {
    const extra = path.join(base, "extra");
    const tmpdir = path.join(base, "tmpdir");
    mkdirSync(extra);
    mkdirSync(tmpdir);
    const withExtra = await sh(`touch ${extra}/ok`, { ...WS, writable_roots: [extra] } as SandboxPolicy);
    expect(withExtra.exitCode).toBe(0);
    expect(existsSync(path.join(extra, "ok"))).toBe(true);

    const tmpdirAllowed = await sh(`touch "$TMPDIR/ok"`, { ...WS, exclude_tmpdir_env_var: false } as SandboxPolicy, { TMPDIR: tmpdir });
    expect(tmpdirAllowed.exitCode).toBe(0);
    const tmpdirExcluded = await sh(`touch "$TMPDIR/no"`, WS, { TMPDIR: tmpdir });
    expect(tmpdirExcluded.exitCode).not.toBe(0);
    expect(existsSync(path.join(tmpdir, "no"))).toBe(false);

    const noSlashTmp = await sh(`touch ${tmpProbe}-excluded`, { ...WS, exclude_slash_tmp: true } as SandboxPolicy);
    expect(noSlashTmp.exitCode).not.toBe(0);
    expect(existsSync(`${tmpProbe}-excluded`)).toBe(false);
  });

  it("binds a writable root given through a symlink at its real location", async () => {
    const real = path.join(base, "real-root");
    const link = path.join(base, "link-root");
    mkdirSync(real);
    symlinkSync(real, link);
    const r = await sh(`touch ${link}/through-link && touch ${real}/direct`, { ...WS, writable_roots: [link] } as SandboxPolicy);
    expect(r.exitCode).toBe(0);
    expect(existsSync(path.join(real, "through-link"))).toBe(true);
  });

  it("protects the gitdir a worktree's .git file points at", async () => {
    const wt = path.join(base, "worktree");
    const gitdir = path.join(base, "extra-gitdir");
    mkdirSync(wt);
    mkdirSync(gitdir);
    writeFileSync(path.join(wt, ".git"), `gitdir: ${gitdir}\n`);
    const policy = { ...WS, writable_roots: [wt, gitdir] } as SandboxPolicy;
    const r = await runCommand({ argv: ["bash", "-c", `touch ok && touch ${gitdir}/HEAD`], cwd: wt, env, sandboxPolicy: policy });
    expect(existsSync(path.join(wt, "ok"))).toBe(true);
    expect(r.exitCode).not.toBe(0);
    expect(existsSync(path.join(gitdir, "HEAD"))).toBe(false);
  });
});

describe.skipIf(!hasBwrap)("read-only under bwrap", () => {
  it("cannot write anywhere: not cwd, not /tmp", async () => {
    const r = await sh("echo x > ro-file", RO);
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toMatch(/Read-only file system/);
    expect(r.sandboxDenied).toBe(true);
    const r2 = await sh(`echo x > ${tmpProbe}-ro`, RO);
    expect(r2.exitCode).not.toBe(0);
    expect(existsSync(path.join(ws, "ro-file"))).toBe(false);
    expect(existsSync(`${tmpProbe}-ro`)).toBe(false);
  });

  it("can still read, and write to /dev/null", async () => {
    const r = await sh("cat .git/HEAD && echo gone > /dev/null && echo ok", RO);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe("ref: refs/heads/main\nok\n");
  });

  it("runs as root without capabilities, so it cannot remount / read-write", async () => {
    if (process.getuid?.() !== 0) return;
    const r = await sh(`mount -o remount,rw,bind / 2>&1; echo x > ${outside}/after-remount`, RO);
    expect(r.exitCode).not.toBe(0);
    expect(existsSync(path.join(outside, "after-remount"))).toBe(false);
  });
});

describe.skipIf(!hasBwrap)("danger-full-access", () => {
  it("runs unsandboxed and can write anywhere", async () => {
    const r = await sh(`echo yes > ${outside}/full && echo t > ${tmpProbe}-full && cat ${outside}/full`, FULL);
    expect(r.sandbox).toBe("none");
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe("yes\n");
    expect(existsSync(`${tmpProbe}-full`)).toBe(true);
    rmSync(`${tmpProbe}-full`, { force: true });
  });
});

describe("buildBwrapArgs", () => {
  it("orders the mounts: read-only root, /dev, writable roots, then protected subpaths", () => {
    if (!base) return;
    const args = buildBwrapArgs(["echo", "hi"], WS, ws, { dropCapabilities: true, env: {} });
    const text = args.join(" ");
    expect(args.slice(0, 4)).toEqual(["--new-session", "--die-with-parent", "--cap-drop", "ALL"]);
    expect(text).toContain("--ro-bind / / --dev /dev");
    expect(text).toContain(`--bind ${ws} ${ws}`);
    expect(text).toContain(`--bind /tmp /tmp`);
    expect(text.indexOf(`--ro-bind ${ws}/.git ${ws}/.git`)).toBeGreaterThan(text.indexOf(`--bind /tmp /tmp`));
    expect(text).toContain(`--ro-bind ${ws}/.codex ${ws}/.codex`);
    expect(text).toContain("--unshare-pid --unshare-net --proc /proc");
    expect(args.slice(-5)).toEqual(["--chdir", ws, "--", "echo", "hi"]);
  });

  it("read-only binds nothing writable; network access drops --unshare-net; mountProc can be off", () => {
    const ro = buildBwrapArgs(["true"], RO, "/", { dropCapabilities: false, mountProc: false, env: {} });
    expect(ro).toEqual(["--new-session", "--die-with-parent", "--ro-bind", "/", "/", "--dev", "/dev", "--unshare-pid", "--unshare-net", "--chdir", "/", "--", "true"]);
    const net = buildBwrapArgs(["true"], { type: "read-only", network_access: true }, "/", { dropCapabilities: false, env: {} });
    expect(net).not.toContain("--unshare-net");
  });

  it("refuses unrestricted policies and empty commands", () => {
    expect(() => buildBwrapArgs(["true"], FULL, "/")).toThrow(/restricted/);
    expect(() => buildBwrapArgs([], RO, "/")).toThrow(/empty/);
  });
});
