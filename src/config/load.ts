import { readFileSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileErrorReason, UserError } from "../util/errors.js";
import { deepMerge, getPath, isTable, type Table } from "../util/tables.js";
import { loadEnvFile } from "./env-file.js";
import { configFilePath, resolveCodexHome } from "./home.js";
import { overridesToTable, parseOverride, type ConfigOverride } from "./overrides.js";
import { DEFAULT_PROVIDER_ID, resolveProvider, type ProviderConfig } from "./providers.js";
import { keyReport, type KeyNotice } from "./key-notices.js";
import { hookStates, hookTrustNotices, type HookToReview } from "./hook-trust.js";
import { resolveHooks, SESSION_FLAGS_CONFIG, type HookHandler } from "./hooks-config.js";
import { projectTrust, type ProjectTrust } from "./project-trust.js";
import { profileMayApply } from "./known-key-lookup.js";
import type {
  ApprovalPolicy,
  ConfigToml,
  GranularApproval,
  Personality,
  PromptCacheSetting,
  ReasoningEffort,
  ReasoningSummary,
  SandboxMode,
  Verbosity,
} from "./schema.js";
import { resolveOtel, type OtelConfig } from "./otel-config.js";
import { checkTelemetryDir, resolveTelemetry, type TelemetryConfig } from "./telemetry-config.js";
import { readTomlFile } from "./toml-file.js";
import { resolveWebSearch, viewImageEnabled, type WebSearchConfig } from "./web-search-config.js";
import { checkContextAlias, validateConfigTable } from "./validate.js";

/** Settings given as dedicated CLI flags; they win over everything else. */
export interface ConfigFlags {
  model?: string;
  profile?: string;
  sandboxMode?: SandboxMode;
  approvalPolicy?: ApprovalPolicy;
  telemetry?: boolean;
  cwd?: string;
  /** `--search`: live web search for this run (upstream's flag). */
  webSearch?: boolean;
  /** `--dangerously-bypass-hook-trust`: config.toml hooks run without being trusted first. */
  bypassHookTrust?: boolean;
}

export interface LoadConfigOptions {
  env?: NodeJS.ProcessEnv;
  /** Raw `-c key=value` flags, in the order given. */
  overrides?: readonly string[];
  flags?: ConfigFlags;
}

export const DEFAULT_PROJECT_DOC_MAX_BYTES = 32 * 1024;

export interface ResolvedConfig {
  codexHome: string;
  configFile: string;
  cwd: string;
  profile?: string;
  model?: string;
  provider: ProviderConfig;
  /** Explicit window from `context_length` / `model_context_window`; unset means "ask the proxy". */
  modelContextWindow?: number;
  modelAutoCompactTokenLimit?: number;
  /** `tool_output_token_limit`: replaces the limit of the catalog's truncation policy (tokens). */
  toolOutputTokenLimit?: number;
  /** Upstream's `model_catalog_json`: a Codex model catalog file that wins over the proxy's. */
  modelCatalogJson?: string;
  /** `base_instructions`, else the text of `model_instructions_file`: replaces the model's own instructions. */
  baseInstructions?: string;
  modelMaxOutputTokens?: number;
  reasoningEffort?: ReasoningEffort;
  reasoningSummary?: ReasoningSummary;
  verbosity?: Verbosity;
  /** `granular` approvals act as `on-request` here, with `granularApproval` saying which prompts are rejected. */
  approvalPolicy: ApprovalPolicy;
  granularApproval: GranularApproval | null;
  developerInstructions?: string;
  /** `review_model`: the model reviews run on (unset: the session's model). */
  reviewModel?: string;
  /** Upstream's `service_tier`, as sent (`fast` is sent as `priority`). */
  serviceTier?: string;
  hideAgentReasoning: boolean;
  /** Upstream's web search mode and `[tools.web_search]` settings. */
  webSearch: WebSearchConfig;
  /** Whether the view_image tool is offered (`features.view_image_tool`, `tools.view_image`; default on). */
  viewImage: boolean;
  /** Whether the update_plan tool is offered (`[tools.update_plan] enabled = true`; default off, as upstream 0.171). */
  updatePlan: boolean;
  /** `file_opener` (default `vscode`, as upstream): the editor local file links in the UI open in. */
  fileOpener: NonNullable<ConfigToml["file_opener"]>;
  /** `personality`: fills the model catalog's instructions template (unset: the template's default). */
  personality?: Personality;
  /** `show_raw_agent_reasoning`: raw reasoning text is shown besides the summaries. */
  showRawAgentReasoning: boolean;
  /** `[features]`: upstream's flags; `unified_exec` is read (see model-profile.ts). */
  features: Record<string, unknown>;
  /** `[agents]`: subagent limits and roles (agent/subagents/). */
  agents: Record<string, unknown>;
  sandboxMode: SandboxMode;
  sandboxWorkspaceWrite: NonNullable<ConfigToml["sandbox_workspace_write"]>;
  shellEnvironmentPolicy: NonNullable<ConfigToml["shell_environment_policy"]>;
  mcpServers: NonNullable<ConfigToml["mcp_servers"]>;
  projectDocMaxBytes: number;
  projectDocFallbackFilenames: string[];
  notify?: string[];
  /** `[hooks]` command handlers that run, in upstream's order; empty when `features.hooks = false`. */
  hooks: HookHandler[];
  /** config.toml hooks that wait for the user's trust (they do not run until then). */
  hooksToReview: HookToReview[];
  /** Start-up lines about hook trust (hooks to review, or the bypass flag's warning). */
  hookNotices: string[];
  /** `[projects."<path>"].trust_level` for the working folder, and the folder a decision is saved for. */
  projectTrust: ProjectTrust;
  history: NonNullable<ConfigToml["history"]>;
  tui: NonNullable<ConfigToml["tui"]>;
  telemetry: TelemetryConfig;
  /** Upstream's `[otel]` export; null when nothing is exported. */
  otel: OtelConfig | null;
  /** `prompt_cache` (default `auto`); `[models."<name>"] prompt_cache` wins for that model. */
  promptCache: PromptCacheSetting;
  models: NonNullable<ConfigToml["models"]>;
  /** One line per config key (file or `-c`) that is not used, to show once at start-up. */
  keyNotices: KeyNotice[];
  /** The merged table (config.toml < profile < -c < flags), unknown keys included. */
  effective: Table;
}

/**
 * Resolves the configuration. Precedence, lowest first: defaults < config.toml <
 * selected profile < `-c` overrides < dedicated CLI flags. `context_length` is an alias of
 * `model_context_window` in every layer.
 */
export async function loadConfig(options: LoadConfigOptions = {}): Promise<ResolvedConfig> {
  const env = options.env ?? process.env;
  const flags = options.flags ?? {};
  const codexHome = resolveCodexHome(env);
  const configFile = configFilePath(codexHome);
  await loadEnvFile(codexHome, env);

  const { table: fileTable } = await readTomlFile(configFile);
  validateConfigTable(fileTable, configFile);
  const overrides = (options.overrides ?? []).map(parseOverride);
  // Each override is checked on top of the file, so `-c mcp_servers.x.enabled=false` is valid
  // when the file defines the rest of that server; a problem is still blamed on the flag.
  for (const o of overrides)
    validateConfigTable(deepMerge(withoutAliasTwin(fileTable, o.keys), overridesToTable([o])), o.source);

  const fromFile = normalizeContextAlias(fileTable, configFile, "");
  const fromOverrides = normalizeContextAlias(overridesToTable(overrides), "-c flags", "");
  // Overrides are applied once before choosing the profile (so `-c profile=x` and
  // `-c profiles.x.model=y` work) and once after merging it (so they beat the profile).
  const base = deepMerge(fromFile, fromOverrides);
  const profile = flags.profile ?? (typeof base.profile === "string" ? base.profile : undefined);
  let merged = base;
  if (profile !== undefined) {
    const profiles = isTable(base.profiles) ? base.profiles : {};
    const table = profiles[profile];
    if (!isTable(table)) {
      const known = Object.keys(profiles);
      throw new UserError(
        `profile "${profile}" is not defined in ${configFile}${known.length ? ` (defined: ${known.join(", ")})` : ""}`,
      );
    }
    // A profile sets only what upstream lets a profile set; the rest is named (keyNotices), not applied.
    const applied = Object.fromEntries(Object.entries(table).filter(([key]) => profileMayApply(key)));
    // Of `[tui]`, upstream's profiles take only `session_picker_view`.
    if (isTable(applied.tui)) applied.tui = pick(applied.tui, ["session_picker_view"]);
    merged = deepMerge(
      deepMerge(base, normalizeContextAlias(applied, configFile, `profiles.${profile}.`)),
      fromOverrides,
    );
    // A profile may set any key: its values are checked where they land.
    validateConfigTable(merged, configFile);
  }
  const effective = deepMerge(merged, flagsTable(flags));
  const settings = validateConfigTable(effective, "command-line flags");
  const cwd = resolveCwd(flags.cwd);
  const trust = projectTrust(settings.projects, cwd);
  const hooks = resolveHooks(settings, "config", {
    source: (event) => {
      const fromFlags = isTable(fromOverrides.hooks) && fromOverrides.hooks[event] !== undefined;
      return { path: fromFlags ? SESSION_FLAGS_CONFIG : configFile, fromFlags };
    },
    states: hookStates(effective.hooks),
    bypassTrust: flags.bypassHookTrust === true,
  });

  const providerId = settings.model_provider ?? DEFAULT_PROVIDER_ID;
  const telemetry = resolveTelemetry(isTable(effective.telemetry) ? effective.telemetry : undefined, codexHome);
  const setsTelemetryDir = (o: ConfigOverride) =>
    o.keys[0] === "telemetry" && (o.keys.length === 1 ? isTable(o.value) && "dir" in o.value : o.keys[1] === "dir");
  const telemetryDirFrom = overrides.findLast(setsTelemetryDir)?.source ?? configFile;
  checkTelemetryDir(telemetry, codexHome, settings.telemetry?.dir, telemetryDirFrom);

  return {
    codexHome,
    configFile,
    cwd,
    profile,
    model: settings.model,
    provider: resolveProvider(providerId, settings.model_providers, env, configFile),
    modelContextWindow: settings.model_context_window,
    modelAutoCompactTokenLimit: settings.model_auto_compact_token_limit,
    toolOutputTokenLimit: settings.tool_output_token_limit,
    modelCatalogJson: settings.model_catalog_json && resolveUserPath(settings.model_catalog_json, codexHome),
    baseInstructions: settings.base_instructions ?? readInstructionsFile(settings.model_instructions_file, codexHome),
    modelMaxOutputTokens: settings.model_max_output_tokens,
    reasoningEffort: settings.model_reasoning_effort,
    reasoningSummary: settings.model_reasoning_summary,
    verbosity: settings.model_verbosity,
    // Without a setting, a folder the user decided on is workspace-write, and an untrusted one asks
    // before anything not known to be safe (upstream's defaults); an undecided one stays read-only.
    approvalPolicy:
      typeof settings.approval_policy === "object"
        ? "on-request"
        : (settings.approval_policy ?? (trust.level === "untrusted" ? "untrusted" : "on-request")),
    granularApproval: typeof settings.approval_policy === "object" ? settings.approval_policy.granular : null,
    developerInstructions: settings.developer_instructions || undefined,
    reviewModel: settings.review_model,
    serviceTier: settings.service_tier === "fast" ? "priority" : settings.service_tier,
    hideAgentReasoning: settings.hide_agent_reasoning === true,
    webSearch: resolveWebSearch(settings),
    viewImage: viewImageEnabled(settings),
    updatePlan: settings.tools?.update_plan?.enabled === true,
    personality: settings.personality,
    fileOpener: settings.file_opener ?? "vscode",
    showRawAgentReasoning: settings.show_raw_agent_reasoning === true,
    features: settings.features ?? {},
    agents: settings.agents ?? {},
    sandboxMode: settings.sandbox_mode ?? (trust.level ? "workspace-write" : "read-only"),
    sandboxWorkspaceWrite: settings.sandbox_workspace_write ?? {},
    shellEnvironmentPolicy: settings.shell_environment_policy ?? {},
    mcpServers: settings.mcp_servers ?? {},
    projectDocMaxBytes: settings.project_doc_max_bytes ?? DEFAULT_PROJECT_DOC_MAX_BYTES,
    projectDocFallbackFilenames: settings.project_doc_fallback_filenames ?? [],
    notify: settings.notify,
    hooks: hooks.handlers,
    hooksToReview: hooks.toReview,
    hookNotices: hookTrustNotices(configFile, hooks.toReview, flags.bypassHookTrust === true),
    projectTrust: trust,
    history: settings.history ?? {},
    tui: settings.tui ?? {},
    telemetry,
    otel: resolveOtel(settings.otel, settings.telemetry?.otel, (file) => resolveUserPath(file, codexHome), env),
    promptCache: settings.prompt_cache ?? "auto",
    models: settings.models ?? {},
    keyNotices: [
      ...keyReport(fileTable, configFile).notices,
      ...overrides.flatMap((o) => keyReport(overridesToTable([o]), "-c").notices),
    ],
    effective,
  };
}

/** An override of the window replaces the file's value under either name, so it cannot conflict with it. */
function withoutAliasTwin(table: Table, keys: readonly string[]): Table {
  const last = keys[keys.length - 1];
  if (last !== "context_length" && last !== "model_context_window") return table;
  const copy = structuredClone(table);
  const parent = getPath(copy, keys.slice(0, -1));
  if (isTable(parent)) {
    delete parent.context_length;
    delete parent.model_context_window;
  }
  return copy;
}

/** A path from config: `~/` is the home directory, a relative one is relative to CODEX_HOME. */
function resolveUserPath(file: string, codexHome: string): string {
  if (file.startsWith("~/")) return path.join(os.homedir(), file.slice(2));
  return path.resolve(codexHome, file);
}

function readInstructionsFile(file: string | undefined, codexHome: string): string | undefined {
  if (file === undefined) return undefined;
  const abs = resolveUserPath(file, codexHome);
  try {
    return readFileSync(abs, "utf8");
  } catch (err) {
    throw new UserError(
      `model_instructions_file = ${file}: cannot read ${abs} (${fileErrorReason(err)}); expected a text file with the model's instructions`,
    );
  }
}

function resolveCwd(dir: string | undefined): string {
  if (dir === undefined) return process.cwd();
  const abs = path.resolve(dir);
  if (!statSync(abs, { throwIfNoEntry: false })?.isDirectory()) throw new UserError(`-C/--cd ${dir}: not a directory`);
  return abs;
}

/** Maps `context_length` onto `model_context_window` in one table (a conflict is an error). */
function normalizeContextAlias(table: Table, where: string, prefix: string): Table {
  checkContextAlias(table, where, prefix);
  const alias = table.context_length;
  if (alias === undefined) return table;
  const { context_length: _alias, ...rest } = table;
  return { ...rest, model_context_window: alias };
}

/** The dedicated CLI flags as the last layer of the configuration. */
function flagsTable(flags: ConfigFlags): Table {
  const out: Table = {};
  if (flags.model !== undefined) out.model = flags.model;
  if (flags.webSearch) out.web_search = "live";
  if (flags.sandboxMode !== undefined) out.sandbox_mode = flags.sandboxMode;
  if (flags.approvalPolicy !== undefined) out.approval_policy = flags.approvalPolicy;
  if (flags.telemetry !== undefined) out.telemetry = { enabled: flags.telemetry };
  return out;
}

function pick(table: Table, keys: readonly string[]): Table {
  return Object.fromEntries(Object.entries(table).filter(([key]) => keys.includes(key)));
}
