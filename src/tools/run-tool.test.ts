// The one place a model's tool call is parsed: what the model gets back for a call it got wrong,
// and what a tool receives when the call is right.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { ResolvedConfig } from "../config/load.js";
import type { AgentEvent } from "../protocol/events.js";
import { applyPatchTool } from "./apply-patch-tool.js";
import { functionTool } from "./function-tool.js";
import { runTool } from "./run-tool.js";
import { shellTool } from "./shell-tool.js";
import type { ToolCall, ToolContext } from "./tool.js";
import { updatePlanTool } from "./update-plan.js";
import { SecretRedactor } from "../util/redact.js";

function context(events: AgentEvent[] = []): ToolContext {
  return {
    // These tools read no setting before their arguments are accepted.
    config: {} as ResolvedConfig,
    cwd: "/nonexistent-session-dir",
    sandboxPolicy: { type: "read-only" },
    signal: new AbortController().signal,
    emit: (e) => events.push(e),
    requestApproval: () => Promise.resolve({ decision: "denied", source: "user", hookMessage: null }),
    decided: () => {},
    approvedForSession: new Set(),
    redactor: new SecretRedactor(),
  };
}

const fn = (name: string, args: string): ToolCall => ({ kind: "function", callId: "c1", name, arguments: args });

function recorder() {
  const received: unknown[] = [];
  const tool = functionTool({
    name: "greet",
    description: "greets",
    parameters: z.object({ who: z.string().describe("whom"), times: z.number().optional() }),
    run(args) {
      received.push(args);
      return Promise.resolve({ output: `hello ${args.who}`, success: true });
    },
  });
  return { tool, received };
}

describe("runTool", () => {
  it("hands the tool its arguments as the schema reads them, without keys it does not name", async () => {
    const { tool, received } = recorder();
    const result = await runTool([tool], fn("greet", '{"who":"ann","extra":1}'), context());
    expect(result).toEqual({ output: "hello ann", success: true });
    expect(received).toEqual([{ who: "ann" }]);
  });

  it("answers invalid JSON in upstream's words and does not run the tool", async () => {
    const { tool, received } = recorder();
    const result = await runTool([tool], fn("greet", '{"who": '), context());
    expect(result.success).toBe(false);
    expect(result.output).toMatch(/^failed to parse function arguments: .*JSON/);
    expect(received).toEqual([]);
  });

  it("names each argument the schema refuses", async () => {
    const { tool, received } = recorder();
    const result = await runTool([tool], fn("greet", '{"times":"twice"}'), context());
    expect(result).toEqual({
      output:
        "failed to parse function arguments: who: Invalid input: expected string, received undefined; times: Invalid input: expected number, received string",
      success: false,
    });
    expect(received).toEqual([]);
  });

  it("answers a name it does not offer as upstream does", async () => {
    const { tool, received } = recorder();
    expect(await runTool([tool, updatePlanTool], fn("grete", "{}"), context())).toEqual({
      output: "unsupported call: grete",
      success: false,
    });
    expect(received).toEqual([]);
  });

  it("shell: an empty or missing command is refused with an example, before any approval", async () => {
    for (const args of ['{"command":[]}', '{"command":"ls"}', "{}"]) {
      expect(await runTool([shellTool], fn("shell", args), context())).toEqual({
        output:
          'failed to parse function arguments: command: must be a non-empty array of strings, e.g. ["bash", "-lc", "ls"]',
        success: false,
      });
    }
  });

  it("update_plan: a step with an unknown status is refused and no plan is shown", async () => {
    const events: AgentEvent[] = [];
    const result = await runTool(
      [updatePlanTool],
      fn("update_plan", '{"plan":[{"step":"build","status":"done"}]}'),
      context(events),
    );
    expect(result.output).toBe(
      'failed to parse function arguments: plan.0.status: Invalid option: expected one of "pending"|"in_progress"|"completed"',
    );
    expect(events).toEqual([]);
    const ok = await runTool(
      [updatePlanTool],
      fn("update_plan", '{"explanation":"why","plan":[{"step":"build","status":"in_progress"}]}'),
      context(events),
    );
    expect(ok).toEqual({ output: "Plan updated", success: true });
    expect(events).toEqual([
      { type: "plan_update", explanation: "why", plan: [{ step: "build", status: "in_progress" }] },
    ]);
  });

  it("apply_patch: JSON arguments without `input` are refused before the patch is read", async () => {
    const result = await runTool([applyPatchTool], fn("apply_patch", '{"patch":"*** Begin Patch"}'), context());
    expect(result).toEqual({
      output: "failed to parse function arguments: input: Invalid input: expected string, received undefined",
      success: false,
    });
  });
});

describe("tool specs from schemas", () => {
  it("a function tool's parameters are its schema as JSON Schema, closed to other keys", () => {
    const { tool } = recorder();
    expect(JSON.stringify(tool.spec("responses", { approvalPolicy: "never" }))).toBe(
      JSON.stringify({
        type: "function",
        name: "greet",
        description: "greets",
        strict: false,
        parameters: {
          type: "object",
          properties: { who: { type: "string", description: "whom" }, times: { type: "number" } },
          required: ["who"],
          additionalProperties: false,
        },
      }),
    );
  });

  it("shell offers escalation only under on-request, and never the older `timeout` key", () => {
    const keys = (approvalPolicy: "on-request" | "never") => {
      const spec = shellTool.spec("responses", { approvalPolicy });
      return spec.type === "function" ? Object.keys(spec.parameters.properties ?? {}) : [];
    };
    expect(keys("on-request")).toEqual([
      "command",
      "workdir",
      "timeout_ms",
      "with_escalated_permissions",
      "justification",
    ]);
    expect(keys("never")).toEqual(["command", "workdir", "timeout_ms"]);
  });
});
