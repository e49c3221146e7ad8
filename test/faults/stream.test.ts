// Classes 3 and 5 against the fake upstream: a connection reset mid-stream is retried from the
// start of the answer (nothing of the broken attempt reaches the rollout), or fails in one line;
// a malformed SSE event and a tool call with invalid JSON arguments do not end the turn.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { splitDeltas } from "../fixtures/fake-model-script.js";
import type { FakeStep } from "../fixtures/fake-model-server.js";
import { assertValidExecEvents } from "../schemas/validate.js";
import { callsPaired, errorLine, onDisk, retryLines, telemetryFiles, usageLog, useFaultExec } from "./support.js";

const fake = useFaultExec();
// The scripts call the shell and update_plan tools: the model is offered them.
const execWith = (prefix: string, steps: FakeStep[], flags: string[] = [], wire: "responses" | "chat" = "responses") =>
  fake.exec(prefix, steps, { flags: [...flags, "--full-auto"], wire, shellTools: true });

const modelRequests = (model: string) =>
  fake.server.requests(model).filter((q) => q.wire === "responses" || q.wire === "chat");

describe.each(["responses", "chat"] as const)("3. connection reset mid-stream (%s wire)", (wire) => {
  // Frames of a text answer on the Responses wire: created, in_progress, item added, part added,
  // deltas…, text done, part done, item done, completed. Cutting before the last frame leaves a
  // finished message item of an answer that never completed.
  it.each([2, 5, -1])("a reset after %i frames is retried; the rollout holds the answer once", async (after) => {
    const text = "the complete answer, in several deltas";
    // -1: every frame but the last (Responses: response.completed; chat: [DONE]).
    const deltas = splitDeltas(text).length;
    const dropAfterEvents = after === -1 ? (wire === "responses" ? 7 + deltas : 3 + deltas) : after;
    const { model, codexHome, r } = await execWith(
      `reset-${wire}`,
      [{ text, fault: { dropAfterEvents } }, { text }],
      [],
      wire,
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${text}\n`);
    expect(retryLines(r.stderr)).toHaveLength(1);
    expect(r.stderr.split(text)).toHaveLength(2); // shown once, though the first attempt finished the item
    expect(modelRequests(model)).toHaveLength(2);
    const disk = onDisk(codexHome);
    expect(disk.messages("agent_message")).toEqual([text]);
    expect(disk.answers).toHaveLength(1);
    expect(usageLog(codexHome)).toHaveLength(1);
  });

  // Cut just before the end: the call item is whole, but its answer never completed.
  it("a reset during a tool-calling answer does not run the tool twice", async () => {
    const { model, codexHome, r } = await execWith(
      `reset-tool-${wire}`,
      [
        {
          shell: ["bash", "-lc", "echo ran >> runs.txt; echo ran"],
          fault: { dropAfterEvents: wire === "responses" ? 8 : 7 },
        },
        { shell: ["bash", "-lc", "echo ran >> runs.txt; echo ran"] },
        { text: "done" },
      ],
      [],
      wire,
    );
    expect(r.code).toBe(0);
    expect(modelRequests(model)).toHaveLength(3);
    const disk = onDisk(codexHome);
    callsPaired(disk.records);
    expect(disk.items.filter((i) => i.type === "function_call")).toHaveLength(1);
  });

  it("resets on every attempt: stream_max_retries, then one line", async () => {
    const { model, codexHome, r } = await execWith(
      `reset-fail-${wire}`,
      [{ text: "never whole", fault: { dropAfterEvents: 3 }, repeat: 10 }],
      ["-c", "model_providers.litellm.stream_max_retries=2"],
      wire,
    );
    expect(r.code).toBe(1);
    expect(errorLine(r.stderr)).toMatch(
      new RegExp(
        `^the stream from ${fake.server.url.replace(/[./]/g, "\\$&")} broke: .+ \\(gave up after 2 retries\\)$`,
      ),
    );
    expect(retryLines(r.stderr)).toHaveLength(2);
    expect(modelRequests(model)).toHaveLength(3);
    const disk = onDisk(codexHome);
    expect(disk.events("agent_message")).toEqual([]);
    expect(disk.answers).toEqual([]);
    telemetryFiles(path.join(codexHome, "logs"));
  });
});

describe("5. malformed events and invalid tool arguments", () => {
  it.each(["responses", "chat"] as const)(
    "a malformed SSE event is skipped with a warning and the turn completes (%s)",
    async (wire) => {
      const { codexHome, r } = await execWith(
        `malformed-${wire}`,
        [{ text: "still whole", fault: { malformedEvent: true, malformedAfterEvents: 2 } }],
        [],
        wire,
      );
      expect(r.code).toBe(0);
      expect(r.stdout).toBe("still whole\n");
      expect(r.stderr).toMatch(/^warning: skipped a malformed stream event: \{this is not json$/m);
      expect(onDisk(codexHome).messages("agent_message")).toEqual(["still whole"]);
    },
  );

  it.each(["responses", "chat"] as const)(
    "invalid JSON in a tool call's arguments: the model gets an error output and goes on (%s)",
    async (wire) => {
      const { model, codexHome, r } = await execWith(
        `badargs-${wire}`,
        [
          { function_call: { name: "shell", arguments: '{"command": ["ls", ' } },
          { function_call: { name: "update_plan", arguments: "not json at all" } },
          { text: "fixed my call" },
        ],
        ["--json"],
        wire,
      );
      expect(r.code).toBe(0);
      const lines = r.stdout.trim().split("\n");
      assertValidExecEvents(lines);
      expect(JSON.parse(lines.at(-1) as string).type).toBe("turn.completed");
      const outputs = onDisk(codexHome)
        .items.filter((i) => i.type === "function_call_output")
        .map((i) => String(i.output));
      expect(outputs).toHaveLength(2);
      for (const o of outputs) expect(o).toMatch(/^failed to parse function arguments: /);
      // The model saw both errors before its last answer.
      const last = JSON.stringify(modelRequests(model).at(-1)?.body);
      expect(last.match(/failed to parse function arguments/g)).toHaveLength(2);
      callsPaired(onDisk(codexHome).records);
    },
  );

  it("tool arguments of the wrong shape: the model is told which argument and how, and nothing runs", async () => {
    const { model, codexHome, r } = await execWith(
      "wrongargs",
      [
        { function_call: { name: "shell", arguments: '{"command": "touch ran.txt"}' } },
        { function_call: { name: "update_plan", arguments: '{"plan": [{"step": "build", "status": "done"}]}' } },
        { text: "fixed my call" },
      ],
      ["--json"],
      "responses",
    );
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split("\n");
    assertValidExecEvents(lines);
    expect(lines.map((l) => String(JSON.parse(l).item?.type))).not.toContain("command_execution");
    expect(lines.map((l) => String(JSON.parse(l).item?.type))).not.toContain("todo_list");
    const outputs = onDisk(codexHome)
      .items.filter((i) => i.type === "function_call_output")
      .map((i) => String(i.output));
    expect(outputs).toEqual([
      'failed to parse function arguments: command: must be a non-empty array of strings, e.g. ["bash", "-lc", "ls"]',
      'failed to parse function arguments: plan.0.status: Invalid option: expected one of "pending"|"in_progress"|"completed"',
    ]);
    expect(JSON.stringify(modelRequests(model).at(-1)?.body)).toContain("plan.0.status: Invalid option");
    callsPaired(onDisk(codexHome).records);
  });
});
