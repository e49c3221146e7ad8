// Upstream's web search settings: the mode (`web_search`, a profile's, else the deprecated
// `[features]` flags) and `[tools.web_search]` (context size, allowed domains, location).
import type { ConfigToml, WebSearchMode, WebSearchToolToml } from "./schema.js";

export interface WebSearchConfig {
  /** The mode config asks for; null when none is set (upstream then searches cached results). */
  mode: WebSearchMode | null;
  /** `[tools.web_search]` as a table (a bare boolean there means nothing, as upstream). */
  tool: Exclude<WebSearchToolToml, boolean> | null;
}

/**
 * As upstream resolves it: `web_search` wins; else `features.web_search_cached` → cached; else
 * `features.web_search_request` (or its old name `features.web_search`) → live; else unset.
 */
export function resolveWebSearch(settings: Pick<ConfigToml, "web_search" | "tools" | "features">): WebSearchConfig {
  const features = settings.features ?? {};
  const mode =
    settings.web_search ??
    (features.web_search_cached === true
      ? "cached"
      : features.web_search_request === true || features.web_search === true
        ? "live"
        : null);
  const tool = settings.tools?.web_search;
  return { mode, tool: typeof tool === "object" ? tool : null };
}

/** `features.view_image_tool = false` or `tools.view_image = false` (older upstream's switches) drop view_image. */
export function viewImageEnabled(settings: Pick<ConfigToml, "tools" | "features">): boolean {
  return settings.features?.view_image_tool !== false && settings.tools?.view_image !== false;
}
