// The tools' parameters ship as JSON Schema converted ahead of time (parameter-json-schemas.json,
// read by function-tool.ts). This test makes that file: `npx vitest run <this file> -u` rewrites
// it from `z.toJSONSchema`; without -u it fails when the file and the schemas differ.
import { describe, expect, it } from "vitest";
import { APPROVAL_POLICIES, WIRE_APIS } from "../config/schema.js";
import type { ToolSpec } from "../gateway/types.js";
import { applyPatchTool } from "./apply-patch-tool.js";
import { parametersKey, shippedParameterSchemas } from "./function-tool.js";
import { mcpResourceTools, type McpResourceSource } from "./mcp-resource-tools.js";
import { shellCommandTool } from "./shell-command-tool.js";
import { shellTool } from "./shell-tool.js";
import type { ApplyPatchToolType } from "./tool.js";
import { unifiedExecTools } from "./unified-exec/tools.js";
import { updatePlanTool } from "./update-plan.js";
import { GoalStore } from "./goals/goal-store.js";
import { goalTools } from "./goals/goal-tools.js";
import { requestUserInputTool } from "./request-user-input.js";
import { viewImageTool } from "./view-image.js";

const APPLY_PATCH_TYPES: (ApplyPatchToolType | undefined)[] = [undefined, "freeform", "function", "none"];

/** Every function spec a session can offer (agent/create-session.ts's tools), in every context a spec depends on. */
function offeredFunctionSpecs() {
  const noResources: McpResourceSource = {
    listResources: () => Promise.resolve({ resources: [] }),
    listResourceTemplates: () => Promise.resolve({ resourceTemplates: [] }),
    listAllResources: () => Promise.resolve(new Map()),
    listAllResourceTemplates: () => Promise.resolve(new Map()),
    readResource: () => Promise.resolve({ contents: [] }),
  };
  const tools = [
    shellTool,
    shellCommandTool,
    ...unifiedExecTools().tools,
    requestUserInputTool({}),
    applyPatchTool,
    updatePlanTool,
    ...goalTools(new GoalStore("thread", null)),
    viewImageTool,
    ...mcpResourceTools(noResources),
  ];
  return tools
    .flatMap((tool) =>
      WIRE_APIS.flatMap((wire) =>
        APPROVAL_POLICIES.flatMap((approvalPolicy) =>
          APPLY_PATCH_TYPES.map((applyPatchToolType) => tool.spec(wire, { approvalPolicy, applyPatchToolType })),
        ),
      ),
    )
    .filter((spec): spec is Extract<ToolSpec, { type: "function" }> => spec.type === "function");
}

const keyOf = (spec: Extract<ToolSpec, { type: "function" }>) =>
  `${spec.name}(${Object.keys(spec.parameters.properties ?? {}).join(",")})`;

describe("parameter-json-schemas.json", () => {
  it("holds what z.toJSONSchema makes of every offered tool's parameters, and the specs use it", async () => {
    const shipped = new Map(shippedParameterSchemas);
    shippedParameterSchemas.clear();
    let computed;
    try {
      computed = offeredFunctionSpecs();
    } finally {
      for (const [key, json] of shipped) shippedParameterSchemas.set(key, json);
    }
    const entries = computed.map((spec): [string, unknown] => [keyOf(spec), spec.parameters]);
    const table = Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : 1)));
    await expect(`${JSON.stringify(table, null, 2)}\n`).toMatchFileSnapshot("./parameter-json-schemas.json");

    const specs = offeredFunctionSpecs();
    expect(specs).toEqual(computed);
    for (const spec of specs) expect(spec.parameters).toBe(shippedParameterSchemas.get(keyOf(spec)));
  });

  it("keys a schema by its tool's name and its parameters' names", async () => {
    const { z } = await import("zod");
    expect(parametersKey("shell", z.object({ command: z.string(), workdir: z.string().optional() }))).toBe(
      "shell(command,workdir)",
    );
  });
});
