// The output items a model returns (`response.output_item.done`, the output of
// `response.completed`), checked once on arrival. An item of a type we model must have the
// fields the agent reads, or it is skipped, as upstream Codex skips an item it cannot parse; an
// item of another type (web_search_call, types of newer builds) is kept as received. A valid
// item is passed on as the very object received, so every field (and its order) goes back to
// the model and into the rollout unchanged.
import { z } from "zod";
import { PreservedItem, type ResponseItem } from "./items.js";
import { isJsonObject } from "../util/json.js";

const inputText = z.object({ type: z.literal("input_text"), text: z.string() });
/** An image; `detail` (upstream writes `high`, `low`, `original`, ...) is kept as given. */
export const inputImage = z.object({
  type: z.literal("input_image"),
  image_url: z.string(),
  detail: z.string().optional(),
});
/** The model's text; what else the model gave with it (`annotations`, `logprobs`) is kept, as upstream keeps and resends it. */
const outputText = z.looseObject({ type: z.literal("output_text"), text: z.string() });
/** A part of a message's content. */
export const contentPart = z.discriminatedUnion("type", [inputText, inputImage, outputText]);

/** The schema of each item type we model (the rollout reader reads older files with lenient variants of them). */
export const itemSchemas = {
  message: z.object({
    type: z.literal("message"),
    role: z.enum(["user", "assistant", "developer", "system"]),
    content: z.array(contentPart),
  }),
  reasoning: z.object({
    type: z.literal("reasoning"),
    summary: z.array(z.object({ type: z.literal("summary_text"), text: z.string() })),
    content: z.array(z.object({ type: z.enum(["reasoning_text", "text"]), text: z.string() })).nullish(),
    encrypted_content: z.string().nullish(),
  }),
  functionCall: z.object({
    type: z.literal("function_call"),
    name: z.string(),
    arguments: z.string(),
    call_id: z.string(),
  }),
  functionCallOutput: z.object({
    type: z.literal("function_call_output"),
    call_id: z.string(),
    output: z.union([z.string(), z.array(z.discriminatedUnion("type", [inputText, inputImage]))]),
  }),
  customToolCall: z.object({
    type: z.literal("custom_tool_call"),
    call_id: z.string(),
    name: z.string(),
    input: z.string(),
  }),
  customToolCallOutput: z.object({
    type: z.literal("custom_tool_call_output"),
    call_id: z.string(),
    output: z.string(),
  }),
  localShellCall: z.object({
    type: z.literal("local_shell_call"),
    status: z.enum(["completed", "in_progress", "incomplete"]),
    action: z.object({
      type: z.literal("exec"),
      command: z.array(z.string()),
      timeout_ms: z.number().nullish(),
      working_directory: z.string().nullish(),
      env: z.record(z.string(), z.string()).nullish(),
      user: z.string().nullish(),
    }),
    call_id: z.string().nullish(),
  }),
};

const knownItem = z.discriminatedUnion("type", [
  itemSchemas.message,
  itemSchemas.reasoning,
  itemSchemas.functionCall,
  itemSchemas.functionCallOutput,
  itemSchemas.customToolCall,
  itemSchemas.customToolCallOutput,
  itemSchemas.localShellCall,
]) satisfies z.ZodType<Exclude<ResponseItem, PreservedItem>>;

/** The item types we model; an item of another type is a {@link PreservedItem}. */
export const KNOWN_ITEM_TYPES: ReadonlySet<unknown> = new Set(
  knownItem.options.map((option) => option.shape.type.value),
);

function isKnownItem(value: unknown): value is Exclude<ResponseItem, PreservedItem> {
  return knownItem.safeParse(value).success;
}

/** The item, a {@link PreservedItem} for a type we do not model, or null when it is not a valid item. */
export function outputItem(value: unknown): ResponseItem | null {
  if (!isJsonObject(value) || typeof value.type !== "string") return null;
  if (!KNOWN_ITEM_TYPES.has(value.type)) return new PreservedItem(value);
  return isKnownItem(value) ? value : null;
}
