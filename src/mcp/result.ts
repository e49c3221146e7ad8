// What the model sees of an MCP tool result, following upstream Codex
// (codex-rs/protocol `CallToolResult::as_function_call_output_payload`):
//   - non-null `structuredContent` → its JSON, as the function_call_output string;
//   - else, when some content block is an image → content items (input_text / input_image with
//     a data: URL; other blocks become input_text holding their JSON);
//   - else → the JSON of the `content` array, as the string.
// A failed call (transport error, timeout, declined approval) becomes a result with one text
// block and `isError: true`, and goes through the same rules.
import type { FunctionCallOutputContent } from "../gateway/items.js";
import { firstStringField, isJsonObject } from "../util/json.js";

export interface McpCallToolResult {
  /** Absent from the `toolResult` answer of servers older than the 2024-11-05 protocol. */
  content?: unknown[];
  structuredContent?: unknown;
  isError?: boolean;
  _meta?: unknown;
}

export interface McpModelOutput {
  /** The function_call_output string (always set: also the text form of `contentItems`). */
  output: string;
  /** Set when the result carries images: the output as Responses content items. */
  contentItems: FunctionCallOutputContent[] | null;
  success: boolean;
}

export function errorResult(message: string): McpCallToolResult {
  return { content: [{ type: "text", text: message }], isError: true };
}

function contentItems(content: unknown[]): FunctionCallOutputContent[] | null {
  let sawImage = false;
  const items = content.map((block): FunctionCallOutputContent => {
    if (isJsonObject(block) && block.type === "text" && typeof block.text === "string")
      return { type: "input_text", text: block.text };
    if (isJsonObject(block) && block.type === "image" && typeof block.data === "string") {
      sawImage = true;
      const mime = firstStringField(block, "mimeType", "mime_type") ?? "application/octet-stream";
      return {
        type: "input_image",
        image_url: block.data.startsWith("data:") ? block.data : `data:${mime};base64,${block.data}`,
      };
    }
    return { type: "input_text", text: JSON.stringify(block) ?? "<content>" };
  });
  return sawImage ? items : null;
}

export function toolResultForModel(result: McpCallToolResult): McpModelOutput {
  const success = result.isError !== true;
  if (result.structuredContent !== undefined && result.structuredContent !== null) {
    return { output: JSON.stringify(result.structuredContent), contentItems: null, success };
  }
  const content = Array.isArray(result.content) ? result.content : [];
  const items = contentItems(content);
  return { output: items ? JSON.stringify(items) : JSON.stringify(content), contentItems: items, success };
}
