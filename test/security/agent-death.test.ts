// Nothing the agent started outlives it, however the agent ends: the built CLI runs a
// long-lived command through each shell tool shape (shell, shell_command, exec_command with
// pipes and with a PTY), each starting a background child too, and is then killed with SIGHUP
// (its terminal closed) or SIGKILL. Every process of those commands must be gone soon after,
// with and without the bwrap sandbox.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { detectSandbox } from "../../src/tools/sandbox/detect.js";
import type { FakeStep } from "../fixtures/fake-model-server.js";
import {
  ENV,
  expectNoProcess,
  home,
  SHELL_TOOL_TOML,
  shellToolsHome,
  modelName,
  processesRunning,
  repo,
  startCli,
  useFakeServer,
  waitFor,
} from "../faults/support.js";
import { existsSync } from "node:fs";

const hasBwrap = detectSandbox().kind === "bwrap";
const fake = useFakeServer();

/** A model whose catalog entry names `shellType` (no entry: the `shell` tool). */
function homeFor(model: string, shellType: string | null): string {
  if (shellType === null) return shellToolsHome(fake.server.url, model);
  // With unified_exec off the entry's shell_type decides, as upstream's source reads it.
  const codexHome = home(fake.server.url, model, `model_catalog_json = "catalog.json"${SHELL_TOOL_TOML}`);
  const entry = { slug: model, context_window: 100_000, shell_type: shellType, base_instructions: "Prompt." };
  writeFileSync(path.join(codexHome, "catalog.json"), JSON.stringify({ models: [entry] }));
  return codexHome;
}

/** Never answered: the agent waits for the model until it is killed. */
const STALL: FakeStep = { fault: { stallAfterEvents: 0 } };

interface Shape {
  name: string;
  shellType: string | null;
  /** The steps that start `script` (which signals it started by creating `started`). */
  steps: (script: string) => FakeStep[];
}

const SHAPES: Shape[] = [
  {
    name: "shell",
    shellType: null,
    steps: (script) => [
      { function_call: { name: "shell", arguments: { command: ["bash", "-c", script], timeout_ms: 600_000 } } },
    ],
  },
  {
    name: "shell_command",
    shellType: "shell_command",
    steps: (script) => [
      { function_call: { name: "shell_command", arguments: { command: script, timeout_ms: 600_000 } } },
    ],
  },
  {
    name: "exec_command (pipes and PTY)",
    shellType: "unified_exec",
    steps: (script) => [
      {
        function_call: {
          name: "exec_command",
          arguments: { cmd: script.replace("started", "started-pipe"), yield_time_ms: 250 },
        },
      },
      {
        function_call: {
          name: "exec_command",
          arguments: { cmd: script.replace("started", "started-tty"), tty: true, yield_time_ms: 250 },
        },
      },
    ],
  },
];

let durations = 0;

describe.each([
  ["danger-full-access", true],
  ["workspace-write", hasBwrap],
] as const)("%s: the commands' processes end with the agent", (mode, available) => {
  it.runIf(available).each(["SIGHUP", "SIGKILL"] as const)(
    "killed by %s: shell, shell_command and exec_command (pipes, PTY) leave no process behind",
    async (signal) => {
      const runs = SHAPES.map((shape) => {
        // A unique sleep duration marks every process of this run (seen from outside any sandbox).
        const marker = `${7000 + ++durations}.${process.pid % 1000}`;
        const dir = repo();
        const script = `sleep ${marker} & touch started; sleep ${marker}; wait`;
        const model = modelName("death");
        fake.server.setScript(model, [...shape.steps(script), STALL]);
        const codexHome = homeFor(model, shape.shellType);
        const cli = startCli(["exec", "-s", mode, "-C", dir, "go"], {
          home: codexHome,
          env: ENV,
          cwd: dir,
          timeoutMs: 180_000,
        });
        const startedFiles = shape.shellType === "unified_exec" ? ["started-pipe", "started-tty"] : ["started"];
        return { shape, marker, dir, cli, startedFiles };
      });
      try {
        for (const run of runs) {
          await waitFor(
            `${run.shape.name}'s command to start`,
            () => run.startedFiles.every((f) => existsSync(path.join(run.dir, f))),
            60_000,
          );
          expect(processesRunning(run.marker).length, run.shape.name).toBeGreaterThan(0);
        }
        for (const run of runs) run.cli.child.kill(signal);
        for (const run of runs) {
          const end = await run.cli.done;
          expect(end.signal ?? end.code, run.shape.name).not.toBe(0);
        }
        for (const run of runs) await expectNoProcess(run.marker, 20_000);
      } finally {
        for (const run of runs) run.cli.child.kill("SIGKILL");
      }
    },
    240_000,
  );
});
