// Everything the session takes from "which model is this": its context window, auto-compact
// limit, reasoning levels and effort, instructions and tool shapes, each with where it came from
// (config, the Codex model catalog, the proxy's /model/info, or our built-in baseline).
import type { ResolvedConfig } from "../config/load.js";
import { BASELINE_REASONING_EFFORTS, REASONING_EFFORTS, type ReasoningEffort } from "../config/schema.js";
import {
  catalogEntry,
  catalogInstructions,
  type CatalogEntry,
  type CatalogReasoningLevel,
} from "../gateway/model-catalog.js";
import type { ModelInfo } from "../gateway/models.js";
import type { TruncationPolicy } from "../protocol/policies.js";
import { formatWithSeparators } from "../util/numbers.js";
import type { ApplyPatchToolType } from "../tools/tool.js";
import type { WebSearchToolType } from "../tools/web-search.js";
import { baseInstructions } from "./base-instructions.js";
import { autoCompactLimit, effectiveContextWindow } from "./context-window.js";
import type { ContextWindowInfo, SettingSource } from "../protocol/events.js";
import type { ModelClient } from "./model-client.js";

export interface Sourced<T> {
  value: T;
  source: SettingSource;
}

export interface ModelProfile {
  contextWindow: ContextWindowInfo;
  autoCompactLimit: Sourced<number>;
  /** The efforts `/model` offers: the catalog's levels, else every effort we know. */
  reasoningLevels: Sourced<CatalogReasoningLevel[]>;
  /** The effort sent: the configured one when the model supports it, else the catalog's default. */
  reasoningEffort: Sourced<ReasoningEffort | undefined>;
  /** A configured effort the catalog says the model does not take (not sent). */
  unsupportedEffort: ReasoningEffort | null;
  /** Instructions and where they go: the `instructions` field (ours) or the first developer message (the catalog's, as upstream sends them). */
  instructions: Sourced<string> & { placement: "instructions" | "developer_message" };
  parallelToolCalls: Sourced<boolean>;
  /** The catalog entry's apply_patch shape; `none` (no entry, or one naming none): no tool, patches go through the shell. */
  applyPatchToolType: Sourced<ApplyPatchToolType>;
  /** The shell tools offered: unified exec, as upstream 0.171, unless `[features]` say otherwise (see `shellTypeOf`). */
  shellType: Sourced<ShellType>;
  /** The catalog's `supports_search_tool`: tool_search is offered and the subagent and MCP tools are deferred behind it. */
  searchTool: Sourced<boolean>;
  imagesAllowed: Sourced<boolean>;
  /** Whether the subagent tools are offered: yes unless the catalog entry names a `multi_agent_version` other than `v1`. */
  subagents: Sourced<boolean>;
  /** Images go at their original resolution (the catalog's `supports_image_detail_original`), else at high detail. */
  imageDetailOriginal: Sourced<boolean>;
  /** The catalog's `web_search_tool_type` (default `text`). */
  webSearchToolType: Sourced<WebSearchToolType>;
  /** The limit on tool output the model reads back (null: our own limits). */
  truncation: Sourced<TruncationPolicy | null>;
}

export type ShellType = "shell" | "shell_command" | "unified_exec" | "disabled";

/** The tools each shell type offers; a session offers only its model's. */
const SHELL_TOOLS: Record<ShellType, readonly string[]> = {
  shell: ["shell"],
  shell_command: ["shell_command"],
  unified_exec: ["exec_command", "write_stdin"],
  disabled: [],
};
const ANY_SHELL_TOOL = new Set(Object.values(SHELL_TOOLS).flat());

/**
 * `tools` without the shell tools of the other shell types, without apply_patch when the catalog
 * names none, and without the subagent namespace when the model's entry does not take it.
 */
export function offeredTools<T extends { name: string; namespace?: { name: string } }>(
  tools: readonly T[],
  profile: Pick<ModelProfile, "shellType" | "applyPatchToolType" | "subagents">,
): T[] {
  const shellTools = SHELL_TOOLS[profile.shellType.value];
  const withoutPatch = profile.applyPatchToolType.value === "none";
  const withoutAgents = !profile.subagents.value;
  return tools.filter(
    (t) =>
      (!ANY_SHELL_TOOL.has(t.name) || shellTools.includes(t.name)) &&
      !(withoutPatch && t.name === "apply_patch") &&
      !(withoutAgents && t.namespace?.name === "multi_agent_v1"),
  );
}

/**
 * The shell tools, as upstream 0.171 chooses them: none with `features.shell_tool = false`,
 * else exec_command/write_stdin (unified exec). `features.unified_exec = false` (which 0.171 itself
 * ignores on Linux and macOS) brings back the shell tool the catalog entry's `shell_type` names:
 * `shell_command`, or `shell` for `default`/`local` and for a model without an entry.
 */
function shellTypeOf(config: ResolvedConfig, entry: CatalogEntry | null): Sourced<ShellType> {
  if (config.features?.shell_tool === false) return { value: "disabled", source: "config" };
  if (config.features?.unified_exec !== false) return { value: "unified_exec", source: "baseline" };
  const named = entry?.shell_type;
  if (named === "shell_command" || named === "unified_exec") return { value: named, source: "catalog" };
  return { value: "shell", source: "config" };
}

const ALL_LEVELS: CatalogReasoningLevel[] = BASELINE_REASONING_EFFORTS.map((effort) => ({ effort, description: null }));
const isEffort = (e: string | null | undefined): e is ReasoningEffort =>
  REASONING_EFFORTS.some((effort) => effort === e);

/**
 * Resolves the model's settings. Config wins (`model_context_window`/`context_length`,
 * `model_auto_compact_token_limit`, `model_reasoning_effort`, `base_instructions`), then the
 * catalog entry for the model, then `/model/info`, then the built-in defaults.
 */
export function resolveModelProfile(
  config: ResolvedConfig,
  entry: CatalogEntry | null,
  info: ModelInfo | null,
  /** A resumed session's `session_meta.base_instructions`: upstream keeps a session's own prompt. */
  recordedInstructions?: string,
): ModelProfile {
  const sourced = <T>(value: T, source: SettingSource): Sourced<T> => ({ value, source });
  const contextWindow: ContextWindowInfo =
    !config.modelContextWindow && entry?.context_window
      ? { window: entry.context_window, source: "catalog" }
      : effectiveContextWindow(config.modelContextWindow, info?.max_input_tokens);
  const compact = config.modelAutoCompactTokenLimit
    ? sourced(config.modelAutoCompactTokenLimit, "config")
    : entry?.auto_compact_token_limit
      ? sourced(Math.min(entry.auto_compact_token_limit, contextWindow.window), "catalog")
      : sourced(autoCompactLimit(undefined, contextWindow.window), contextWindow.source);
  const levels = entry?.supported_reasoning_levels.length
    ? sourced(entry.supported_reasoning_levels, "catalog")
    : sourced(ALL_LEVELS, "baseline");
  const configured = config.reasoningEffort;
  const supported = (e: ReasoningEffort) => levels.source !== "catalog" || levels.value.some((l) => l.effort === e);
  const catalogDefault = isEffort(entry?.default_reasoning_level) ? entry.default_reasoning_level : undefined;
  const effort =
    configured && supported(configured)
      ? sourced<ReasoningEffort | undefined>(configured, "config")
      : catalogDefault
        ? sourced<ReasoningEffort | undefined>(catalogDefault, "catalog")
        : sourced<ReasoningEffort | undefined>(undefined, "baseline");
  // Upstream offers apply_patch only in the shape the model's entry names; without an entry, or
  // with one naming none, there is no tool (patches go through the shell, which intercepts them).
  const applyPatch: Sourced<ApplyPatchToolType> = entry?.apply_patch_tool_type
    ? sourced(entry.apply_patch_tool_type, "catalog")
    : sourced("none", entry ? "catalog" : "baseline");
  const shellType = shellTypeOf(config, entry);
  const fromCatalog = { source: "catalog" as const, placement: "developer_message" as const };
  const ours = { source: "baseline" as const, placement: "instructions" as const };
  const catalogText = entry ? catalogInstructions(entry, config.personality) : null;
  const instructions =
    config.baseInstructions !== undefined
      ? { value: config.baseInstructions, source: "config" as const, placement: "instructions" as const }
      : recordedInstructions !== undefined
        ? { value: recordedInstructions, ...(catalogText ? fromCatalog : ours) }
        : catalogText
          ? { value: catalogText, ...fromCatalog }
          : {
              value: baseInstructions({
                shell: shellType.value,
                applyPatch: applyPatch.value,
                updatePlan: config.updatePlan,
              }),
              ...ours,
            };
  return {
    contextWindow,
    autoCompactLimit: compact,
    reasoningLevels: levels,
    reasoningEffort: effort,
    unsupportedEffort: configured && !supported(configured) ? configured : null,
    instructions,
    // Upstream 0.169 asks for parallel tool calls for every catalog model (the entry's flag only
    // says whether it runs them at once); we run them one after the other either way.
    parallelToolCalls: entry ? sourced(true, "catalog") : sourced(false, "baseline"),
    applyPatchToolType: applyPatch,
    shellType,
    searchTool: entry?.supports_search_tool ? sourced(true, "catalog") : sourced(false, "baseline"),
    // Upstream offers v1 unless the entry names another version (which we do not build).
    subagents:
      config.features?.multi_agent === true
        ? sourced(true, "config")
        : entry?.multi_agent_version
          ? sourced(entry.multi_agent_version === "v1", "catalog")
          : sourced(true, "baseline"),
    imagesAllowed: entry?.input_modalities
      ? sourced(entry.input_modalities.includes("image"), "catalog")
      : info?.supports_vision === false
        ? sourced(false, "model_info")
        : sourced(true, "baseline"),
    imageDetailOriginal: entry?.supports_image_detail_original ? sourced(true, "catalog") : sourced(false, "baseline"),
    webSearchToolType: entry?.web_search_tool_type
      ? sourced(entry.web_search_tool_type, "catalog")
      : sourced<WebSearchToolType>("text", "baseline"),
    truncation: config.toolOutputTokenLimit
      ? sourced(configuredTruncation(config.toolOutputTokenLimit, entry?.truncation_policy ?? undefined), "config")
      : entry?.truncation_policy
        ? sourced(entry.truncation_policy, "catalog")
        : sourced(null, "baseline"),
  };
}

/**
 * `tool_output_token_limit` in the catalog policy's unit, as upstream applies it: tokens stay
 * tokens, a byte policy (and upstream's fallback for models without an entry) takes 4 bytes a token.
 */
function configuredTruncation(tokens: number, catalog: TruncationPolicy | undefined): TruncationPolicy {
  return catalog?.mode === "tokens" ? { mode: "tokens", limit: tokens } : { mode: "bytes", limit: tokens * 4 };
}

/** The settings that came from the catalog, as `name: value` pairs for the exec header and /status. */
export function catalogSettings(profile: ModelProfile): [string, string][] {
  const rows: [string, string][] = [];
  const add = (name: string, s: Sourced<unknown>, text: string) => {
    if (s.source === "catalog") rows.push([name, text]);
  };
  add("auto-compact limit", profile.autoCompactLimit, `${formatWithSeparators(profile.autoCompactLimit.value)} tokens`);
  add("reasoning levels", profile.reasoningLevels, profile.reasoningLevels.value.map((l) => l.effort).join(", "));
  add("default effort", profile.reasoningEffort, profile.reasoningEffort.value ?? "none");
  add(
    "instructions",
    profile.instructions,
    `${formatWithSeparators(profile.instructions.value.length)} chars, first developer message`,
  );
  add("parallel tool calls", profile.parallelToolCalls, String(profile.parallelToolCalls.value));
  add(
    "apply_patch",
    profile.applyPatchToolType,
    profile.applyPatchToolType.value === "none" ? "none (patches through the shell)" : profile.applyPatchToolType.value,
  );
  add("tool_search", profile.searchTool, profile.searchTool.value ? "subagent and MCP tools deferred" : "none");
  add("shell tool", profile.shellType, SHELL_TOOLS[profile.shellType.value].join(" + ") || "none");
  add("images", profile.imagesAllowed, profile.imagesAllowed.value ? "accepted" : "not accepted");
  add(
    "tool output limit",
    profile.truncation,
    profile.truncation.value
      ? `${formatWithSeparators(profile.truncation.value.limit)} ${profile.truncation.value.mode}`
      : "none",
  );
  return rows;
}

/**
 * The profile of `model` as a session resolves it (config, else the catalog, else /model/info,
 * else ours), and the model's /model/info, used for costs LiteLLM does not report. The catalog's
 * failure is a start-up error only when it is config's file.
 */
export async function fetchModelProfile(
  config: ResolvedConfig,
  client: Pick<ModelClient, "modelInfo" | "modelCatalog">,
  model: string,
  recordedInstructions?: string,
): Promise<{ profile: ModelProfile; info: ModelInfo | null }> {
  const info = client.modelInfo(model).catch(() => null);
  const entry = catalogEntry((await client.modelCatalog?.()) ?? null, model);
  const windowInfo = config.modelContextWindow || entry?.context_window ? null : await info;
  return { profile: resolveModelProfile(config, entry, windowInfo, recordedInstructions), info: await info };
}

/** The window for `model` as a session would resolve it (onboarding, login and doctor show it). */
export async function lookUpContextWindow(
  client: Pick<ModelClient, "modelInfo" | "modelCatalog">,
  model: string,
  configured?: number,
): Promise<ContextWindowInfo> {
  if (configured) return { window: configured, source: "config" };
  const entry = catalogEntry((await client.modelCatalog?.().catch(() => null)) ?? null, model);
  if (entry?.context_window) return { window: entry.context_window, source: "catalog" };
  return effectiveContextWindow(undefined, (await client.modelInfo(model).catch(() => null))?.max_input_tokens);
}

/** How a window's source reads in one line of output. */
export const WINDOW_SOURCE_TEXT: Record<SettingSource, string> = {
  config: "config",
  catalog: "the model catalog",
  model_info: "the proxy's /model/info",
  baseline: "the 130k baseline",
};
