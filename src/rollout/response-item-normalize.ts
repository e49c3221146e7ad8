// Turns a `response_item` payload as found in a rollout file (ours, upstream 0.169, or older
// Codex builds) into a clean shared `ResponseItem`: the gateway's item schemas, made lenient
// where older files differ. Only the fields the type knows are kept (no upstream bookkeeping such
// as `internal_chat_message_metadata_passthrough` or `annotations`), the item's `id` (sent back
// with it, as upstream 0.171 sends it) and its `metadata` (0.171's `model_search_state`), which
// round-trips; old output shapes are normalised. Types we do not model are kept untouched.
import { z } from "zod";
import { PreservedItem, type FunctionCallOutputContent, type ResponseItem } from "../gateway/items.js";
import { contentPart, inputImage, itemSchemas, KNOWN_ITEM_TYPES } from "../gateway/output-items.js";
import { isJsonObject } from "../util/json.js";
import { lazy } from "../util/lazy.js";
import { validEntries } from "../util/schema.js";

/** The item schema, built on first use (a new session never reads a rollout). */
const rolloutItem = lazy(() => {
  /** A field older files may lack or hold something else in: then it is left out. */
  const optional = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);
  const optionalString = optional(z.string());

  /** An entry with a `text`, whatever its `type` says. */
  const withText = z.object({ text: z.string() }).transform(({ text }) => text);
  /** Known entries of an array that older files may fill with other things: the others are dropped. */
  const entriesOf = <T extends z.ZodType>(entry: T) => z.array(z.unknown()).pipe(validEntries(entry));

  /**
   * Function call outputs: upstream writes a plain string, or an array of input_text/input_image
   * items; older builds wrote `{content, success}` (newer in-memory shapes use `content_items` or
   * `body`). The value of `output` as a string or a clean content array.
   */
  const outputParts = validEntries(
    z.union([inputImage, z.union([z.string(), withText]).transform((text) => ({ type: "input_text" as const, text }))]),
  );
  const functionOutput = z
    .unknown()
    .optional()
    .transform((raw) => normalizeFunctionOutput(raw, outputParts));

  return z.discriminatedUnion("type", [
    itemSchemas.message
      .extend({
        // An older build wrote a plain string.
        content: z.union([z.string(), entriesOf(contentPart)]),
        status: optionalString,
      })
      .transform(({ content, status, ...message }) => ({
        ...message,
        content:
          typeof content !== "string"
            ? content
            : [
                message.role === "assistant"
                  ? { type: "output_text" as const, text: content }
                  : { type: "input_text" as const, text: content },
              ],
        ...(status !== undefined && { status }),
      })),
    itemSchemas.reasoning.extend({
      summary: validEntries(withText.transform((text) => ({ type: "summary_text" as const, text }))),
      content: optional(
        z.union([
          z.null(),
          entriesOf(
            z.object({ type: z.unknown().optional(), text: z.string() }).transform(({ type, text }) => ({
              type: type === "text" ? ("text" as const) : ("reasoning_text" as const),
              text,
            })),
          ),
        ]),
      ),
      encrypted_content: optional(z.string().nullable()),
    }),
    itemSchemas.functionCall.extend({
      // Some builds wrote the arguments as JSON rather than as its text.
      arguments: z
        .unknown()
        .optional()
        .transform((args) => (typeof args === "string" ? args : args === undefined ? "" : JSON.stringify(args))),
      status: optionalString,
      // A namespaced tool's call (upstream's multi_agent_v1) goes back to the model with its namespace.
      namespace: optionalString,
    }),
    itemSchemas.functionCallOutput.extend({ output: functionOutput }),
    itemSchemas.customToolCall.extend({ input: z.string().catch(""), status: optionalString }),
    itemSchemas.customToolCallOutput.extend({
      output: functionOutput.transform((output) =>
        typeof output === "string"
          ? output
          : output.flatMap((c) => (c.type === "input_text" ? [c.text] : [])).join("\n"),
      ),
    }),
    itemSchemas.localShellCall.extend({
      call_id: optional(z.string().nullable()),
      status: itemSchemas.localShellCall.shape.status.catch("completed"),
      action: itemSchemas.localShellCall.shape.action.extend({
        type: z.literal("exec").catch("exec"),
        command: z.array(z.unknown()).transform((parts) => parts.map((part) => String(part))),
        timeout_ms: optional(z.number().nullable()),
        working_directory: optional(z.string().nullable()),
        env: optional(
          z.union([
            z.null(),
            z
              .record(z.string(), z.unknown())
              .transform((env) =>
                Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => typeof e[1] === "string")),
              ),
          ]),
        ),
        user: optional(z.string().nullable()),
      }),
    }),
  ]) satisfies z.ZodType<Exclude<ResponseItem, PreservedItem>>;
});

function normalizeFunctionOutput(
  raw: unknown,
  outputParts: z.ZodType<FunctionCallOutputContent[]>,
): string | FunctionCallOutputContent[] {
  if (typeof raw === "string") return raw;
  if (Array.isArray(raw)) return outputParts.parse(raw);
  if (isJsonObject(raw)) {
    if (Array.isArray(raw.content_items)) return outputParts.parse(raw.content_items);
    for (const key of ["content", "body", "output"] as const) {
      const value = raw[key];
      if (typeof value === "string") return value;
      if (Array.isArray(value)) return outputParts.parse(value);
    }
    return JSON.stringify(raw);
  }
  // What is left of JSON: a number, a boolean, or nothing.
  return typeof raw === "number" || typeof raw === "boolean" ? String(raw) : "";
}

/**
 * The normalised item; an item of a type we do not model is kept as it is ({@link PreservedItem}).
 * `null` for a payload that is not an item, or a known type missing required fields.
 */
export function normalizeResponseItem(raw: unknown): ResponseItem | null {
  if (!isJsonObject(raw) || typeof raw.type !== "string") return null;
  if (!KNOWN_ITEM_TYPES.has(raw.type)) return new PreservedItem(raw);
  const item = rolloutItem().safeParse(raw);
  if (!item.success) return null;
  // Its id (right after the type, where upstream and the agent write the ids they make: a prompt
  // resent after a resume has the bytes it was first sent with) and upstream's bookkeeping
  // (`metadata.model_search_state`) stay with the item, as read.
  const id = typeof raw.id === "string" ? { type: item.data.type, id: raw.id } : {};
  return Object.assign(id, item.data, isJsonObject(raw.metadata) ? { metadata: raw.metadata } : {});
}
