import { mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

import { detectSandbox, SandboxUnavailableError } from "../sandbox/index.js";
import { formatOutputForModel, MODEL_FORMAT_MAX_BYTES } from "./format.js";
import { isLikelySandboxDenied, runCommand, EXEC_TIMEOUT_EXIT_CODE, type RunCommandOptions } from "./runner.js";
import type { SandboxPolicy } from "../../protocol/policies.js";

const FULL: SandboxPolicy = { type: "danger-full-access" };

/** Runs `argv` in / without a sandbox (full access), with `options` added. */
const runUnsandboxed = (argv: string[], options: Partial<RunCommandOptions> = {}) =>
  runCommand({ argv, cwd: "/", sandboxPolicyCwd: "/", sandboxPolicy: FULL, ...options });

const hasBwrap = detectSandbox().kind === "bwrap";

/** Alive = has a /proc entry that is not a zombie. */
function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
    return state !== "Z" && state !== "X";
  } catch {
    return false;
  }
}

async function waitUntil(cond: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return cond();
}

/**
 * Starts `argv` unsandboxed with an abort signal and waits for its first line of output (it has
 * started what the test is about); `abort()` ends it, `result` is its outcome.
 */
async function runUntilFirstLine(argv: string[], options: Partial<RunCommandOptions> = {}) {
  const controller = new AbortController();
  let output = "";
  const result = runUnsandboxed(argv, {
    ...options,
    signal: controller.signal,
    onOutput: (chunk) => (output += chunk.toString()),
  });
  expect(await waitUntil(() => output.includes("\n"), 10_000)).toBe(true);
  return { abort: () => controller.abort(), result };
}

/** PIDs of live processes whose command line contains `needle`. */
function pidsWithCmdline(needle: string): number[] {
  const out: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, "utf8").replace(/\0/g, " ");
      if (cmd.includes(needle) && isAlive(Number(entry))) out.push(Number(entry));
    } catch {
      // raced with exit
    }
  }
  return out;
}

describe("runCommand basics", () => {
  it("runs `bash -lc` with sh where the PATH has no bash (BusyBox routers)", async () => {
    const bin = mkdtempSync(path.join(os.tmpdir(), "cl-busybox-"));
    try {
      for (const tool of ["sh", "echo"]) symlinkSync(`/bin/${tool}`, path.join(bin, tool));
      const r = await runCommand({
        argv: ["bash", "-lc", "echo from $0"],
        cwd: "/",
        sandboxPolicyCwd: "/",
        env: { PATH: bin, HOME: bin }, // a login shell: the profile it reads is the scratch folder's (none)
        sandboxPolicy: FULL,
      });
      expect(r.exitCode).toBe(0);
      expect(r.stdout).toBe("from sh\n");
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });

  it("captures stdout, stderr, the interleaved output and the exit code", async () => {
    const r = await runUnsandboxed(["bash", "-c", "echo out; sleep 0.05; echo err >&2; sleep 0.05; echo out2; exit 3"]);
    expect(r.exitCode).toBe(3);
    expect(r.stdout).toBe("out\nout2\n");
    expect(r.stderr).toBe("err\n");
    expect(r.aggregatedOutput).toBe("out\nerr\nout2\n");
    expect(r.timedOut).toBe(false);
    expect(r.aborted).toBe(false);
    expect(r.sandbox).toBe("none");
    expect(r.sandboxDenied).toBe(false);
    expect(r.durationMs).toBeGreaterThan(50);
    expect(formatOutputForModel(r)).toMatch(/^Exit code: 3\nWall time: 0(\.\d)? seconds\nOutput:\nout\nerr\nout2\n$/);
  });

  it("uses the given cwd and environment only", async () => {
    const r = await runCommand({
      argv: ["sh", "-c", 'pwd; echo "$FOO"; echo "${HOME-unset}"'],
      cwd: "/usr",
      sandboxPolicyCwd: "/usr",
      env: { FOO: "bar", PATH: "/usr/bin:/bin" },
      sandboxPolicy: FULL,
    });
    expect(r.stdout).toBe("/usr\nbar\nunset\n");
  });

  it("streams every chunk to onOutput", async () => {
    const seen: string[] = [];
    const r = await runUnsandboxed(["bash", "-c", "echo a; echo b >&2"], {
      onOutput: (chunk, stream) => seen.push(`${stream}:${chunk.toString()}`),
    });
    expect(r.exitCode).toBe(0);
    expect(seen.sort()).toEqual(["stderr:b\n", "stdout:a\n"]);
  });

  it("reports a command that cannot be started as exit code 127", async () => {
    const r = await runUnsandboxed(["/nonexistent/definitely-not-here"]);
    expect(r.exitCode).toBe(127);
    expect(r.spawnError).toMatch(/ENOENT/);
    expect(r.stderr).toMatch(/ENOENT/);
  });

  it("rejects an empty argv", async () => {
    await expect(runUnsandboxed([])).rejects.toThrow(/empty argv/);
  });

  it("refuses a restricted policy when no sandbox is available, unless allowed", async () => {
    const none = { kind: "none" as const, reason: "test" };
    await expect(
      runCommand({
        argv: ["true"],
        cwd: "/",
        sandboxPolicyCwd: "/",
        sandboxPolicy: { type: "read-only" },
        sandbox: none,
      }),
    ).rejects.toBeInstanceOf(SandboxUnavailableError);
    const r = await runCommand({
      argv: ["sh", "-c", "echo $CODEX_SANDBOX_NETWORK_DISABLED"],
      cwd: "/",
      sandboxPolicyCwd: "/",
      sandboxPolicy: { type: "read-only" },
      sandbox: none,
      allowUnsandboxed: true,
    });
    expect(r.sandbox).toBe("none");
    expect(r.stdout).toBe("1\n");
  });
});

describe("timeouts and aborts kill the whole process tree", () => {
  it("a timeout kills the command and its background child, exit code 124", async () => {
    const r = await runUnsandboxed(["bash", "-c", "sleep 30 & echo $!; wait"], {
      timeoutMs: 400,
    });
    expect(r.timedOut).toBe(true);
    expect(r.exitCode).toBe(EXEC_TIMEOUT_EXIT_CODE);
    expect(r.durationMs).toBeGreaterThanOrEqual(390);
    expect(r.durationMs).toBeLessThan(10_000); // not the 30 s sleep; headroom for a loaded machine
    const grandchild = Number(r.stdout.trim());
    expect(grandchild).toBeGreaterThan(1);
    expect(await waitUntil(() => !isAlive(grandchild), 2000)).toBe(true);
    expect(formatOutputForModel(r)).toMatch(
      /^Exit code: 124\nWall time: \d+(\.\d)? seconds\nOutput:\ncommand timed out after 4\d\d milliseconds\n\d+\n$/,
    );
  });

  it("escalates to SIGKILL when the group ignores SIGTERM", async () => {
    const r = await runUnsandboxed(["bash", "-c", "trap '' TERM; sleep 30 & echo $!; wait"], {
      timeoutMs: 200,
      killGraceMs: 300,
    });
    expect(r.timedOut).toBe(true);
    expect(r.exitCode).toBe(124);
    expect(r.durationMs).toBeGreaterThanOrEqual(480);
    expect(r.durationMs).toBeLessThan(10_000); // not the 30 s sleep; headroom for a loaded machine
    const grandchild = Number(r.stdout.trim());
    expect(await waitUntil(() => !isAlive(grandchild), 2000)).toBe(true);
  });

  it("after a timeout, also kills group members that ignore SIGTERM and detached their output", async () => {
    const r = await runUnsandboxed(["bash", "-c", "(trap '' TERM; exec sleep 30) >/dev/null 2>&1 & echo $!; wait"], {
      timeoutMs: 300,
    });
    expect(r.timedOut).toBe(true);
    expect(r.durationMs).toBeLessThan(1500);
    const stubborn = Number(r.stdout.trim());
    expect(await waitUntil(() => !isAlive(stubborn), 2000)).toBe(true);
  });

  it("an abort signal ends the command at once, without waiting for the kill grace period", async () => {
    // Returns once the background sleep runs.
    const running = await runUntilFirstLine(["bash", "-c", "sleep 30 & echo $!; wait"], {
      timeoutMs: 0,
      killGraceMs: 30_000,
    });
    const t0 = performance.now();
    running.abort();
    const r = await running.result;
    expect(performance.now() - t0).toBeLessThan(5_000); // the grace period is 30 s; headroom for a loaded machine
    expect(r.aborted).toBe(true);
    expect(r.timedOut).toBe(false);
    expect(r.exitCode).toBe(128 + 15);
    const grandchild = Number(r.stdout.trim());
    expect(await waitUntil(() => !isAlive(grandchild), 2000)).toBe(true);
  });

  it("an already-aborted signal ends the command at once", async () => {
    const controller = new AbortController();
    controller.abort();
    const r = await runUnsandboxed(["sleep", "30"], { signal: controller.signal });
    expect(r.aborted).toBe(true);
    expect(r.durationMs).toBeLessThan(5_000); // not the 30 s sleep; headroom for a loaded machine
  });

  it("does not wait forever for a background child that keeps the pipes open", async () => {
    const r = await runUnsandboxed(["bash", "-c", "sleep 30 & echo $!"], { drainMs: 300 });
    expect(r.exitCode).toBe(0);
    expect(r.durationMs).toBeLessThan(10_000); // not the 30 s sleep; headroom for a loaded machine
    const background = Number(r.stdout.trim());
    expect(await waitUntil(() => !isAlive(background), 2000)).toBe(true);
  });

  it("an abort also kills descendants that left the process group (setsid)", async () => {
    // Returns once the escaped sleep runs.
    const running = await runUntilFirstLine(["bash", "-c", "setsid sleep 30 & echo $!; sleep 30"], { drainMs: 300 });
    running.abort();
    const r = await running.result;
    expect(r.aborted).toBe(true);
    const escaped = Number(r.stdout.trim());
    expect(escaped).toBeGreaterThan(0);
    expect(await waitUntil(() => !isAlive(escaped), 2000)).toBe(true);
  });

  it.skipIf(!hasBwrap)("a timeout inside the bwrap sandbox leaves no process behind", async () => {
    const marker = `sleep 41.${process.pid}`;
    const r = await runCommand({
      argv: ["bash", "-c", `${marker} & ${marker} & wait`],
      cwd: "/tmp",
      sandboxPolicyCwd: "/tmp",
      sandboxPolicy: { type: "read-only" },
      timeoutMs: 400,
    });
    expect(r.sandbox).toBe("bwrap");
    expect(r.timedOut).toBe(true);
    expect(r.exitCode).toBe(124);
    expect(await waitUntil(() => pidsWithCmdline(marker).length === 0, 2000)).toBe(true);
  });

  it.skipIf(!hasBwrap)(
    "an abort inside the bwrap sandbox ends it at once, without waiting for the kill grace period",
    async () => {
      const controller = new AbortController();
      const marker = `sleep 42.${process.pid}`;
      const pending = runCommand({
        argv: ["bash", "-c", `${marker} & wait`],
        cwd: "/tmp",
        sandboxPolicyCwd: "/tmp",
        sandboxPolicy: { type: "read-only" },
        signal: controller.signal,
        killGraceMs: 30_000,
      });
      expect(
        await waitUntil(
          () =>
            pidsWithCmdline(marker).some((pid) => readFileSync(`/proc/${pid}/cmdline`, "utf8").startsWith("sleep\0")),
          10_000,
        ),
      ).toBe(true);
      const t0 = performance.now();
      controller.abort();
      const r = await pending;
      expect(performance.now() - t0).toBeLessThan(5_000); // the grace period is 30 s; headroom for a loaded machine
      expect(r.aborted).toBe(true);
      expect(await waitUntil(() => pidsWithCmdline(marker).length === 0, 2000)).toBe(true);
    },
  );
});

describe("bounded memory", () => {
  it("a 100 MB flood keeps RSS bounded and reports exact totals", async () => {
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 10);
    let streamed = 0;
    const r = await runUnsandboxed(["bash", "-c", "yes | head -c 100000000"], {
      timeoutMs: 60_000,
      onOutput: (chunk) => {
        streamed += chunk.length;
      },
    });
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    const growthMb = (peak - before) / 1024 / 1024;
    expect(r.exitCode).toBe(0);
    expect(streamed).toBe(100_000_000);
    expect(r.aggregated.totalBytes).toBe(100_000_000);
    expect(r.aggregated.totalLines).toBe(50_000_000);
    expect(r.aggregated.truncated).toBe(true);
    expect(r.aggregated.head.length + r.aggregated.tail.length).toBeLessThanOrEqual(128 * 1024);
    expect(r.stdout.length).toBeLessThan(200 * 1024);
    expect(growthMb).toBeLessThan(64);

    const text = formatOutputForModel(r);
    expect(text).toMatch(/^Exit code: 0\nWall time: [\d.]+ seconds\nTotal output lines: 50000000\nOutput:\ny\n/);
    expect(text).toContain("\n[... omitted 49999744 of 50000000 lines ...]\n\n");
    const body = text.slice(text.indexOf("Output:\n") + "Output:\n".length);
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(MODEL_FORMAT_MAX_BYTES);
    expect(body.split("\n").filter((l) => l === "y")).toHaveLength(256);
  }, 60_000);
});

describe("isLikelySandboxDenied (upstream heuristic)", () => {
  it.each([
    ["bwrap", 1, "touch: cannot touch '/x': Read-only file system", false, true],
    ["bwrap", 1, "bash: /etc/x: Permission denied", false, true],
    ["bwrap", 1, "Operation not permitted", false, true],
    ["bwrap", 0, "Read-only file system", false, false],
    ["none", 1, "Read-only file system", false, false],
    ["bwrap", 1, "error: something else", false, false],
    ["bwrap", 127, "bash: foo: command not found", false, false],
    ["bwrap", 159, "bash: line 1:     4 Bad system call", false, true],
    ["none", 159, "bash: line 1:     4 Bad system call", false, false],
    ["bwrap", 7, "curl: (7) Couldn't connect: Network is unreachable", true, true],
    ["bwrap", 7, "curl: (7) Couldn't connect: Network is unreachable", false, false],
  ] as const)("%s exit %d %j (network off: %s) -> %s", (sandbox, code, text, netOff, expected) => {
    expect(isLikelySandboxDenied(sandbox, code, [text], netOff)).toBe(expected);
  });
});
