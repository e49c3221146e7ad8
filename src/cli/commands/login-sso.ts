// `login --sso`: the provider takes its token from LiteLLM's own CLI (`lite auth print-token`,
// which runs the browser sign-in, renews the token and keeps it in the keychain), as LiteLLM's
// "Codex CLI SSO" page sets up upstream Codex.
import { spawn } from "node:child_process";
import { accessSync, constants } from "node:fs";
import path from "node:path";
import { ONBOARDING_PROVIDER_ID } from "../../config/onboarding.js";
import { DEFAULT_AUTH_REFRESH_INTERVAL_MS, type ProviderAuthCommand } from "../../config/providers.js";
import { freshCommandToken } from "../../gateway/provider-auth.js";
import { UserError, errorMessage, succeeds } from "../../util/errors.js";

/** `lite` may open a browser and wait for the sign-in; print-token itself is quick. */
const SSO_TIMEOUT_MS = 30_000;

const INSTALL_HINT =
  "install it with `pip install litellm` (or `uv tool install litellm`, `pipx install litellm`), then run `codex-litellm login --sso` again, or name it with --lite-command";

/** The `lite` to run: --lite-command, else the first on PATH (absolute, as LiteLLM's page writes it). */
export function findLite(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (explicit) {
    const file = path.resolve(explicit);
    if (!isExecutable(file)) throw new UserError(`--lite-command ${explicit}: not an executable file`);
    return file;
  }
  for (const dir of (env.PATH ?? "").split(path.delimiter).filter(Boolean)) {
    const file = path.join(dir, "lite");
    if (isExecutable(file)) return path.resolve(file);
  }
  throw new UserError(`LiteLLM's CLI \`lite\` is not on PATH: ${INSTALL_HINT}`, 1);
}

function isExecutable(file: string): boolean {
  return succeeds(() => accessSync(file, constants.X_OK));
}

/** `https://llm.corp/v1` → `https://llm.corp`: `lite` takes the proxy's root. */
export function liteBaseUrl(baseUrl: string): string {
  return baseUrl.trim().replace(/\/+$/, "").replace(/\/v1$/, "");
}

/** The `[model_providers.litellm.auth]` table `login --sso` writes. */
export function liteAuth(lite: string, baseUrl: string, cwd: string): ProviderAuthCommand {
  return {
    command: lite,
    args: ["--base-url", liteBaseUrl(baseUrl), "auth", "print-token"],
    timeout_ms: SSO_TIMEOUT_MS,
    refresh_interval_ms: DEFAULT_AUTH_REFRESH_INTERVAL_MS,
    cwd,
  };
}

/**
 * A token from `lite auth print-token`. When it has none yet and a person is at the terminal,
 * `lite login` runs first (its browser flow, on this terminal); else one line says what to run.
 */
export async function ssoToken(auth: ProviderAuthCommand, interactive: boolean): Promise<string> {
  const fetch = () => freshCommandToken(ONBOARDING_PROVIDER_ID, auth, process.env);
  const login = [auth.command, "--base-url", auth.args[1] ?? "", "login"];
  try {
    return await fetch();
  } catch (err) {
    if (!interactive)
      throw new UserError(
        `${errorMessage(err)}. Sign in first: \`${login.join(" ")}\`, then run \`codex-litellm login --sso\` again`,
        1,
      );
    process.stderr.write(`No LiteLLM token yet: running \`${login.join(" ")}\`\n`);
  }
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(login[0] ?? "lite", login.slice(1), { stdio: "inherit" });
    child.once("error", () => resolve(null));
    child.once("close", resolve);
  });
  if (code !== 0) throw new UserError(`\`${login.join(" ")}\` failed (exit status ${code ?? "?"})`, 1);
  try {
    return await fetch();
  } catch (err) {
    throw new UserError(errorMessage(err), 1);
  }
}
