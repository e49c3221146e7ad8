// Checks a Responses request body the fake server received the way a real API would: every input
// item has a shape the Responses API takes (responses-input.schema.json), and every tool call is
// answered by its output (a call without one is an HTTP 400 from the real APIs).
import { readFileSync } from "node:fs";
import { Ajv, type ValidateFunction } from "ajv";

let compiled: ValidateFunction | null = null;

function validator(): ValidateFunction {
  if (compiled) return compiled;
  const schema = JSON.parse(readFileSync(new URL("./responses-input.schema.json", import.meta.url), "utf8")) as object;
  compiled = new Ajv({ allErrors: true }).compile(schema);
  return compiled;
}

type Json = Record<string, unknown>;

/** Problems with the body, one line each; empty when a real Responses API would take it. */
export function responsesRequestProblems(body: unknown): string[] {
  const validate = validator();
  const problems: string[] = [];
  if (!validate(body)) {
    for (const e of validate.errors ?? []) problems.push(`${e.instancePath || "/"} ${e.message ?? "invalid"}`);
    // oneOf reports every branch; keep the first few lines readable.
    return problems.slice(0, 12);
  }
  problems.push(...callPairingProblems((body as { input: Json[] }).input));
  return problems;
}

/** Every function / custom tool call is followed by exactly one output, and every output has its call. */
export function callPairingProblems(input: readonly Json[]): string[] {
  const problems: string[] = [];
  const open = new Map<string, string>();
  const seen = new Set<string>();
  input.forEach((item, index) => {
    const id = String(item.call_id);
    if (item.type === "function_call" || item.type === "custom_tool_call") {
      if (seen.has(id)) problems.push(`input[${index}] repeats call id ${id}`);
      seen.add(id);
      open.set(id, item.type === "function_call" ? "function_call_output" : "custom_tool_call_output");
    } else if (item.type === "function_call_output" || item.type === "custom_tool_call_output") {
      if (open.get(id) !== item.type)
        problems.push(`input[${index}] ${String(item.type)} for ${id} answers no open call`);
      open.delete(id);
    }
  });
  for (const [id] of open) problems.push(`call ${id} has no output`);
  return problems;
}
