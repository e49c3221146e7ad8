import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/** `CODEX_HOME` when set (made absolute), else `~/.codex` — the folder shared with upstream Codex. */
export function resolveCodexHome(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.CODEX_HOME?.trim();
  if (fromEnv) return path.resolve(fromEnv);
  return path.join(env.HOME || os.homedir(), ".codex");
}

export function configFilePath(codexHome: string): string {
  return path.join(codexHome, "config.toml");
}

/** Whether the home has a config.toml: without one, the UI starts with onboarding, not its prompt. */
export function hasConfigFile(env: NodeJS.ProcessEnv = process.env): boolean {
  return existsSync(configFilePath(resolveCodexHome(env)));
}

export function envFilePath(codexHome: string): string {
  return path.join(codexHome, ".env");
}
