// kill -9 during a long tool-calling run, then resume: the session file may end between a call
// and its output (or in the middle of a line), and the resumed request must still be one a real
// Responses API accepts: every call paired with an output ("aborted" for the one cut short), every
// item of a shape the API takes.
import { describe, expect, it } from "vitest";
import { callPairingProblems, responsesRequestProblems } from "../schemas/responses-input.js";
import { runCli } from "../support/cli.js";
import { jsonLines } from "../support/jsonl.js";
import {
  ENV,
  home,
  modelName,
  processesRunning,
  repo,
  rolloutFiles,
  startCli,
  useFakeServer,
  waitFor,
} from "./support.js";
import { readFileSync } from "node:fs";

const fake = useFakeServer();

type Json = Record<string, unknown>;

/** The rollout's records so far, skipping a line cut off by the kill. */
function records(codexHome: string): Json[] {
  const [file] = rolloutFiles(codexHome);
  if (!file) return [];
  return jsonLines(readFileSync(file, "utf8"));
}

const items = (codexHome: string) =>
  records(codexHome)
    .filter((r) => r.type === "response_item")
    .map((r) => r.payload as Json);

describe("kill -9 during a 50-call run, then resume", () => {
  // Each trial kills at another point: right after the n-th call was recorded, before its output.
  it.each([2, 5, 9])("killed while call %i runs: the resumed request pairs every call and validates", async (calls) => {
    const model = modelName("kill9");
    fake.server.setScript(model, [
      { repeat: 50, shell: ["bash", "-c", "sleep 0.3; echo step {i}"] },
      { text: "all done" },
    ]);
    const codexHome = home(fake.server.url, model);
    const dir = repo();
    const run = startCli(["exec", "--dangerously-bypass-approvals-and-sandbox", "-C", dir, "run the 50 steps"], {
      home: codexHome,
      env: ENV,
      timeoutMs: 60_000,
    });
    await waitFor(
      `call ${calls} to be recorded without its output`,
      () => {
        const recorded = items(codexHome);
        const last = recorded.at(-1);
        return recorded.filter((i) => i.type === "function_call").length === calls && last?.type === "function_call";
      },
      30_000,
    );
    run.child.kill("SIGKILL");
    await run.done;

    const open = items(codexHome).at(-1) as Json;
    expect(open.type).toBe("function_call");
    const id = (records(codexHome)[0]?.payload as Json).id as string;
    fake.server.setScript(model, [{ text: "resumed" }]);
    const before = fake.server.requests(model).length;
    const resumed = await runCli(["exec", "resume", id, "-C", dir, "go on"], { home: codexHome, env: ENV });
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toBe("resumed\n");
    const body = fake.server.requests(model)[before]?.body as { input: Json[] };
    expect(responsesRequestProblems(body)).toEqual([]);
    // The call cut short is answered "aborted", right after it; the earlier ones keep their outputs.
    const at = body.input.findIndex((i) => i.type === "function_call" && i.call_id === open.call_id);
    expect(body.input[at + 1]).toEqual({ type: "function_call_output", call_id: open.call_id, output: "aborted" });
    expect(body.input.filter((i) => i.type === "function_call_output" && i.output !== "aborted")).toHaveLength(
      calls - 1,
    );
  });

  it.each(["responses", "chat"] as const)(
    "interrupted (SIGINT) during a call on the %s wire: the calls cut short and not started are recorded 'aborted by user', and the resumed request pairs every call",
    async (wire) => {
      const model = modelName(`int-${wire}`);
      fake.server.setScript(model, [
        {
          shell: [
            ["bash", "-c", "echo quick"],
            ["bash", "-c", `sleep 30${process.pid}`],
            ["bash", "-c", "echo never"],
          ],
        },
        { text: "never" },
      ]);
      const codexHome = home(fake.server.url, model, "", `wire_api = "${wire}"`);
      const dir = repo();
      const run = startCli(["exec", "--dangerously-bypass-approvals-and-sandbox", "-C", dir, "two commands"], {
        home: codexHome,
        env: ENV,
      });
      await waitFor("the first call's output", () => items(codexHome).some((i) => i.type === "function_call_output"));
      await waitFor("the second command to run", () => processesRunning(`sleep 30${process.pid}`).length > 0);
      run.child.kill("SIGINT");
      expect((await run.done).code).toBe(1);
      // Every call of that model turn has an output on disk: upstream's "aborted by user" for the
      // one cut short and the one never started.
      const recorded = items(codexHome);
      expect(callPairingProblems(recorded)).toEqual([]);
      const outputs = recorded.filter((i) => i.type === "function_call_output").map((i) => String(i.output));
      expect(outputs).toEqual([
        expect.stringContaining("quick"),
        expect.stringMatching(/^Wall time: \d+\.\d seconds\naborted by user$/),
        expect.stringMatching(/^Wall time: \d+\.\d seconds\naborted by user$/),
      ]);

      const id = (records(codexHome)[0]?.payload as Json).id as string;
      fake.server.setScript(model, [{ text: "resumed" }]);
      const before = fake.server.requests(model).length;
      const resumed = await runCli(["exec", "resume", id, "-C", dir, "go on"], { home: codexHome, env: ENV });
      expect(resumed.code).toBe(0);
      const body = fake.server.requests(model)[before]?.body as { input?: Json[]; messages?: Json[] };
      if (wire === "responses") {
        expect(responsesRequestProblems(body)).toEqual([]);
      } else {
        const messages = body.messages as { role: string; tool_calls?: { id: string }[]; tool_call_id?: string }[];
        const calls = messages.flatMap((m) => m.tool_calls ?? []).map((c) => c.id);
        expect(calls).toHaveLength(3);
        messages.forEach((m, i) => {
          if (m.tool_calls)
            expect(messages.slice(i + 1, i + 1 + m.tool_calls.length).map((t) => t.tool_call_id)).toEqual(
              m.tool_calls.map((c) => c.id),
            );
        });
      }
    },
  );
});
