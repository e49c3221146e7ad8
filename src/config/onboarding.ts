import { updateEnvFile } from "./env-file.js";
import { configFilePath } from "./home.js";
import type { WireApi } from "./schema.js";
import { isTable, type Table } from "../util/tables.js";

export const ONBOARDING_PROVIDER_ID = "litellm";
export const ONBOARDING_PROFILE = "codex-litellm";
export const ONBOARDING_ENV_KEY = "LITELLM_API_KEY";

/** The URL first run and `login` offer: the configured LiteLLM provider's (without /v1), else a local proxy. */
export function onboardingDefaultUrl(provider: { id: string; base_url: string }): string {
  return provider.id === ONBOARDING_PROVIDER_ID ? provider.base_url.replace(/\/v1\/?$/, "") : "http://localhost:4000";
}

export interface OnboardingResult {
  baseUrl: string;
  /** The key, saved to CODEX_HOME/.env; or `auth`: a command prints the token (`login --sso`). */
  apiKey?: string;
  auth?: { command: string; args: string[]; timeout_ms: number; refresh_interval_ms: number };
  model: string;
  wireApi: WireApi;
  /** A window the user typed; unset: none is written, each model's is discovered at run time. */
  contextWindow?: number;
}

/**
 * Saves what onboarding learnt: the provider, model and a `codex-litellm` profile go to
 * config.toml (only these keys change), with `model_context_window` only when the user typed
 * one; the key goes to CODEX_HOME/.env with mode 0600.
 */
export async function saveOnboarding(codexHome: string, result: OnboardingResult): Promise<void> {
  // The TOML editor (about 240 KB) loads only here: every exec and TUI start imports this module.
  const { editConfigFile } = await import("./edit.js");
  await editConfigFile(configFilePath(codexHome), (doc) => {
    doc.model_provider = ONBOARDING_PROVIDER_ID;
    doc.model = result.model;
    const providers = (doc.model_providers = isTable(doc.model_providers) ? doc.model_providers : {});
    // The credential written replaces the other kinds (upstream refuses auth beside env_key).
    const {
      auth: _auth,
      env_key: _envKey,
      experimental_bearer_token: _token,
      ...existing
    } = isTable(providers[ONBOARDING_PROVIDER_ID]) ? providers[ONBOARDING_PROVIDER_ID] : {};
    providers[ONBOARDING_PROVIDER_ID] = {
      ...existing,
      name: "LiteLLM",
      base_url: result.baseUrl,
      ...(result.auth ? { auth: { ...result.auth } } : { env_key: ONBOARDING_ENV_KEY }),
      wire_api: result.wireApi,
    };
    setWindow(doc, result.contextWindow);
    const profiles = (doc.profiles = isTable(doc.profiles) ? doc.profiles : {});
    const existingProfile = isTable(profiles[ONBOARDING_PROFILE]) ? profiles[ONBOARDING_PROFILE] : {};
    const profile = { ...existingProfile, model: result.model, model_provider: ONBOARDING_PROVIDER_ID };
    setWindow(profile, result.contextWindow);
    profiles[ONBOARDING_PROFILE] = profile;
  });
  if (result.apiKey !== undefined) await updateEnvFile(codexHome, ONBOARDING_ENV_KEY, result.apiKey);
}

/**
 * Writes a typed window under upstream's name. `context_length` (the alias earlier onboardings
 * pinned, which upstream warns about and which outlived any `/model` switch) is dropped.
 */
function setWindow(table: Table, tokens: number | undefined): void {
  delete table.context_length;
  if (tokens !== undefined) table.model_context_window = tokens;
}
