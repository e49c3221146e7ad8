// Codex's model catalog (`{"models":[ModelInfo, ...]}`): what LiteLLM answers to
// `GET /v1/models?client_version=<codex version>`, and what upstream reads from the file named by
// `model_catalog_json`. Only the fields we act on are kept; everything is optional, since an
// entry LiteLLM translates from model_info leaves most of them null.
import type { Personality } from "../config/schema.js";
import { readFile } from "node:fs/promises";
import { z } from "zod";
import type { ProviderConfig } from "../config/providers.js";
import { UPSTREAM_CODEX_VERSION } from "../version.js";
import { UserError, errorMessage, fileErrorReason } from "../util/errors.js";
import { isJsonObject } from "../util/json.js";
import { lazy } from "../util/lazy.js";
import { validEntries } from "../util/schema.js";
import { httpRequest } from "./http.js";
import type { NetworkSettings } from "./tls-trust.js";
import { MODEL_LOOKUP_TIMEOUT_MS } from "./models.js";
import { proxyUrl } from "./proxy-request.js";

/** The catalog's schemas, built when a catalog is first read (a proxy that serves none never needs them). */
const catalogSchemas = lazy(() => {
  /** Each field falls back on its own: a value we cannot use reads as unknown (null). */
  const positive = z.number().positive().nullable().catch(null);
  const text = z.string().min(1).nullable().catch(null);

  const reasoningLevel = z.object({ effort: z.string().min(1), description: text });

  const catalogEntrySchema = z.object({
    slug: z.string().min(1),
    /** Picker order, lowest first; the default model is the first listed one (see defaultCatalogModel). */
    priority: z.number().nullable().catch(null),
    visibility: text,
    supported_in_api: z.boolean().nullable().catch(null),
    context_window: positive,
    auto_compact_token_limit: positive,
    supported_reasoning_levels: validEntries(reasoningLevel),
    default_reasoning_level: text,
    base_instructions: text,
    /** Upstream's instructions template (`{{ personality }}` replaced by the configured personality's text). */
    model_messages: z
      .object({
        instructions_template: text,
        instructions_variables: z
          .object({
            personality_default: z.string().nullable().catch(null).optional(),
            personality_friendly: z.string().nullable().catch(null).optional(),
            personality_pragmatic: z.string().nullable().catch(null).optional(),
          })
          .nullable()
          .catch(null)
          .optional(),
      })
      .nullable()
      .catch(null)
      .optional(),
    apply_patch_tool_type: z.enum(["freeform", "function"]).nullable().catch(null),
    shell_type: text,
    /** Which subagent tools the model takes (`v1`: upstream's multi_agent_v1 namespace). */
    multi_agent_version: text,
    supports_parallel_tool_calls: z.boolean().nullable().catch(null),
    input_modalities: z
      .array(z.unknown())
      .transform((values) => values.filter((value): value is string => typeof value === "string"))
      .nullable()
      .catch(null),
    /** `text_and_image`: the web_search tool asks for images too (`search_content_types`). */
    web_search_tool_type: z.enum(["text", "text_and_image"]).nullable().catch(null),
    /** Upstream offers its tool_search tool, with the subagent and MCP tools deferred behind it. */
    supports_search_tool: z.boolean().nullable().catch(null),
    /** Images are sent at their original resolution (`detail = "original"`), unscaled. */
    supports_image_detail_original: z.boolean().nullable().catch(null),
    truncation_policy: z
      .object({ mode: z.enum(["tokens", "bytes"]), limit: z.number().positive() })
      .nullable()
      .catch(null),
  });
  const catalog = z.object({ models: z.array(z.unknown()).pipe(validEntries(catalogEntrySchema)) });
  return { reasoningLevel, catalogEntrySchema, catalog };
});

type CatalogSchemas = ReturnType<typeof catalogSchemas>;
export type CatalogReasoningLevel = z.infer<CatalogSchemas["reasoningLevel"]>;
export type CatalogEntry = z.infer<CatalogSchemas["catalogEntrySchema"]>;

/**
 * The entry's instructions as upstream builds them: its `model_messages.instructions_template`
 * with `{{ personality }}` replaced by the personality's text (`personality_default` when none is
 * configured, "" for `none`), else its `base_instructions`.
 */
export function catalogInstructions(entry: CatalogEntry, personality: Personality | undefined): string | null {
  const template = entry.model_messages?.instructions_template;
  if (!template) return entry.base_instructions;
  const variables = entry.model_messages?.instructions_variables;
  const message =
    personality === "none"
      ? ""
      : personality === undefined
        ? variables?.personality_default
        : variables?.[`personality_${personality}`];
  return template.replaceAll("{{ personality }}", message ?? "");
}

export interface ModelCatalog {
  /** `model_catalog_json` (a file from config) or `proxy` (the proxy's answer, possibly from the disk cache). */
  origin: "model_catalog_json" | "proxy";
  models: CatalogEntry[];
}

/** The catalog in a body, or null when the body is not one (an OpenAI model list, an error). */
export function parseCatalog(body: unknown, origin: ModelCatalog["origin"]): ModelCatalog | null {
  const parsed = catalogSchemas().catalog.safeParse(body);
  return parsed.success ? { origin, models: parsed.data.models } : null;
}

export function catalogEntry(catalog: ModelCatalog | null, model: string): CatalogEntry | null {
  return catalog?.models.find((m) => m.slug === model) ?? null;
}

/**
 * The model upstream picks when none is configured: the catalog in priority order (a stable sort),
 * without the models an API key cannot use (`supported_in_api: false`), then the first one the
 * picker lists (`visibility: "list"`), else the first one; null for an empty catalog.
 */
export function defaultCatalogModel(catalog: ModelCatalog | null): string | null {
  const usable = (catalog?.models ?? [])
    .filter((m) => m.supported_in_api !== false)
    .map((m, index) => ({ m, index }))
    .sort((a, b) => (a.m.priority ?? 0) - (b.m.priority ?? 0) || a.index - b.index)
    .map(({ m }) => m);
  return (usable.find((m) => m.visibility === "list") ?? usable[0])?.slug ?? null;
}

/** The proxy's catalog for the Codex release we follow; null when the proxy does not serve one. */
export async function fetchCatalog(
  provider: ProviderConfig,
  headers: Record<string, string>,
  network: NetworkSettings,
  signal?: AbortSignal,
): Promise<ModelCatalog | null> {
  const url = new URL(proxyUrl(provider, "/models"));
  url.searchParams.set("client_version", UPSTREAM_CODEX_VERSION);
  const response = await httpRequest(url.href, {
    headers: { ...headers, accept: "application/json" },
    signal,
    headersTimeoutMs: MODEL_LOOKUP_TIMEOUT_MS,
    network,
  });
  if (!response.ok) {
    response.discard();
    return null;
  }
  return parseCatalog(await response.json().catch(() => null), "proxy");
}

/** `model_catalog_json`: a file that does not hold a catalog is a configuration error. */
export async function readCatalogFile(file: string): Promise<ModelCatalog> {
  return (await readCatalogBody(file)).catalog;
}

/** The catalog file's JSON as written (for `debug models`), checked to be a catalog. */
export async function readCatalogBody(file: string): Promise<{ body: { models: unknown[] }; catalog: ModelCatalog }> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    throw new UserError(`model_catalog_json = ${file}: cannot read it (${fileErrorReason(err)})`);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    throw new UserError(`model_catalog_json = ${file}: not JSON (${errorMessage(err)}); expected {"models": [...]}`);
  }
  const catalog = parseCatalog(body, "model_catalog_json");
  const models = isJsonObject(body) && Array.isArray(body.models) ? body.models : null;
  if (!catalog || !models)
    throw new UserError(`model_catalog_json = ${file}: expected a Codex model catalog, {"models": [...]}`);
  return { body: { models }, catalog };
}
