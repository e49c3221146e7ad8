// Class 13: Ctrl-C (SIGINT) or SIGTERM during a turn. The running command and everything it
// started are killed, the stream is cancelled, the rollout records the abort (and nothing half),
// the exit code is 1 (130 on a second Ctrl-C), and the session resumes afterwards.
// (SIGINT during a command, with the process tree, is also in test/e2e/exec.test.ts.)
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { FakeStep } from "../fixtures/fake-model-server.js";
import { runCli } from "../support/cli.js";
import {
  callsPaired,
  ENV,
  events,
  expectNoProcess,
  home,
  modelName,
  noStackTrace,
  processesRunning,
  repo,
  responseItems,
  rollout,
  shellToolsHome,
  startCli,
  telemetryFiles,
  usageLog,
  useFakeServer,
  waitFor,
} from "./support.js";

const fake = useFakeServer();

/** A process's argv joined by NULs, or "" once it is gone. */
const cmdline = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8");
  } catch {
    return "";
  }
};

const tagged = () => `${Date.now() % 1000}${process.pid}`;

/** `shellTool`: the one-shot `shell` tool, whose command an interrupt ends (exec_command's outlives it). */
function start(prefix: string, steps: FakeStep[], flags: string[], { shellTool = false } = {}) {
  const model = modelName(prefix);
  fake.server.setScript(model, steps);
  const codexHome = (shellTool ? shellToolsHome : home)(fake.server.url, model);
  const dir = repo();
  const run = startCli(["exec", ...flags, "-C", dir, "go"], { home: codexHome, env: ENV });
  return { model, codexHome, dir, run };
}

/** The aborted turn on disk: whole lines, the abort recorded, no answer. */
function abortedOnDisk(codexHome: string) {
  const records = rollout(codexHome);
  expect(events(records, "turn_aborted").map((e) => e.reason)).toEqual(["interrupted"]);
  expect(events(records, "agent_message")).toEqual([]);
  telemetryFiles(path.join(codexHome, "logs"));
  // The interrupted turn still has its usage line, with what was served before the interrupt.
  expect(usageLog(codexHome)).toMatchObject([{ status: "interrupted", kind: "turn" }]);
  return records;
}

describe("13. interrupting exec", () => {
  it.each([
    ["SIGINT", "--full-auto"],
    ["SIGTERM", "--full-auto"],
    ["SIGTERM", "--dangerously-bypass-approvals-and-sandbox"],
  ] as const)(
    "%s during a command (%s): the command tree is killed, the abort recorded, exit 1",
    async (signal, mode) => {
      const tag = tagged();
      const { model, codexHome, dir, run } = start(
        "int-cmd",
        [{ shell: ["bash", "-lc", `sleep 41${tag} & sleep 42${tag}`] }, { text: "never" }],
        [mode],
      );
      await waitFor(
        "the command to run",
        () => processesRunning(`sleep 42${tag}`).length > 0 && processesRunning(`sleep 41${tag}`).length > 0,
      );
      run.child.kill(signal);
      const { code } = await run.done;
      expect(code).toBe(1);
      await expectNoProcess(`sleep 41${tag}`);
      await expectNoProcess(`sleep 42${tag}`);
      noStackTrace(run.stderr());
      expect(run.stderr()).toMatch(/^task interrupted$/m);
      expect(run.stderr()).not.toMatch(/^ERROR:/m);
      expect(fake.server.requests(model).filter((q) => q.wire === "responses")).toHaveLength(1);
      const records = abortedOnDisk(codexHome);
      // The call was interrupted: its output says so (or it has none), nothing else is half there.
      callsPaired(records, 1);
      // The session resumes after the interrupt.
      fake.server.setScript(model, [{ text: "resumed after the interrupt" }]);
      const resumed = await runCli(["exec", "resume", "--last", "-C", dir, "go on"], { home: codexHome, env: ENV });
      expect(resumed.code).toBe(0);
      expect(resumed.stdout).toBe("resumed after the interrupt\n");
      expect(resumed.stderr).not.toMatch(/^warning:/m);
    },
  );

  it("SIGINT while the model is streaming: the stream is cancelled at once, no half answer on disk", async () => {
    // 120 deltas, one per 100 ms: the whole answer would take 12 s.
    const { model, codexHome, run } = start(
      "int-stream",
      [{ text: "a slow answer ".repeat(40), fault: { delayMs: 100 } }],
      [],
    );
    await waitFor(
      "the answer to start streaming",
      () => run.stderr().includes("session id:") && fake.server.requests(model).length === 1,
    );
    const t0 = Date.now();
    run.child.kill("SIGINT");
    const { code } = await run.done;
    expect(Date.now() - t0).toBeLessThan(6000); // well before the stream's end, with headroom for a loaded machine
    expect(code).toBe(1);
    expect(run.stdout()).toBe("");
    noStackTrace(run.stderr());
    const records = abortedOnDisk(codexHome);
    expect(responseItems(records).filter((i) => i.role === "assistant")).toEqual([]);
  });

  it("a second Ctrl-C exits at once (130), still killing the command — even one that ignores SIGTERM, outside the sandbox", async () => {
    const tag = tagged();
    // The loop survives SIGTERM and notes each one in got-term.
    const { codexHome, dir, run } = start(
      "int-twice",
      [
        {
          shell: ["bash", "-lc", `trap '' INT; trap 'echo term >> got-term' TERM; while :; do sleep 0.05${tag}; done`],
        },
        { text: "never" },
      ],
      ["--dangerously-bypass-approvals-and-sandbox"],
      { shellTool: true },
    );
    // A sleep itself (not just the shell, whose command line names it too): the traps are set.
    await waitFor("the loop to run", () =>
      processesRunning(`sleep 0.05${tag}`).some((pid) => cmdline(pid).startsWith("sleep\0")),
    );
    run.child.kill("SIGINT");
    // The command was sent SIGTERM and carries on: the grace period before SIGKILL runs.
    await waitFor("the command to get SIGTERM", () => existsSync(path.join(dir, "got-term")));
    run.child.kill("SIGINT");
    const { code } = await run.done;
    expect(code).toBe(130);
    await expectNoProcess(`sleep 0.05${tag}`);
    // What was written is whole, and the debug lines still buffered at the second Ctrl-C were written.
    rollout(codexHome);
    const logs = telemetryFiles(path.join(codexHome, "logs"));
    const debug = [...logs].find(([name]) => name.endsWith(".log"))?.[1] ?? [];
    expect(debug.map((l) => (l as { event?: string }).event)).toContain("command.begin");
  });
});
