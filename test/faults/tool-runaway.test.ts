// Class 12: a command that hangs past its timeout, ignores SIGTERM, or floods 100 MB of output.
// It is killed (with everything it started), the model gets a bounded output saying what
// happened, the turn goes on, and the CLI's memory and files stay small.
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { FakeStep } from "../fixtures/fake-model-server.js";
import {
  callsPaired,
  ENV,
  expectNoProcess,
  filesUnder,
  shellToolsHome,
  modelName,
  processesRunning,
  repo,
  responseItems,
  rollout,
  rolloutFiles,
  startCli,
  telemetryFiles,
  useFakeServer,
} from "./support.js";

const fake = useFakeServer();

const shellCall = (script: string, timeout_ms?: number): FakeStep => ({
  function_call: {
    name: "shell",
    arguments: { command: ["bash", "-lc", script], ...(timeout_ms ? { timeout_ms } : {}) },
  },
});

/** Runs one exec turn, sampling the CLI's peak memory (VmHWM) while it runs. */
async function execMeasured(prefix: string, steps: FakeStep[], flags: string[] = ["--full-auto"]) {
  const model = modelName(prefix);
  fake.server.setScript(model, steps);
  const codexHome = shellToolsHome(fake.server.url, model);
  const dir = repo();
  const started = Date.now();
  const run = startCli(["exec", ...flags, "-C", dir, "go"], { home: codexHome, env: ENV, timeoutMs: 60_000 });
  let peakKiB = 0;
  const sampler = setInterval(() => {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${run.child.pid}/status`, "utf8"));
      if (m) peakKiB = Math.max(peakKiB, Number(m[1]));
    } catch {
      // exited
    }
  }, 20);
  const { code } = await run.done;
  clearInterval(sampler);
  return {
    model,
    codexHome,
    dir,
    code,
    stdout: run.stdout(),
    stderr: run.stderr(),
    elapsedMs: Date.now() - started,
    peakMiB: peakKiB / 1024,
  };
}

const outputsOf = (codexHome: string) =>
  responseItems(rollout(codexHome))
    .filter((i) => i.type === "function_call_output")
    .map((i) => String(i.output));

describe("12. runaway commands", () => {
  it("a command hanging past timeout_ms is killed with its children; the model is told; the turn goes on", async () => {
    const tag = `${Date.now() % 1000}.${process.pid}`; // a sleep nobody else runs, found in /proc from outside the sandbox
    expect(processesRunning(`sleep 31${tag}`)).toEqual([]);
    const { codexHome, code, stdout, elapsedMs } = await execMeasured("hang", [
      shellCall(`echo started; sleep 31${tag} & sleep 32${tag}`, 500),
      { text: "it timed out" },
    ]);
    expect(code).toBe(0);
    expect(stdout).toBe("it timed out\n");
    expect(elapsedMs).toBeLessThan(10_000);
    const [output] = outputsOf(codexHome);
    expect(output).toMatch(
      /^Exit code: 124\nWall time: [\d.]+ seconds\nOutput:\ncommand timed out after \d+ milliseconds\nstarted\n?$/,
    );
    await expectNoProcess(`sleep 31${tag}`);
    await expectNoProcess(`sleep 32${tag}`);
    callsPaired(rollout(codexHome));
  });

  it.each([
    ["in the sandbox", ["--full-auto"]],
    ["without a sandbox", ["--dangerously-bypass-approvals-and-sandbox"]],
  ])("a command that ignores SIGTERM is killed anyway (%s; SIGKILL after the grace period)", async (_name, flags) => {
    const tag = `${Date.now() % 1000}.${process.pid}`;
    const { codexHome, code, elapsedMs } = await execMeasured(
      "stubborn",
      [shellCall(`trap '' TERM; while :; do sleep 0.05${tag}; done`, 300), { text: "killed" }],
      flags,
    );
    expect(code).toBe(0);
    expect(elapsedMs).toBeLessThan(10_000);
    expect(outputsOf(codexHome)[0]).toMatch(/^Exit code: 124\n/);
    await expectNoProcess(`sleep 0.05${tag}`);
  });

  it("100 MB of output: truncated for the model, bounded memory, small files", async () => {
    const baseline = await execMeasured(
      "small",
      [shellCall("echo small"), { text: "small" }],
      ["--full-auto", "--json"],
    );
    expect(baseline.code).toBe(0);
    const script = "yes 'flood line 0123456789 abcdefghijklmnopqrstuvwxyz' | head -c 100000000; echo; echo THE-END";
    const { codexHome, code, stdout, stderr, elapsedMs, peakMiB } = await execMeasured(
      "flood",
      [shellCall(script, 60_000), { text: "that was a lot" }],
      ["--full-auto", "--json"],
    );
    expect(code).toBe(0);
    expect(stderr).not.toMatch(/heap|out of memory/i);
    expect(elapsedMs).toBeLessThan(30_000);
    // The same run with a small output peaks around 100 MiB (Node itself); holding the 100 MB
    // of output (or a copy of it as a string) would add far more than this margin.
    expect(peakMiB).toBeLessThan(baseline.peakMiB + 100);
    const [output] = outputsOf(codexHome);
    expect(Buffer.byteLength(output as string)).toBeLessThan(11 * 1024);
    expect(output).toMatch(
      /^Exit code: 0\nWall time: [\d.]+ seconds\nTotal output lines: 2040818\nOutput:\nflood line/,
    );
    expect(output).toMatch(/\[\.\.\. omitted \d+ of \d+ lines \.\.\.\]/);
    expect(output).toMatch(/THE-END\n?$/);
    // What the model got in the next request is the same bounded text.
    const sent = JSON.stringify(fake.server.requests().at(-1)?.body);
    expect(sent.length).toBeLessThan(64 * 1024);
    // --json stdout and every file stay small.
    expect(stdout.length).toBeLessThan(256 * 1024);
    for (const file of filesUnder(codexHome)) expect(statSync(file).size, file).toBeLessThan(512 * 1024);
    expect(rolloutFiles(codexHome)).toHaveLength(1);
    telemetryFiles(path.join(codexHome, "logs"));
  });
});
