// Upstream's hosted `web_search` tool: not a function we run but a tool the model's backend runs
// (LiteLLM passes it to backends that search, turns it into Anthropic's web search tool, or into
// `web_search_options` for a Chat Completions backend). Its results come back as
// `web_search_call` items, which are kept in the history and the rollout.
import type { WebSearchConfig } from "../config/web-search-config.js";
import type { SandboxMode } from "../config/schema.js";
import type { WebSearchToolSpec } from "../gateway/types.js";

/** The model catalog's `web_search_tool_type`: `text_and_image` also asks for image results. */
export type WebSearchToolType = "text" | "text_and_image";

/**
 * The tool as upstream offers it for one turn, or null when search is off. Unset, the mode is
 * `cached`; without a sandbox (`danger-full-access`) a mode that is not `disabled` becomes `live`.
 */
export function webSearchToolSpec(
  config: WebSearchConfig,
  sandboxMode: SandboxMode,
  toolType: WebSearchToolType,
): WebSearchToolSpec | null {
  const preferred = config.mode ?? "cached";
  if (preferred === "disabled") return null;
  const mode = sandboxMode === "danger-full-access" ? "live" : preferred;
  const spec: WebSearchToolSpec = { type: "web_search", external_web_access: mode === "live" };
  const tool = config.tool;
  if (tool?.allowed_domains) spec.filters = { allowed_domains: tool.allowed_domains };
  if (tool?.location) {
    const { country, region, city, timezone } = tool.location;
    spec.user_location = {
      type: "approximate",
      ...(country !== undefined && { country }),
      ...(region !== undefined && { region }),
      ...(city !== undefined && { city }),
      ...(timezone !== undefined && { timezone }),
    };
  }
  if (tool?.context_size) spec.search_context_size = tool.context_size;
  if (toolType === "text_and_image") spec.search_content_types = ["text", "image"];
  return spec;
}
