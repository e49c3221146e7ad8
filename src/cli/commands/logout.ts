import type { Command } from "commander";
import { updateEnvFile } from "../../config/env-file.js";
import { envFilePath } from "../../config/home.js";
import { loadConfig } from "../../config/load.js";
import { UserError } from "../../util/errors.js";
import { addConfigOptions, configOptionsOf } from "../options.js";

export function registerLogoutCommand(program: Command): void {
  addConfigOptions(
    program.command("logout").description("remove the saved API key of the selected provider from CODEX_HOME/.env"),
  ).action(async (_opts, cmd: Command) => {
    const envBefore = { ...process.env };
    const config = await loadConfig({ ...configOptionsOf(cmd), env: { ...process.env } });
    const envKey = config.provider.env_key;
    if (!envKey)
      throw new UserError(`provider "${config.provider.id}" has no env_key, so there is no saved key to remove`);
    const file = envFilePath(config.codexHome);
    const removed = await updateEnvFile(config.codexHome, envKey, undefined);
    process.stderr.write(removed ? `Removed ${envKey} from ${file}\n` : `No saved ${envKey} in ${file}\n`);
    if (envBefore[envKey] !== undefined) {
      process.stderr.write(`Note: ${envKey} is still set in your shell environment; unset it to log out fully.\n`);
    }
  });
}
