import { editConfigFile } from "./edit.js";
import { updateEnvFile } from "./env-file.js";
import { configFilePath } from "./home.js";
import type { WireApi } from "./schema.js";
import { isTable, type Table } from "../util/tables.js";

/** The window assumed when neither config nor the proxy's /model/info knows the model's. */
export const BASELINE_CONTEXT_LENGTH = 130_000;
export const ONBOARDING_PROVIDER_ID = "litellm";
export const ONBOARDING_PROFILE = "codex-litellm";
export const ONBOARDING_ENV_KEY = "LITELLM_API_KEY";

export interface OnboardingResult {
  baseUrl: string;
  apiKey: string;
  model: string;
  wireApi: WireApi;
  contextLength: number;
}

/**
 * Saves what onboarding learnt: the provider, model, a `codex-litellm` profile and the
 * context window go to config.toml (only these keys change); the key goes to
 * CODEX_HOME/.env with mode 0600.
 */
export async function saveOnboarding(codexHome: string, result: OnboardingResult): Promise<void> {
  await editConfigFile(configFilePath(codexHome), (doc) => {
    doc.model_provider = ONBOARDING_PROVIDER_ID;
    doc.model = result.model;
    const providers = (doc.model_providers = isTable(doc.model_providers) ? doc.model_providers : {});
    const existing = isTable(providers[ONBOARDING_PROVIDER_ID]) ? (providers[ONBOARDING_PROVIDER_ID] as Table) : {};
    providers[ONBOARDING_PROVIDER_ID] = { ...existing, name: "LiteLLM", base_url: result.baseUrl, env_key: ONBOARDING_ENV_KEY, wire_api: result.wireApi };
    setWindow(doc, result.contextLength);
    const profiles = (doc.profiles = isTable(doc.profiles) ? doc.profiles : {});
    const profile = isTable(profiles[ONBOARDING_PROFILE]) ? (profiles[ONBOARDING_PROFILE] as Table) : {};
    profiles[ONBOARDING_PROFILE] = { ...profile, model: result.model, model_provider: ONBOARDING_PROVIDER_ID };
    setWindow(profiles[ONBOARDING_PROFILE] as Table, result.contextLength);
  });
  await updateEnvFile(codexHome, ONBOARDING_ENV_KEY, result.apiKey);
}

/** Writes the window under the name the table already uses (upstream's, or our alias). */
function setWindow(table: Table, tokens: number): void {
  if (table.model_context_window !== undefined) {
    table.model_context_window = tokens;
    delete table.context_length;
  } else {
    table.context_length = tokens;
  }
}
