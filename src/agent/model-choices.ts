// The model questions front-ends ask without holding the gateway: what /model offers (the
// proxy's models, each with the window and efforts a session on it would use, resolved by the
// session's own rule), and onboarding's checks of a proxy URL and key.
import type { ResolvedConfig } from "../config/load.js";
import type { ProviderConfig } from "../config/providers.js";
import { BASELINE_REASONING_EFFORTS, REASONING_EFFORTS, type ReasoningEffort, type WireApi } from "../config/schema.js";
import type { Gateway } from "../gateway/client.js";
import { catalogEntry } from "../gateway/model-catalog.js";
import { connectWithKey } from "../gateway/proxy-check.js";
import { withDeadline } from "../util/deadline.js";
import { lookUpContextWindow, resolveModelProfile } from "./model-profile.js";
import type { ContextWindowInfo } from "../protocol/events.js";

export { probeProxy } from "../gateway/proxy-check.js";

export interface ModelChoice {
  model: string;
  /** The window a session on this model would use, and where it comes from. */
  contextWindow: ContextWindowInfo;
  /** The efforts it takes, with the catalog's descriptions (else every effort we know). */
  reasoningLevels: { effort: ReasoningEffort; description: string | null }[];
  /** The catalog's default effort, if it names one. */
  defaultEffort: string | null;
}

const isEffort = (effort: string): effort is ReasoningEffort => REASONING_EFFORTS.some((known) => known === effort);

/**
 * The models the proxy serves, as a session on each would see them: config's
 * `model_context_window`, else the model catalog (asked again now), else /model/info, else the
 * baseline. A busy proxy gets `waitMs`: then what is already known is shown, and the answers
 * still on their way serve the next call.
 */
export async function modelChoices(
  client: Pick<Gateway, "listModels" | "modelCatalog" | "modelInfo">,
  config: ResolvedConfig,
  waitMs: number,
): Promise<ModelChoice[]> {
  const known = client.modelCatalog();
  const [models, catalog] = await Promise.all([
    client.listModels(),
    withDeadline(client.modelCatalog({ refresh: true }), waitMs, known),
  ]);
  return Promise.all(
    models.map(async ({ id }) => {
      const entry = catalogEntry(catalog, id);
      const needsInfo = !config.modelContextWindow && !entry?.context_window;
      const info = needsInfo
        ? await withDeadline(
            client.modelInfo(id).catch(() => null),
            waitMs,
            null,
          )
        : null;
      const profile = resolveModelProfile(config, entry, info);
      const levels = profile.reasoningLevels.value.flatMap(({ effort, description }) =>
        isEffort(effort) ? [{ effort, description }] : [],
      );
      return {
        model: id,
        contextWindow: profile.contextWindow,
        reasoningLevels: levels.length
          ? levels
          : BASELINE_REASONING_EFFORTS.map((effort) => ({ effort, description: null })),
        defaultEffort: entry?.default_reasoning_level ?? null,
      };
    }),
  );
}

/** A proxy that accepted a key: the URL form that answered, its models, and each one's window. */
export interface ProxyConnection {
  baseUrl: string;
  models: string[];
  contextWindow(model: string): Promise<ContextWindowInfo>;
}

/** Lists the models the proxy serves to `apiKey` (onboarding); throws with the proxy's reason. */
export async function connectToProxy(
  baseUrl: string,
  apiKey: string,
  wireApi: WireApi,
  configured?: ProviderConfig,
): Promise<ProxyConnection> {
  const { gateway, models } = await connectWithKey(baseUrl, apiKey, wireApi, configured);
  return {
    baseUrl: gateway.provider.base_url,
    models: models.map((m) => m.id),
    contextWindow: (model) => lookUpContextWindow(gateway, model),
  };
}
