import { parse } from "dotenv";
import { readFileIfExists, writeFileAtomic } from "../util/fs.js";
import { envFilePath } from "./home.js";

/**
 * Loads `CODEX_HOME/.env` (where onboarding keeps the API key) into `env`. Variables
 * already set in the real environment win: the file only fills gaps.
 */
export async function loadEnvFile(codexHome: string, env: NodeJS.ProcessEnv): Promise<void> {
  const text = await readFileIfExists(envFilePath(codexHome));
  if (text === undefined) return;
  for (const [key, value] of Object.entries(parse(text))) {
    if (env[key] === undefined) env[key] = value;
  }
}

const line = (key: string) => new RegExp(`^\\s*(?:export\\s+)?${key.replace(/[^A-Za-z0-9_]/g, "")}\\s*=`);

/**
 * Sets (value: string) or removes (value: undefined) one variable in `CODEX_HOME/.env`,
 * keeping every other line as it was. The file is written atomically with mode 0600.
 * Returns whether the file changed.
 */
export async function updateEnvFile(codexHome: string, key: string, value: string | undefined): Promise<boolean> {
  const file = envFilePath(codexHome);
  const text = (await readFileIfExists(file)) ?? "";
  const lines = text === "" ? [] : text.replace(/\n$/, "").split("\n");
  const kept = lines.filter((l) => !line(key).test(l));
  if (value !== undefined) kept.push(`${key}=${JSON.stringify(value)}`);
  const next = kept.length ? `${kept.join("\n")}\n` : "";
  if (next === text) return false;
  await writeFileAtomic(file, next, { mode: 0o600 });
  return true;
}
