// A function tool whose arguments are a zod object: its JSON spec comes from the schema
// (`z.toJSONSchema`), its argument type from `z.infer`, and its calls are parsed with it.
import { z } from "zod";
import shippedJsonSchemas from "./parameter-json-schemas.json" with { type: "json" };
import type { ToolSpec } from "../gateway/types.js";
import { errorMessage } from "../util/errors.js";
import type { ParsedArguments, SpecContext, Tool, ToolCall, ToolContext, ToolResult } from "./tool.js";

type FunctionSpec = Extract<ToolSpec, { type: "function" }>;

export interface FunctionToolDefinition<S extends z.ZodObject> {
  name: string;
  description: string;
  /** What a call may carry; keys it does not name are dropped, as the model is told none exist. */
  parameters: S;
  /** The parameters offered to the model when they differ from what a call may carry. */
  offered?: (ctx: SpecContext) => z.ZodObject;
  run: (args: z.infer<S>, ctx: ToolContext, call: ToolCall) => Promise<ToolResult>;
}

export function functionTool<S extends z.ZodObject>(definition: FunctionToolDefinition<S>): Tool<z.infer<S>> {
  const { name, description, parameters, offered, run } = definition;
  return {
    name,
    spec: (_wire, ctx) => functionSpec(name, description, offered?.(ctx) ?? parameters),
    parse: (call) => parseJsonArguments(parameters, call),
    run,
  };
}

/** A function tool's spec: the schema as JSON Schema, closed to other keys, in upstream's shape. */
function functionSpec(name: string, description: string, parameters: z.ZodObject): FunctionSpec {
  return { type: "function", name, description, strict: false, parameters: parametersJsonSchema(name, parameters) };
}

/**
 * Our tools' parameters as JSON Schema, converted ahead of time: `z.toJSONSchema` costs every
 * process about 4 ms. Keyed by `parametersKey`; parameter-json-schemas.test.ts regenerates
 * the file (`npx vitest run src/tools/parameter-json-schemas.test.ts -u`) and fails when it
 * differs from what `z.toJSONSchema` gives, so the two cannot drift apart.
 */
export const shippedParameterSchemas: Map<string, Record<string, unknown>> = new Map(
  Object.entries(shippedJsonSchemas),
);

/** A tool's name and its parameters' names, e.g. `shell(command,workdir,timeout_ms)`. */
export function parametersKey(toolName: string, schema: z.ZodObject): string {
  return `${toolName}(${Object.keys(schema.shape).join(",")})`;
}

const jsonSchemas = new WeakMap<z.ZodType, Record<string, unknown>>();

/** The schema as the JSON Schema the model gets (no `$schema` line): shipped, or computed once per schema. */
export function parametersJsonSchema(toolName: string, schema: z.ZodObject): Record<string, unknown> {
  const shipped = shippedParameterSchemas.get(parametersKey(toolName, schema));
  if (shipped) return shipped;
  let json = jsonSchemas.get(schema);
  if (!json) {
    const { $schema: _dialect, ...rest } = z.toJSONSchema(schema);
    json = rest;
    jsonSchemas.set(schema, json);
  }
  return json;
}

/**
 * A function call's JSON arguments checked against `schema`; bad JSON or a value the schema
 * refuses becomes one line the model can act on, in upstream's words.
 */
export function parseJsonArguments<S extends z.ZodType>(schema: S, call: ToolCall): ParsedArguments<z.infer<S>> {
  const text = call.kind === "function" ? call.arguments : call.input;
  const fail = (why: string) => ({
    ok: false as const,
    result: { output: `failed to parse function arguments: ${why}`, success: false },
  });
  let json: unknown;
  try {
    json = JSON.parse(text || "{}");
  } catch (err) {
    return fail(errorMessage(err));
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  return fail(parsed.error.issues.map((i) => `${i.path.join(".") || "arguments"}: ${i.message}`).join("; "));
}
