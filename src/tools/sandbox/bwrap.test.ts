// Real sandbox tests: commands run under bubblewrap and must be stopped by it.

import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  existsSync,
  rmSync,
  symlinkSync,
  writeFileSync,
  realpathSync,
} from "node:fs";
import net from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { runCommand, type RunCommandResult } from "../exec/runner.js";
import { buildBwrapArgs } from "./bwrap.js";
import { detectSandbox } from "./detect.js";
import type { SandboxPolicy } from "../../protocol/policies.js";

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
let codexHome = "";
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
  codexHome = path.join(base, "codex-home");
  mkdirSync(codexHome);
  env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: base, LANG: "C" };
});

afterAll(() => {
  if (base) rmSync(base, { recursive: true, force: true });
  rmSync(tmpProbe, { force: true });
});

const WS: SandboxPolicy = {
  type: "workspace-write",
  writable_roots: [],
  network_access: false,
  exclude_tmpdir_env_var: true,
  exclude_slash_tmp: false,
};
const RO: SandboxPolicy = { type: "read-only" };
const FULL: SandboxPolicy = { type: "danger-full-access" };

/** Runs `script` in a session at `ws` (or, with `workdir`, in another directory of that session). */
function sh(
  script: string,
  policy: SandboxPolicy,
  extraEnv: Record<string, string> = {},
  workdir = ws,
): Promise<RunCommandResult> {
  return runCommand({
    argv: ["bash", "-c", script],
    cwd: workdir,
    sandboxPolicyCwd: ws,
    codexHome,
    env: { ...env, ...extraEnv },
    sandboxPolicy: policy,
    timeoutMs: 10_000,
  });
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

    const tmpdirAllowed = await sh(`touch "$TMPDIR/ok"`, { ...WS, exclude_tmpdir_env_var: false } as SandboxPolicy, {
      TMPDIR: tmpdir,
    });
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
    const r = await sh(`touch ${link}/through-link && touch ${real}/direct`, {
      ...WS,
      writable_roots: [link],
    } as SandboxPolicy);
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
    const r = await runCommand({
      argv: ["bash", "-c", `touch ok && touch ${gitdir}/HEAD`],
      cwd: wt,
      sandboxPolicyCwd: wt,
      codexHome,
      env,
      sandboxPolicy: policy,
    });
    expect(existsSync(path.join(wt, "ok"))).toBe(true);
    expect(r.exitCode).not.toBe(0);
    expect(existsSync(path.join(gitdir, "HEAD"))).toBe(false);
  });
});

describe.skipIf(!hasBwrap)("where a fresh /proc is refused (some containers)", () => {
  it("the host's /proc is hidden, so this program's environment (the key) cannot be read", async () => {
    const noFreshProc = { ...detection, mountProc: false };
    const r = await runCommand({
      argv: ["bash", "-c", `cat /proc/${process.pid}/environ; ls /proc | wc -l`],
      cwd: ws,
      sandboxPolicyCwd: ws,
      codexHome,
      env,
      sandboxPolicy: RO,
      timeoutMs: 10_000,
      sandbox: noFreshProc,
    });
    expect(r.sandbox).toBe("bwrap");
    expect(r.stderr).toMatch(/No such file or directory/);
    expect(r.stdout.trim()).toBe("0");
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

describe.skipIf(!hasBwrap)("the session, not the command, decides what is writable", () => {
  it("a command's workdir grants nothing: /etc, /, .git, a folder outside all stay read-only", async () => {
    const etcProbe = `/etc/codex-litellm-sbx-unit-${process.pid}`;
    try {
      const attempts = [
        await sh(`echo pwn > ${path.basename(etcProbe)}`, WS, {}, "/etc"),
        await sh(`echo pwn > ${path.relative("/", outside)}/from-root`, WS, {}, "/"),
        await sh("echo pwn > hooks-pre-commit", WS, {}, path.join(ws, ".git")),
        await sh("echo pwn > here", WS, {}, outside),
      ];
      for (const r of attempts) {
        expect(r.exitCode).not.toBe(0);
        expect(r.stderr).toMatch(/Read-only file system/);
      }
      expect(existsSync(etcProbe)).toBe(false);
      expect(existsSync(path.join(outside, "from-root"))).toBe(false);
      expect(existsSync(path.join(ws, ".git", "hooks-pre-commit"))).toBe(false);
      expect(existsSync(path.join(outside, "here"))).toBe(false);
      // It does run there, and the session's workspace stays writable from it.
      const r = await sh(`pwd && echo ok > ${ws}/from-elsewhere`, WS, {}, outside);
      expect(r.stdout).toBe(`${outside}\n`);
      expect(readFileSync(path.join(ws, "from-elsewhere"), "utf8")).toBe("ok\n");
    } finally {
      rmSync(etcProbe, { force: true });
    }
  });

  it("CODEX_HOME stays read-only inside a writable root; only its config, instructions and skills are there to read", async () => {
    const home = path.join(ws, "home-in-workspace", ".codex");
    mkdirSync(home, { recursive: true });
    writeFileSync(path.join(home, "config.toml"), 'sandbox_mode = "workspace-write"\n');
    writeFileSync(path.join(home, ".env"), "LITELLM_API_KEY=sk-unit-canary\n");
    writeFileSync(path.join(home, "auth.json"), '{"OPENAI_API_KEY":"auth-unit-canary"}');
    mkdirSync(path.join(home, "sessions"));
    writeFileSync(path.join(home, "sessions", "other-project.jsonl"), "transcript-canary\n");
    writeFileSync(path.join(home, "history.jsonl"), "history-canary\n");
    mkdirSync(path.join(home, "skills", "lint"), { recursive: true });
    writeFileSync(path.join(home, "skills", "lint", "SKILL.md"), "run the linter\n");
    const run = (script: string, policy: SandboxPolicy) =>
      runCommand({
        argv: ["bash", "-c", script],
        cwd: home,
        sandboxPolicyCwd: ws,
        codexHome: home,
        env,
        sandboxPolicy: policy,
      });
    const write = await run(`echo 'sandbox_mode = "danger-full-access"' >> config.toml`, WS);
    expect(write.exitCode).not.toBe(0);
    expect(write.stderr).toMatch(/Read-only file system/);
    expect(readFileSync(path.join(home, "config.toml"), "utf8")).toBe('sandbox_mode = "workspace-write"\n');
    for (const policy of [WS, RO]) {
      const read = await run(
        "cat .env auth.json history.jsonl sessions/other-project.jsonl 2>&1; echo status=$?",
        policy,
      );
      expect(read.stdout, policy.type).toBe(
        [".env", "auth.json", "history.jsonl", "sessions/other-project.jsonl"]
          .map((f) => `cat: ${f}: No such file or directory\n`)
          .join("") + "status=1\n",
      );
      const shown = await run("ls -A; cat config.toml skills/lint/SKILL.md", policy);
      expect(shown.stdout, policy.type).toBe('config.toml\nskills\nsandbox_mode = "workspace-write"\nrun the linter\n');
    }
    expect(readFileSync(path.join(home, ".env"), "utf8")).toContain("sk-unit-canary");
    const writeSecret = await run("echo LITELLM_API_KEY=x > .env", WS);
    expect(writeSecret.exitCode).not.toBe(0);
  });
});

describe.skipIf(!hasBwrap)("the seccomp filter (network off)", () => {
  const connectUnix = (socket: string) =>
    `python3 -c 'import socket, sys
s = socket.socket(socket.AF_UNIX)
try:
    s.connect(sys.argv[1]); print("CONNECTED", s.recv(5))
except OSError as e:
    print("refused:", e)' ${socket}`;

  it("refuses connect() to a Unix socket of the host; allows it with network access", async () => {
    const socket = path.join(base, "host.sock");
    let connections = 0;
    const server = net.createServer((c) => {
      connections++;
      c.on("error", () => {});
      c.end("hello");
    });
    await new Promise<void>((resolve) => server.listen(socket, resolve));
    try {
      for (const policy of [WS, RO]) {
        const r = await sh(connectUnix(socket), policy);
        expect(r.stdout).toBe("refused: [Errno 1] Operation not permitted\n");
      }
      expect(connections).toBe(0);
      const allowed = await sh(connectUnix(socket), { ...WS, network_access: true } as SandboxPolicy);
      expect(allowed.stdout).toBe("CONNECTED b'hello'\n");
      expect(connections).toBe(1);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it("is installed (Seccomp: 2), refuses IP sockets, and leaves local socketpairs and ordinary tools working", async () => {
    const r = await sh(
      `grep '^Seccomp:' /proc/self/status; python3 -c 'import socket
a, b = socket.socketpair(); a.send(b"x"); print("pair", b.recv(1))
try:
    socket.socket(socket.AF_INET6)
except OSError as e:
    print("inet6:", e)'; node -e 'console.log("node", require("child_process").execFileSync("git", ["--version"]).toString().trim())'`,
      WS,
    );
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/^Seccomp:\t2\npair b'x'\ninet6: \[Errno 1\] Operation not permitted\nnode git version /);
  });

  it("kills a syscall made through the i386 ABI (int 0x80), which would bypass a filter on x86_64 numbers", async (ctx) => {
    if (process.arch !== "x64") ctx.skip();
    // socket(AF_INET, SOCK_STREAM) as i386 syscall 359, from machine code run through ctypes.
    const probe = `python3 -c 'import ctypes, mmap
code = bytes([0x53, 0xb8, 0x67, 0x01, 0, 0, 0xbb, 2, 0, 0, 0, 0xb9, 1, 0, 0, 0, 0x31, 0xd2, 0xcd, 0x80, 0x5b, 0xc3])
m = mmap.mmap(-1, 4096, prot=mmap.PROT_READ | mmap.PROT_WRITE | mmap.PROT_EXEC)
m.write(code)
fn = ctypes.CFUNCTYPE(ctypes.c_int)(ctypes.addressof(ctypes.c_char.from_buffer(m)))
print("socket() returned", fn(), flush=True)'`;
    const unsandboxed = await sh(probe, FULL);
    // Kernels without IA-32 emulation fault on int 0x80 anyway: nothing to bypass there.
    if (!/socket\(\) returned \d+/.test(unsandboxed.stdout)) ctx.skip();
    for (const policy of [WS, RO]) {
      const r = await sh(`${probe}; echo exit=$?`, policy);
      expect(r.stdout).not.toContain("socket() returned");
      expect(r.stdout).toContain("exit=159"); // 128 + SIGSYS
    }
  });
});

describe("buildBwrapArgs", () => {
  const paths = () => ({ sessionCwd: ws, commandCwd: ws, codexHome });

  it("orders the mounts: read-only root, /dev, writable roots, then protected subpaths", () => {
    const args = buildBwrapArgs(["echo", "hi"], WS, paths(), { dropCapabilities: true, env: {}, seccomp: true });
    const text = args.join(" ");
    expect(args.slice(0, 4)).toEqual(["--new-session", "--die-with-parent", "--cap-drop", "ALL"]);
    expect(text).toContain("--ro-bind / / --dev /dev");
    expect(text).toContain(`--bind ${ws} ${ws}`);
    expect(text).toContain(`--bind /tmp /tmp`);
    expect(text.indexOf(`--ro-bind ${ws}/.git ${ws}/.git`)).toBeGreaterThan(text.indexOf(`--bind /tmp /tmp`));
    expect(text).toContain(`--ro-bind ${ws}/.codex ${ws}/.codex`);
    expect(text).toContain("--unshare-pid --unshare-net --proc /proc --seccomp 3");
    expect(args.slice(-5)).toEqual(["--chdir", ws, "--", "echo", "hi"]);
  });

  it("takes the writable roots from the session's cwd; the command's cwd only becomes --chdir", () => {
    for (const commandCwd of ["/etc", "/", path.join(ws, ".git"), codexHome]) {
      const args = buildBwrapArgs(["true"], WS, { ...paths(), commandCwd }, { env: {} });
      const binds = args.flatMap((a, i) => (a === "--bind" ? [args[i + 1]] : []));
      expect(binds.sort()).toEqual([ws, "/tmp"].sort());
      expect(args.slice(-4)).toEqual(["--chdir", commandCwd, "--", "true"]);
    }
  });

  it("hides CODEX_HOME behind a read-only tmpfs after a writable root that contains it; config.toml is bound back", () => {
    const home = path.join(ws, "nested-home");
    mkdirSync(home, { recursive: true });
    writeFileSync(path.join(home, ".env"), "K=v\n");
    writeFileSync(path.join(home, "config.toml"), "");
    const args = buildBwrapArgs(["true"], WS, { ...paths(), codexHome: home }, { env: {} }).join(" ");
    const hidden = `--tmpfs ${home} --ro-bind ${home}/config.toml ${home}/config.toml --remount-ro ${home}`;
    expect(args).toContain(hidden);
    expect(args.indexOf(hidden)).toBeGreaterThan(args.indexOf(`--bind ${ws} ${ws}`));
    expect(args).not.toContain(".env"); // hidden with the directory, which a rename over it cannot undo
    // Read-only mode hides it too.
    expect(buildBwrapArgs(["true"], RO, { ...paths(), codexHome: home }, { env: {} }).join(" ")).toContain(hidden);
  });

  it("a workspace inside CODEX_HOME stays writable; a credential file symlinked out of CODEX_HOME is covered at its target", () => {
    const home = path.join(ws, "home-with-project");
    const project = path.join(home, "projects", "app");
    mkdirSync(project, { recursive: true });
    const elsewhere = path.join(ws, "keys.env");
    writeFileSync(elsewhere, "K=v\n");
    symlinkSync(elsewhere, path.join(home, ".env"));
    const args = buildBwrapArgs(
      ["true"],
      WS,
      { sessionCwd: project, commandCwd: project, codexHome: home },
      { env: {} },
    );
    const text = args.join(" ");
    expect(text).toContain(`--dir ${project} --remount-ro ${home} --bind ${project} ${project}`);
    expect(text).toContain(`--ro-bind /dev/null ${elsewhere}`);
  });

  it("read-only binds nothing writable; network access drops --unshare-net; without a fresh /proc the host's is hidden", () => {
    const root = { sessionCwd: "/", commandCwd: "/", codexHome };
    const ro = buildBwrapArgs(["true"], RO, root, { dropCapabilities: false, mountProc: false, env: {} });
    expect(ro).toEqual([
      "--new-session",
      "--die-with-parent",
      "--ro-bind",
      "/",
      "/",
      "--dev",
      "/dev",
      "--tmpfs",
      realpathSync(codexHome),
      "--remount-ro",
      realpathSync(codexHome),
      "--unshare-pid",
      "--unshare-net",
      "--tmpfs",
      "/proc",
      "--chdir",
      "/",
      "--",
      "true",
    ]);
    const net = buildBwrapArgs(["true"], { type: "read-only", network_access: true }, root, {
      dropCapabilities: false,
      env: {},
    });
    expect(net).not.toContain("--unshare-net");
  });

  it("refuses unrestricted policies and empty commands", () => {
    expect(() => buildBwrapArgs(["true"], FULL, paths())).toThrow(/restricted/);
    expect(() => buildBwrapArgs([], RO, paths())).toThrow(/empty/);
  });
});
