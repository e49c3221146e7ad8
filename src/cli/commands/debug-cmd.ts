import type { Command } from "commander";
import { addConfigOptions, configOptionsOf } from "../options.js";

/**
 * The catalog built into codex-litellm. It knows no model of its own: a LiteLLM proxy decides
 * which models exist, and tells us through its catalog (`/v1/models?client_version=…`) or the
 * `model_catalog_json` file LiteLLM's `lite codex` writes.
 */
const BUILT_IN_CATALOG = { models: [] as unknown[] };

/** `debug models` as upstream: the raw catalog a launch would use, one line of JSON, without touching the network. */
export function registerDebugCommand(program: Command): void {
  const debug = program.command("debug").description("tools for debugging codex-litellm and what launches it");
  addConfigOptions(
    debug
      .command("models")
      .description(
        "print the model catalog a launch would use as JSON: model_catalog_json when set, else the built-in one (offline)",
      )
      .option("--bundled", "print the built-in catalog, ignoring model_catalog_json"),
  ).action(async (opts: { bundled?: boolean }, cmd: Command) => {
    process.stdout.write(`${JSON.stringify(await catalogToPrint(cmd, opts.bundled === true))}\n`);
  });
}

async function catalogToPrint(cmd: Command, bundled: boolean): Promise<{ models: unknown[] }> {
  if (bundled) return BUILT_IN_CATALOG;
  const { loadConfig } = await import("../../config/load.js");
  const config = await loadConfig(configOptionsOf(cmd));
  if (!config.modelCatalogJson) return BUILT_IN_CATALOG;
  const { readCatalogBody } = await import("../../gateway/model-catalog.js");
  return (await readCatalogBody(config.modelCatalogJson)).body;
}
