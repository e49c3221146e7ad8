// The unified exec process manager with real processes: exits within the yield, long runners
// reachable by id, interactive input through a PTY (each PTY program this host has), the cap,
// and the same inside the bwrap sandbox.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { detectSandbox } from "../sandbox/index.js";
import { ProcessManager, execYieldMs, writeYieldMs, type StartOptions } from "./process-manager.js";
import { detectPtyWrapper, NO_PTY_NOTE, type PtyWrapper } from "./pty.js";
import type { SandboxPolicy } from "../../protocol/policies.js";

const FULL: SandboxPolicy = { type: "danger-full-access" };
const dir = mkdtempSync(path.join(os.tmpdir(), "cl-uexec-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const managers: ProcessManager[] = [];
afterEach(async () => {
  await Promise.all(managers.splice(0).map((m) => m.close()));
});

function manager(wrapper: PtyWrapper = detectPtyWrapper(), maxProcesses = 64): ProcessManager {
  const m = new ProcessManager({ maxProcesses }, () => wrapper);
  managers.push(m);
  return m;
}

const sh = (script: string, extra: Partial<StartOptions> = {}): StartOptions => ({
  argv: ["/bin/sh", "-c", script],
  cwd: dir,
  sandboxPolicyCwd: dir,
  env: { PATH: process.env.PATH ?? "/usr/bin:/bin" },
  sandboxPolicy: FULL,
  tty: false,
  callId: "call-1",
  ...extra,
});

/** Polls until the accumulated output matches (each collect waits at most `stepMs`). */
async function readUntil(
  m: ProcessManager,
  id: number,
  pattern: RegExp,
  text = "",
  stepMs = 200,
  limitMs = 20_000,
): Promise<string> {
  const end = Date.now() + limitMs;
  while (Date.now() < end && !pattern.test(text)) {
    const p = m.get(id);
    if (!p) break;
    text += (await m.collect(p, stepMs)).output;
  }
  return text;
}

describe("yield times (upstream's clamps)", () => {
  it("exec_command: default 10 s, within 250 ms..30 s; write_stdin: 250 ms, an empty poll 5 s..300 s", () => {
    expect(execYieldMs(undefined)).toBe(10_000);
    expect(execYieldMs(10)).toBe(250);
    expect(execYieldMs(120_000)).toBe(30_000);
    expect(writeYieldMs(undefined, "x")).toBe(250);
    expect(writeYieldMs(60_000, "x")).toBe(30_000);
    expect(writeYieldMs(undefined, "")).toBe(5_000);
    expect(writeYieldMs(400_000, "")).toBe(300_000);
  });
});

describe("ProcessManager", () => {
  it("a command that exits within the yield answers at its exit with its code and output, and is forgotten", async () => {
    const m = manager();
    const p = m.start(sh("echo out; echo err >&2; exit 3"));
    const r = await m.collect(p, 20_000);
    expect(r.exitCode).toBe(3);
    expect(r.sessionId).toBeNull();
    expect(r.output).toContain("out\n");
    expect(r.output).toContain("err\n");
    expect(r.wallTimeMs).toBeLessThan(15_000);
    expect(m.get(p.id)).toBeUndefined();
  });

  it("with sequentialIds processes are numbered from 1000; one that has left (exit collected, killed) is unknown", async () => {
    const m = new ProcessManager({ sequentialIds: true });
    managers.push(m);
    const exited = m.start(sh("exit 0"));
    expect(exited.id).toBe(1000);
    expect((await m.collect(exited, 20_000)).exitCode).toBe(0);
    expect(m.get(1000)).toBeUndefined();
    const running = m.start(sh("sleep 60"));
    expect(running.id).toBe(1001);
    await m.killAll();
    expect(m.get(1001)).toBeUndefined();
    expect(m.start(sh("exit 0")).id).toBe(1002);
  });

  it("a long runner answers after the yield with a session id; later polls bring new output, then its exit", async () => {
    const m = manager();
    const p = m.start(sh("echo start; while [ ! -e go ]; do sleep 0.05; done; echo finished; exit 4"));
    const first = await m.collect(p, 300);
    expect(first.exitCode).toBeNull();
    expect(first.sessionId).toBe(p.id);
    expect(p.id).toBeGreaterThanOrEqual(1000);
    expect(await readUntil(m, p.id, /start/, first.output)).toContain("start");
    writeFileSync(path.join(dir, "go"), "");
    const last = await m.collect(p, 20_000);
    expect(last.output).toContain("finished");
    expect(last.exitCode).toBe(4);
    expect(m.size).toBe(0);
    rmSync(path.join(dir, "go"), { force: true });
  });

  it("without tty the command's stdin is closed: cat ends at once, and nothing can be written", async () => {
    const m = manager();
    const p = m.start(sh("cat; echo cat-done"));
    expect(p.hasStdin).toBe(false);
    expect(p.write("x")).toBe(false);
    const r = await m.collect(p, 20_000);
    expect(r.exitCode).toBe(0);
    expect(r.output).toContain("cat-done");
  });

  it("kill ends the whole process tree; close refuses new processes", async () => {
    const m = manager();
    const p = m.start(sh("sleep 60 & sleep 60; echo never"));
    expect((await m.collect(p, 250)).sessionId).toBe(p.id);
    await m.close();
    const result = await p.finished;
    expect(result.aborted).toBe(true);
    expect(m.size).toBe(0);
    expect(() => m.start(sh("true"))).toThrow(/ended/);
  });

  it("at the cap the least recently used process is killed to make room", async () => {
    const m = manager(detectPtyWrapper(), 2);
    const a = m.start(sh("sleep 60"));
    const b = m.start(sh("sleep 60"));
    await m.collect(a, 250);
    await m.collect(b, 250);
    await m.collect(a, 250); // a is now the most recently used
    const c = m.start(sh("sleep 60"));
    expect((await b.finished).aborted).toBe(true);
    expect(m.get(b.id)).toBeUndefined();
    expect(m.get(a.id)).toBe(a);
    expect(m.get(c.id)).toBe(c);
  });
});

const wrappers: [string, PtyWrapper][] = [];
const found = detectPtyWrapper();
if (found.kind === "script") wrappers.push(["util-linux script", found]);
if (spawnSync("python3", ["-c", "import pty"]).status === 0)
  wrappers.push(["python3 pty", { kind: "python", program: "python3" }]);

describe.each(wrappers)("tty: true through %s", (_name, wrapper) => {
  it("the process has a terminal, echoes and answers what write_stdin sends, and exits with its code", async () => {
    const m = manager(wrapper);
    const p = m.start(
      sh(
        '[ -t 0 ] && [ -t 1 ] && echo is-a-tty; while read -r line; do [ "$line" = quit ] && exit 5; echo "got:$line"; done',
        {
          tty: true,
        },
      ),
    );
    expect(await readUntil(m, p.id, /is-a-tty/)).toContain("is-a-tty");
    expect(p.write("hello\n")).toBe(true);
    expect(await readUntil(m, p.id, /got:hello/)).toMatch(/hello\r?\n[\s\S]*got:hello/);
    p.write("quit\n");
    let exit: number | null = null;
    for (let i = 0; i < 100 && exit === null; i++) exit = (await m.collect(p, 200)).exitCode;
    expect(exit).toBe(5);
  });
});

describe("tty: true without a PTY program", () => {
  it("runs on pipes, keeps stdin open, and says so", async () => {
    const m = manager({ kind: "none" });
    const p = m.start(sh('echo first; read -r line; echo "got:$line"', { tty: true }));
    const first = await m.collect(p, 250);
    expect(first.output.startsWith(NO_PTY_NOTE)).toBe(true);
    p.write("hi\n");
    const r = await m.collect(p, 20_000);
    expect(r.output).not.toContain(NO_PTY_NOTE);
    expect(r.output).toContain("got:hi");
    expect(r.exitCode).toBe(0);
  });
});

const bwrap = detectSandbox().kind === "bwrap";
describe.runIf(bwrap || process.env.REQUIRE_SANDBOX === "1")("inside the bwrap sandbox", () => {
  it("a PTY process runs sandboxed: it has a terminal, writes in the workspace, not outside", async () => {
    const m = manager();
    const policy: SandboxPolicy = { type: "workspace-write", writable_roots: [], network_access: false };
    const p = m.start(
      sh("[ -t 1 ] && echo is-a-tty; echo inside > ws.txt && cat ws.txt; touch /usr/cl-escape 2>&1; echo rc=$?", {
        tty: found.kind !== "none",
        sandboxPolicy: policy,
      }),
    );
    const r = await m.collect(p, 20_000);
    expect(r.exitCode).toBe(0);
    expect(r.output).toContain("inside");
    expect(r.output).toMatch(/rc=1/);
    if (found.kind !== "none") expect(r.output).toContain("is-a-tty");
    expect(p.result?.sandbox).toBe("bwrap");
  });
});
