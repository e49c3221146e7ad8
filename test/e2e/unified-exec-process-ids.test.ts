// exec_command's process ids (write_stdin's session_id) through the built CLI: drawn at random in
// 1000..99999 as upstream 0.171 draws them, distinct while the processes run, so an id from before
// a resume names no process ("Unknown process id") instead of a new one. The suite's environment
// numbers them from 1000 (CODEX_LITELLM_SEQUENTIAL_PROCESS_IDS=1), a switch the model's commands
// never see.
import { describe, expect, it } from "vitest";
import { runCli } from "../support/cli.js";
import { catalogHome, exec, write } from "./unified-exec-scenario.js";
import { ENV, modelName, repo, responseItems, rollout, useFakeServer } from "../faults/support.js";

const fake = useFakeServer();
const FULL_ACCESS = ["--dangerously-bypass-approvals-and-sandbox"];
/** Without the suite's switch: ids as a user gets them. */
const RANDOM_IDS = { ...ENV, CODEX_LITELLM_SEQUENTIAL_PROCESS_IDS: undefined };
const PROCESSES = 5;

const toolOutputs = (codexHome: string) =>
  responseItems(rollout(codexHome))
    .filter((i) => i.type === "function_call_output")
    .map((i) => String(i.output));

/** The ids the outputs name ("Process running with session ID N"). */
const sessionIds = (outputs: string[]) =>
  outputs.flatMap((o) => {
    const id = /Process running with session ID (\d+)\n/.exec(o)?.[1];
    return id ? [Number(id)] : [];
  });

/** Five processes left running (killed with the session), then the model's closing words. */
const fiveRunning = (tag: string) => [
  ...Array.from({ length: PROCESSES }, (_, i) => exec({ cmd: `sleep 60; echo ${tag}-${i}`, yield_time_ms: 250 })),
  { text: "started" },
];

function expectRandomIds(ids: number[]): void {
  expect(ids).toHaveLength(PROCESSES);
  for (const id of ids) {
    expect(Number.isInteger(id)).toBe(true);
    expect(id).toBeGreaterThanOrEqual(1000);
    expect(id).toBeLessThan(100_000);
  }
  expect(new Set(ids).size).toBe(PROCESSES);
  // Counting ids would be 1000, 1001, ... : each one more than the last.
  const steps = ids.slice(1).map((id, i) => id - (ids[i] as number));
  expect(steps.every((step) => step === 1)).toBe(false);
}

describe("exec_command process ids", () => {
  it("are drawn at random, distinct while running; after a resume an old id names no process", async () => {
    const model = modelName("uexec-ids");
    const codexHome = catalogHome(fake.server.url, model, { shell_type: "unified_exec" });
    const dir = repo();
    fake.server.setScript(model, fiveRunning("first"));
    const first = await runCli(["exec", "--json", ...FULL_ACCESS, "-C", dir, "go"], {
      home: codexHome,
      env: RANDOM_IDS,
      timeoutMs: 90_000,
    });
    expect(first.code, first.stderr).toBe(0);
    const firstOutputs = toolOutputs(codexHome);
    const firstIds = sessionIds(firstOutputs);
    expectRandomIds(firstIds);

    // The resumed session: the model still remembers the first session's id.
    const stale = firstIds[0] as number;
    fake.server.setScript(model, [write({ session_id: stale, chars: "x" }), ...fiveRunning("second")]);
    const second = await runCli(["exec", "resume", "--last", "--json", ...FULL_ACCESS, "-C", dir, "again"], {
      home: codexHome,
      env: RANDOM_IDS,
      timeoutMs: 90_000,
    });
    expect(second.code, second.stderr).toBe(0);
    const [unknown, ...started] = toolOutputs(codexHome).slice(firstOutputs.length);
    expect(unknown).toBe(`write_stdin failed: Unknown process id ${stale}`);
    const secondIds = sessionIds(started);
    expectRandomIds(secondIds);
    expect(secondIds).not.toEqual(firstIds);
  });

  it("count up from 1000 with the suite's switch, which the model's commands do not inherit", async () => {
    const model = modelName("uexec-seq-ids");
    const codexHome = catalogHome(fake.server.url, model, { shell_type: "unified_exec" });
    fake.server.setScript(model, [
      exec({ cmd: "sleep 60", yield_time_ms: 250 }),
      exec({ cmd: 'echo "switch=${CODEX_LITELLM_SEQUENTIAL_PROCESS_IDS:-unset}"; sleep 60', yield_time_ms: 1000 }),
      { text: "done" },
    ]);
    const r = await runCli(["exec", "--json", ...FULL_ACCESS, "-C", repo(), "go"], {
      home: codexHome,
      env: ENV,
      timeoutMs: 90_000,
    });
    expect(r.code, r.stderr).toBe(0);
    const outputs = toolOutputs(codexHome);
    expect(sessionIds(outputs)).toEqual([1000, 1001]);
    expect(outputs[1]).toContain("switch=unset");
  });
});
