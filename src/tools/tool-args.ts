// A function call's JSON arguments, validated once against the tool's zod schema: the tool then
// works with typed values, and a bad call becomes one line the model can act on.
import type { z } from "zod";
import { errorMessage } from "../util/errors.js";
import type { ToolCall, ToolResult } from "./tool.js";

export function parseToolArguments<S extends z.ZodType>(
  schema: S,
  call: ToolCall,
): { ok: true; value: z.infer<S> } | { ok: false; result: ToolResult } {
  const text = call.kind === "function" ? call.arguments : call.input;
  const fail = (why: string) => ({
    ok: false as const,
    result: { output: `failed to parse ${call.name} arguments: ${why}`, success: false },
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
