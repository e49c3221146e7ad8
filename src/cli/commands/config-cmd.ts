import type { Command } from "commander";
import { existsSync } from "node:fs";
import { configFilePath, envFilePath, resolveCodexHome } from "../../config/home.js";
import { loadConfig } from "../../config/load.js";
import { parseOverride } from "../../config/overrides.js";
import { UserError } from "../../util/errors.js";
import { maskSecretFields, maskSecretTable, maskSecretText } from "../../util/redact.js";
import { getPath, setPath, unsetPath } from "../../util/tables.js";
import { addConfigOptions, configOptionsOf } from "../options.js";
import { printJson } from "../output.js";
import { terminalSafe } from "../../util/terminal-text.js";

/** The TOML editor (about 240 KB) is loaded by `config set`/`unset` only, not by every command's start-up. */
const loadEditor = () => import("../../config/edit.js");

/** The resolved config holds `context_length` under its canonical name (a profile's own table keeps it). */
function resolvedKeyPath(key: string): string[] {
  return key === "context_length" ? ["model_context_window"] : key.split(".");
}

export function registerConfigCommand(program: Command): void {
  const config = program
    .command("config")
    .description("show or edit config.toml (edits keep your comments and unknown keys)");

  config
    .command("path")
    .description("print the path of config.toml")
    .action(() => {
      process.stdout.write(`${configFilePath(resolveCodexHome())}\n`);
    });

  addConfigOptions(
    config
      .command("get")
      .description("print the resolved value of a key (all keys without one), after profile and -c overrides"),
  )
    .argument("[key]", "dotted key path, e.g. model_providers.litellm.base_url")
    .action(async (key: string | undefined, _opts, cmd: Command) => {
      const resolved = await loadConfig(configOptionsOf(cmd));
      const value = key ? getPath(resolved.effective, resolvedKeyPath(key)) : resolved.effective;
      if (value === undefined) throw new UserError(`${key}: not set (in ${resolved.configFile} or its defaults)`, 1);
      if (typeof value === "string") process.stdout.write(`${maskSecretText(value, key)}\n`);
      else if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint")
        process.stdout.write(`${value}\n`);
      else printJson(maskSecretFields(value));
    });

  addConfigOptions(
    config
      .command("provider")
      .description(
        "print the selected model provider: base URL, wire API, retries, and where its API key comes from (never the key)",
      ),
  ).action(async (_opts, cmd: Command) => {
    const shellEnv = { ...process.env };
    const env = { ...process.env };
    const resolved = await loadConfig({ ...configOptionsOf(cmd), env });
    const { env_key: envKey, auth, experimental_bearer_token: bearer } = resolved.provider;
    const keySource = auth
      ? "auth command"
      : bearer
        ? "experimental_bearer_token"
        : !envKey
          ? "none needed"
          : shellEnv[envKey] !== undefined
            ? "environment"
            : env[envKey] !== undefined
              ? envFilePath(resolved.codexHome)
              : "missing";
    printJson({ ...maskSecretTable(resolved.provider), api_key_source: keySource });
  });

  config
    .command("check")
    .description(
      "check a config.toml (default: CODEX_HOME's): name every key codex-litellm does not use, as a session does at start-up; exit 0 unless the file cannot be used",
    )
    .argument("[file]", "the file to check")
    .action(async (file: string | undefined) => {
      const { checkConfigFile } = await import("../../config/check.js");
      const target = file ?? configFilePath(resolveCodexHome());
      if (file === undefined && !existsSync(target)) {
        process.stdout.write(`no config.toml at ${target}; the defaults apply\n`);
        return;
      }
      const result = await checkConfigFile(target);
      for (const notice of result.notices) process.stdout.write(`warning: ${terminalSafe(notice.text)}\n`);
      process.stdout.write(`${terminalSafe(result.summary)}\n`);
    });

  config
    .command("set")
    .description("set a key in config.toml; the value is parsed as TOML (strings may be bare)")
    .argument("<key>", "dotted key path")
    .argument("<value>", 'TOML value, e.g. 128000, true, "text", ["a", "b"]')
    .action(async (key: string, value: string) => {
      const { keys, value: parsed } = parseOverride(`${key}=${value}`);
      const file = configFilePath(resolveCodexHome());
      const { editConfigFile } = await loadEditor();
      await editConfigFile(file, (doc) => setPath(doc, keys, parsed));
      process.stderr.write(`set ${key} in ${file}\n`);
    });

  config
    .command("unset")
    .description("remove a key from config.toml")
    .argument("<key>", "dotted key path")
    .action(async (key: string) => {
      const file = configFilePath(resolveCodexHome());
      let removed = false;
      const { editConfigFile } = await loadEditor();
      await editConfigFile(file, (doc) => {
        removed = unsetPath(doc, key.split("."));
      });
      process.stderr.write(removed ? `removed ${key} from ${file}\n` : `${key} was not set in ${file}\n`);
    });
}
