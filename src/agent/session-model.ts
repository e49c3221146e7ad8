// Which model a session runs when none is configured: the one upstream picks from the model
// catalog (`model_catalog_json`, else the proxy's), so a launcher that hands over a catalog and
// no `-m` (LiteLLM's `lite codex`) gets the catalog's first model, as with upstream Codex.
import type { ResolvedConfig } from "../config/load.js";
import { Gateway, gatewayOptionsOf } from "../gateway/client.js";
import { defaultCatalogModel } from "../gateway/model-catalog.js";
import { UserError } from "../util/errors.js";

/** The configured model, else the resumed session's, else the catalog's default; null when there is none. */
export async function sessionModel(
  config: ResolvedConfig,
  gateway: Pick<Gateway, "modelCatalog">,
  resumedModel?: string,
): Promise<string | null> {
  return config.model ?? resumedModel ?? defaultCatalogModel(await gateway.modelCatalog());
}

export function noModelError(): UserError {
  return new UserError(
    "no model configured and the model catalog lists none: run `codex-litellm login`, set `model` in config.toml, or pass -m <model>",
  );
}

/**
 * The model for a session that has no front-end gateway yet (exec): when the catalog had to be
 * read to find it, the gateway that read it comes along, so the session does not ask again.
 */
export async function chooseSessionModel(
  config: ResolvedConfig,
  resumedModel?: string,
): Promise<{ model: string; gateway?: Gateway }> {
  const known = config.model ?? resumedModel;
  if (known) return { model: known };
  const gateway = new Gateway(config.provider, gatewayOptionsOf(config));
  const model = await sessionModel(config, gateway);
  if (!model) throw noModelError();
  return { model, gateway };
}
