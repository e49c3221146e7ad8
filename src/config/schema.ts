// The config keys we know, as zod schemas. Objects are "loose": keys we do not know are
// tolerated (config.toml is shared with upstream Codex) and kept untouched.
// Each top-level key's schema is built when a config first has that key: zod constructs every
// schema object eagerly (tens of microseconds apiece on a cold start, about 290 here), and a
// config.toml names a few of the keys.
import * as z from "zod";
import { lazy } from "../util/lazy.js";

/** The efforts config accepts (upstream 0.171's catalogs add `max` and `ultra`; they are sent as given). */
export const REASONING_EFFORTS = ["none", "minimal", "low", "medium", "high", "xhigh", "max", "ultra"] as const;
/** The efforts `/model` offers for a model without a catalog entry (its catalog entry lists its own). */
export const BASELINE_REASONING_EFFORTS = ["none", "minimal", "low", "medium", "high", "xhigh"] as const;
export const REASONING_SUMMARIES = ["auto", "concise", "detailed", "none"] as const;
export const VERBOSITIES = ["low", "medium", "high"] as const;
export const APPROVAL_POLICIES = ["untrusted", "on-failure", "on-request", "never"] as const;
export const SANDBOX_MODES = ["read-only", "workspace-write", "danger-full-access"] as const;
export const WIRE_APIS = ["responses", "chat"] as const;
export const PROMPT_CACHE_SETTINGS = ["auto", "off", "breakpoints"] as const;

/** Upstream's hook events; `[hooks]` may hold other tables (upstream's own state), left alone. */
export const HOOK_EVENTS = [
  "PreToolUse",
  "PermissionRequest",
  "PostToolUse",
  "SessionStart",
  "UserPromptSubmit",
  "Stop",
  "PreCompact",
  "PostCompact",
  "SubagentStart",
  "SubagentStop",
] as const;
export type HookEventName = (typeof HOOK_EVENTS)[number];
const hookHandlerSchema = () =>
  z.looseObject({
    type: z.string(),
    command: z.string().optional(),
    timeout: z.number().int().positive().optional(),
    timeoutSec: z.number().int().positive().optional(),
    statusMessage: z.string().optional(),
    async: z.boolean().optional(),
    additionalContextLimit: z.number().optional(),
  });
const hooksSchema = () => {
  const groups = z
    .array(z.looseObject({ matcher: z.string().optional(), hooks: z.array(hookHandlerSchema()).optional() }))
    .optional();
  return z.looseObject({
    PreToolUse: groups,
    PermissionRequest: groups,
    PostToolUse: groups,
    SessionStart: groups,
    UserPromptSubmit: groups,
    Stop: groups,
    PreCompact: groups,
    PostCompact: groups,
    SubagentStart: groups,
    SubagentStop: groups,
  });
};

export type ReasoningEffort = (typeof REASONING_EFFORTS)[number];
/** Upstream's `personality`: which text fills the catalog template's `{{ personality }}`. */
export const PERSONALITIES = ["none", "friendly", "pragmatic"] as const;
export type Personality = (typeof PERSONALITIES)[number];
/** Upstream's `file_opener`: the editor whose URI scheme local file links use. */
export const FILE_OPENERS = ["vscode", "vscode-insiders", "windsurf", "cursor", "none"] as const;
export type FileOpener = (typeof FILE_OPENERS)[number];
export type ReasoningSummary = (typeof REASONING_SUMMARIES)[number];
export type Verbosity = (typeof VERBOSITIES)[number];
export type ApprovalPolicy = (typeof APPROVAL_POLICIES)[number];
/**
 * Upstream's `approval_policy = { granular = { … } }`: on-request, except that a prompt of a
 * category set to false is rejected at once (the model is told) instead of shown.
 */
export const granularApprovalSchema = () =>
  z.looseObject({
    sandbox_approval: z.boolean(),
    rules: z.boolean(),
    mcp_elicitations: z.boolean(),
    skill_approval: z.boolean().optional(),
    request_permissions: z.boolean().optional(),
  });
export type GranularApproval = z.infer<ReturnType<typeof granularApprovalSchema>>;
const approvalPolicySchema = () =>
  z.union([z.enum(APPROVAL_POLICIES), z.strictObject({ granular: granularApprovalSchema() })], {
    error: `expected one of ${APPROVAL_POLICIES.join("|")} or { granular = { sandbox_approval = …, rules = …, mcp_elicitations = … } }`,
  });
export type SandboxMode = (typeof SANDBOX_MODES)[number];
export type WireApi = (typeof WIRE_APIS)[number];
export type PromptCacheSetting = (typeof PROMPT_CACHE_SETTINGS)[number];

const positiveInt = () => z.number().int().positive();
const nonNegativeInt = () => z.number().int().nonnegative();
const nonEmptyString = () => z.string().min(1);
const stringMap = () => z.record(z.string(), z.string());
const httpUrl = () => z.string().regex(/^https?:\/\/[^\s/]+/i, "expected an http:// or https:// URL");

export const providerSchema = () =>
  z.looseObject({
    name: z.string().optional(),
    base_url: httpUrl().optional(),
    env_key: nonEmptyString().optional(),
    env_key_instructions: z.string().optional(),
    /** A fixed bearer token (upstream discourages it in favour of env_key or auth). */
    experimental_bearer_token: nonEmptyString().optional(),
    /** Command-backed bearer token (upstream's `[model_providers.<id>.auth]`). */
    auth: z
      .strictObject({
        command: z.string().trim().min(1, 'expected the command that prints the token, e.g. "lite"'),
        args: z.array(z.string()).optional(),
        timeout_ms: positiveInt().optional(),
        refresh_interval_ms: nonNegativeInt().optional(),
        cwd: nonEmptyString().optional(),
      })
      .optional(),
    wire_api: z.enum(WIRE_APIS).optional(),
    query_params: stringMap().optional(),
    http_headers: stringMap().optional(),
    env_http_headers: stringMap().optional(),
    api_key_header: z
      .string()
      .regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, 'expected an HTTP header name, e.g. "x-litellm-api-key"')
      .optional(),
    ca_certificate: nonEmptyString().optional(),
    request_max_retries: nonNegativeInt().optional(),
    stream_max_retries: nonNegativeInt().optional(),
    stream_idle_timeout_ms: positiveInt().optional(),
  });

/** Upstream's `web_search` modes: `live` searches the web, `cached` only OpenAI's index, `disabled` offers no search. */
export const WEB_SEARCH_MODES = ["live", "cached", "disabled"] as const;
export type WebSearchMode = (typeof WEB_SEARCH_MODES)[number];

/** `[tools.web_search]`: upstream's search settings (a bare `true`/`false` is accepted and means nothing, as upstream). */
const webSearchToolSchema = () =>
  z.union([
    z.boolean(),
    z.looseObject({
      context_size: z.enum(["low", "medium", "high"]).optional(),
      allowed_domains: z.array(z.string()).optional(),
      location: z
        .looseObject({
          country: z.string().optional(),
          region: z.string().optional(),
          city: z.string().optional(),
          timezone: z.string().optional(),
        })
        .optional(),
    }),
  ]);
export type WebSearchToolToml = z.infer<ReturnType<typeof webSearchToolSchema>>;

/** Keys that may appear both at the top level and inside `[profiles.<name>]`, each built when asked for. */
const modelSettings = {
  model: () => nonEmptyString().optional(),
  model_provider: () => nonEmptyString().optional(),
  model_context_window: () => positiveInt().optional(),
  context_length: () => positiveInt().optional(),
  model_auto_compact_token_limit: () => positiveInt().optional(),
  tool_output_token_limit: () => positiveInt().optional(),
  model_catalog_json: () => nonEmptyString().optional(),
  base_instructions: () => z.string().optional(),
  model_instructions_file: () => nonEmptyString().optional(),
  /** 0 (upstream accepts it): no limit is sent. */
  model_max_output_tokens: () => nonNegativeInt().optional(),
  model_reasoning_effort: () => z.enum(REASONING_EFFORTS).optional(),
  plan_mode_reasoning_effort: () => z.enum(REASONING_EFFORTS).optional(),
  service_tier: () => nonEmptyString().optional(),
  model_reasoning_summary: () => z.enum(REASONING_SUMMARIES).optional(),
  model_verbosity: () => z.enum(VERBOSITIES).optional(),
  approval_policy: () => approvalPolicySchema().optional(),
  sandbox_mode: () => z.enum(SANDBOX_MODES).optional(),
  prompt_cache: () => z.enum(PROMPT_CACHE_SETTINGS).optional(),
  web_search: () => z.enum(WEB_SEARCH_MODES).optional(),
  tools: () =>
    z
      .looseObject({
        web_search: webSearchToolSchema().optional(),
        view_image: z.boolean().optional(),
        /** `[tools.update_plan] enabled = true`: the update_plan tool is offered (upstream 0.171 offers it only so). */
        update_plan: z.looseObject({ enabled: z.boolean().optional() }).optional(),
      })
      .optional(),
};

type SchemaThunks = Record<string, () => z.ZodType>;
type Built<T extends SchemaThunks> = { [K in keyof T]: ReturnType<T[K]> };

/** `[models."<name>"]`: settings for one model name, over the top-level ones. */
const perModelSchema = () => z.looseObject({ prompt_cache: z.enum(PROMPT_CACHE_SETTINGS).optional() });

type ProfileToml = z.infer<z.ZodObject<Built<typeof modelSettings>, z.core.$loose>>;
/** A profile: every model setting's schema, built when a config first has `[profiles]`. */
const profileSchema = (): z.ZodType<ProfileToml> =>
  z.looseObject(Object.fromEntries(Object.entries(modelSettings).map(([key, build]) => [key, build()])));

const mcpServerSchema = () =>
  z
    .looseObject({
      command: nonEmptyString().optional(),
      args: z.array(z.string()).optional(),
      env: stringMap().optional(),
      cwd: z.string().optional(),
      url: httpUrl().optional(),
      bearer_token_env_var: nonEmptyString().optional(),
      http_headers: stringMap().optional(),
      env_http_headers: stringMap().optional(),
      provider_auth: nonEmptyString().optional(),
      startup_timeout_sec: z.number().positive().optional(),
      startup_timeout_ms: positiveInt().optional(),
      tool_timeout_sec: z.number().positive().optional(),
      enabled: z.boolean().optional(),
      enabled_tools: z.array(z.string()).optional(),
      disabled_tools: z.array(z.string()).optional(),
    })
    .refine((s) => s.command !== undefined || s.url !== undefined, {
      message: "expected `command` (a stdio server) or `url` (a streamable HTTP server)",
    });

const telemetrySchema = () =>
  z.looseObject({
    enabled: z.boolean().optional(),
    dir: nonEmptyString().optional(),
    max_total_bytes: nonNegativeInt().optional(),
    logs: z
      .record(z.string(), z.looseObject({ file: nonEmptyString().optional(), enabled: z.boolean().optional() }))
      .optional(),
    /** Our additions to upstream's [otel] (whose own keys are closed). */
    otel: z
      .looseObject({
        metrics_temporality: z.enum(["cumulative", "delta"]).optional(),
        flush_timeout_ms: positiveInt().optional(),
      })
      .optional(),
  });

// Upstream's [otel] table, spelled as upstream spells it (kebab-case exporter kinds and TLS keys).
export const otelExporterSchema = () => {
  const tls = z.looseObject({
    "ca-certificate": nonEmptyString().optional(),
    "client-certificate": nonEmptyString().optional(),
    "client-private-key": nonEmptyString().optional(),
  });
  return z.union(
    [
      z.enum(["none", "statsig"]),
      z.strictObject({
        "otlp-http": z.looseObject({
          endpoint: httpUrl(),
          protocol: z.enum(["binary", "json"]),
          headers: stringMap().optional(),
          tls: tls.optional(),
        }),
      }),
      z.strictObject({
        "otlp-grpc": z.looseObject({ endpoint: httpUrl(), headers: stringMap().optional(), tls: tls.optional() }),
      }),
    ],
    {
      error:
        'expected "none", { otlp-http = { endpoint = "http(s)://…", protocol = "binary"|"json", headers = {…} } } or { otlp-grpc = { endpoint = "http(s)://…" } }',
    },
  );
};
const otelSchema = () => {
  const exporter = otelExporterSchema().optional();
  return z.looseObject({
    log_user_prompt: z.boolean().optional(),
    environment: nonEmptyString().optional(),
    exporter,
    trace_exporter: exporter,
    metrics_exporter: exporter,
    span_attributes: stringMap().optional(),
  });
};

/** config.toml's top-level keys, each schema built when a config has that key. */
const configShape = {
  ...modelSettings,
  profile: () => nonEmptyString().optional(),
  profiles: () => z.record(z.string(), profileSchema()).optional(),
  models: () => z.record(z.string(), perModelSchema()).optional(),
  model_providers: () => z.record(z.string(), providerSchema()).optional(),
  sandbox_workspace_write: () =>
    z
      .looseObject({
        writable_roots: z.array(z.string()).optional(),
        network_access: z.boolean().optional(),
        exclude_tmpdir_env_var: z.boolean().optional(),
        exclude_slash_tmp: z.boolean().optional(),
      })
      .optional(),
  shell_environment_policy: () =>
    z
      .looseObject({
        inherit: z.enum(["all", "core", "none"]).optional(),
        ignore_default_excludes: z.boolean().optional(),
        exclude: z.array(z.string()).optional(),
        set: stringMap().optional(),
        include_only: z.array(z.string()).optional(),
      })
      .optional(),
  mcp_servers: () => z.record(z.string(), mcpServerSchema()).optional(),
  project_doc_max_bytes: () => nonNegativeInt().optional(),
  project_doc_fallback_filenames: () => z.array(z.string()).optional(),
  notify: () => z.array(z.string()).optional(),
  history: () =>
    z
      .looseObject({
        persistence: z.enum(["save-all", "none"]).optional(),
        max_bytes: nonNegativeInt().optional(),
      })
      .optional(),
  developer_instructions: () => z.string().optional(),
  review_model: () => nonEmptyString().optional(),
  personality: () => z.enum(PERSONALITIES).optional(),
  file_opener: () => z.enum(FILE_OPENERS).optional(),
  hide_agent_reasoning: () => z.boolean().optional(),
  show_raw_agent_reasoning: () => z.boolean().optional(),
  tui: () =>
    z
      .looseObject({
        notifications: z.union([z.boolean(), z.array(z.string())]).optional(),
        notification_method: z.enum(["auto", "osc9", "bel"]).optional(),
        notification_condition: z.enum(["unfocused", "always"]).optional(),
        animations: z.boolean().optional(),
        status_line: z.array(z.string()).optional(),
        session_picker_view: z.enum(["comfortable", "dense"]).optional(),
      })
      .optional(),
  features: () => z.record(z.string(), z.unknown()).optional(),
  /** Subagents: limits, then one table per role (`[agents.<role>]`). */
  agents: () => z.record(z.string(), z.unknown()).optional(),
  hooks: () => hooksSchema().optional(),
  projects: () =>
    z.record(z.string(), z.looseObject({ trust_level: z.enum(["trusted", "untrusted"]).optional() })).optional(),
  telemetry: () => telemetrySchema().optional(),
  otel: () => otelSchema().optional(),
};

export type ConfigToml = z.infer<z.ZodObject<Built<typeof configShape>, z.core.$loose>>;

const configKeySchemas = new Map<string, () => z.ZodType>(
  Object.entries(configShape).map(([key, build]) => [key, lazy<z.ZodType>(build)]),
);

/**
 * `table` checked against the schemas of the keys it has, in the schema's order; what the whole
 * schema would say, since every top-level key is optional and unknown keys are kept.
 */
export function parseConfigTable(table: Record<string, unknown>): z.ZodSafeParseResult<ConfigToml> {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, schema] of configKeySchemas) if (Object.hasOwn(table, key)) shape[key] = schema();
  // Parsed once or twice per process: zod's compiled fast path costs more to build (a `new
  // Function` per object schema, ~2 ms here) than it saves on one table.
  return z.looseObject(shape).safeParse(table, { jitless: true });
}
