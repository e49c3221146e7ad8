// Codex's model catalog (`{"models":[ModelInfo, ...]}`): what LiteLLM answers to
// `GET /v1/models?client_version=<codex version>`, and what upstream reads from the file named by
// `model_catalog_json`. Only the fields we act on are kept; everything is optional, since an
// entry LiteLLM translates from model_info leaves most of them null.
import { readFile } from "node:fs/promises";
import type { ProviderConfig } from "../config/providers.js";
import { UPSTREAM_CODEX_VERSION } from "../version.js";
import { UserError, errorMessage } from "../util/errors.js";
import { httpRequest, type NetworkSettings } from "./http.js";
import { MODEL_LOOKUP_TIMEOUT_MS } from "./models.js";
import { proxyUrl } from "./proxy-request.js";
import { isJsonObject, type JsonObject } from "../util/json.js";

export interface CatalogReasoningLevel {
  effort: string;
  description: string | null;
}

export interface CatalogEntry {
  slug: string;
  context_window: number | null;
  auto_compact_token_limit: number | null;
  supported_reasoning_levels: CatalogReasoningLevel[];
  default_reasoning_level: string | null;
  base_instructions: string | null;
  apply_patch_tool_type: "freeform" | "function" | null;
  shell_type: string | null;
  supports_parallel_tool_calls: boolean | null;
  input_modalities: string[] | null;
  truncation_policy: { mode: "tokens" | "bytes"; limit: number } | null;
}

export interface ModelCatalog {
  /** `model_catalog_json` (a file from config) or `proxy` (the proxy's answer, possibly from the disk cache). */
  origin: "model_catalog_json" | "proxy";
  models: CatalogEntry[];
}

const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) && v > 0 ? v : null);
const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : null);

function parseEntry(raw: JsonObject): CatalogEntry | null {
  const slug = str(raw.slug);
  if (!slug) return null;
  const levels = Array.isArray(raw.supported_reasoning_levels)
    ? raw.supported_reasoning_levels.filter(isJsonObject)
    : [];
  const truncation = isJsonObject(raw.truncation_policy) ? raw.truncation_policy : null;
  const mode = truncation?.mode === "tokens" || truncation?.mode === "bytes" ? truncation.mode : null;
  return {
    slug,
    context_window: num(raw.context_window),
    auto_compact_token_limit: num(raw.auto_compact_token_limit),
    supported_reasoning_levels: levels
      .filter((l) => str(l.effort))
      .map((l) => ({ effort: l.effort as string, description: str(l.description) })),
    default_reasoning_level: str(raw.default_reasoning_level),
    base_instructions: str(raw.base_instructions),
    apply_patch_tool_type:
      raw.apply_patch_tool_type === "freeform" || raw.apply_patch_tool_type === "function"
        ? raw.apply_patch_tool_type
        : null,
    shell_type: str(raw.shell_type),
    supports_parallel_tool_calls:
      typeof raw.supports_parallel_tool_calls === "boolean" ? raw.supports_parallel_tool_calls : null,
    input_modalities: Array.isArray(raw.input_modalities)
      ? raw.input_modalities.filter((m): m is string => typeof m === "string")
      : null,
    truncation_policy: mode && num(truncation?.limit) ? { mode, limit: truncation?.limit as number } : null,
  };
}

/** The catalog in a body, or null when the body is not one (an OpenAI model list, an error). */
export function parseCatalog(body: unknown, origin: ModelCatalog["origin"]): ModelCatalog | null {
  if (!isJsonObject(body) || !Array.isArray(body.models)) return null;
  return { origin, models: body.models.filter(isJsonObject).flatMap((m) => parseEntry(m) ?? []) };
}

export function catalogEntry(catalog: ModelCatalog | null, model: string): CatalogEntry | null {
  return catalog?.models.find((m) => m.slug === model) ?? null;
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
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    throw new UserError(
      `model_catalog_json = ${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? String(err)})`,
    );
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    throw new UserError(`model_catalog_json = ${file}: not JSON (${errorMessage(err)}); expected {"models": [...]}`);
  }
  const catalog = parseCatalog(body, "model_catalog_json");
  if (!catalog) throw new UserError(`model_catalog_json = ${file}: expected a Codex model catalog, {"models": [...]}`);
  return catalog;
}
