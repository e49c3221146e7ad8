import path from "node:path";
import { Option, type Command } from "commander";
import { loadConfig } from "../../config/load.js";
import type { ProviderConfig } from "../../config/providers.js";
import { lookUpContextWindow, WINDOW_SOURCE_TEXT } from "../../agent/model-profile.js";
import {
  ONBOARDING_ENV_KEY,
  ONBOARDING_PROVIDER_ID,
  onboardingDefaultUrl,
  saveOnboarding,
} from "../../config/onboarding.js";
import { envFilePath } from "../../config/home.js";
import { tildePath } from "../../util/paths.js";
import { askKey, askUrl, Prompter, type SavedKey } from "./login-prompts.js";
import { WIRE_APIS, type WireApi } from "../../config/schema.js";
import type { Gateway } from "../../gateway/client.js";
import { connectWithKey, probeProxy } from "../../gateway/proxy-check.js";
import type { ModelEntry } from "../../gateway/models.js";
import { UserError, errorMessage } from "../../util/errors.js";
import { addConfigOptions, configOptionsOf } from "../options.js";

interface LoginOptions {
  baseUrl?: string;
  withApiKey?: boolean;
  sso?: boolean;
  liteCommand?: string;
  model?: string;
  wireApi?: WireApi;
  contextWindow?: number;
  mcpGateway?: boolean;
}

export function registerLoginCommand(program: Command): void {
  addConfigOptions(
    program
      .command("login")
      .description(
        "connect to a LiteLLM proxy: base URL (checked), API key, default model; saves config.toml and CODEX_HOME/.env",
      ),
  )
    .option("--base-url <url>", "LiteLLM proxy URL, e.g. http://localhost:4000")
    .option("--with-api-key", "read the API key from stdin (for scripts and CI)")
    .option("--sso", "sign in with SSO: tokens come from LiteLLM's CLI (`lite auth print-token`), no key is saved")
    .option("--lite-command <path>", "with --sso: the `lite` to run (default: the one on PATH)")
    .option("--model <name>", "default model (one the proxy lists)")
    .addOption(
      new Option("--wire-api <wire>", "responses (/v1/responses) or chat (/v1/chat/completions)").choices(WIRE_APIS),
    )
    .option(
      "--context-window <tokens>",
      "pin model_context_window in config.toml (default: none; each model's window is discovered)",
      parseWindow,
    )
    .option(
      "--mcp-gateway",
      "also add the proxy's MCP gateway (<proxy>/mcp) as the MCP server `litellm`, without asking",
    )
    .option("--no-mcp-gateway", "do not offer the proxy's MCP gateway")
    .action(async (opts: LoginOptions, cmd: Command) => {
      // The environment plus CODEX_HOME/.env, to find a saved key.
      const env = { ...process.env };
      const config = await loadConfig({ ...configOptionsOf(cmd), env });
      const prompter = process.stdin.isTTY && !opts.withApiKey ? await Prompter.open() : undefined;
      try {
        const current = config.provider.id === ONBOARDING_PROVIDER_ID ? config.provider : undefined;
        const defaultUrl = onboardingDefaultUrl(config.provider);
        const wireApi = opts.wireApi ?? current?.wire_api ?? "responses";
        // Interactive: the URL is checked before the key is asked for, and asked again when nothing answers.
        const baseUrl = opts.baseUrl ?? (prompter ? await askUrl(prompter, defaultUrl, current) : defaultUrl);
        const unreachable = prompter && opts.baseUrl ? await probeProxy(opts.baseUrl, current) : null;
        if (unreachable) throw new UserError(`--base-url ${unreachable}`, 1);
        const sso = opts.sso
          ? await import("./login-sso.js").then(async ({ findLite, liteAuth, ssoToken }) => {
              const auth = liteAuth(findLite(opts.liteCommand), baseUrl, path.dirname(config.configFile));
              return { auth, token: await ssoToken(auth, prompter !== undefined) };
            })
          : undefined;
        const saved = savedKey(env, config.codexHome);
        let connected: { gateway: Gateway; models: ModelEntry[] } | undefined;
        let apiKey: string | undefined;
        if (prompter && !sso) {
          // A key the proxy refuses is asked for again; Enter keeps the saved one.
          ({ key: apiKey } = await askKey(prompter, ONBOARDING_ENV_KEY, saved, async (key, from) => {
            try {
              connected = await connect(baseUrl, { apiKey: key, keyFrom: from }, wireApi, current);
              return null;
            } catch (err) {
              return errorMessage(err);
            }
          }));
        } else {
          apiKey = sso ? sso.token : opts.withApiKey ? (await readStdin()).trim() : saved?.key;
          if (!apiKey)
            throw new UserError(
              `no API key: pass --with-api-key and pipe the key on stdin, or set ${ONBOARDING_ENV_KEY}`,
            );
          const keyFrom = sso ? null : opts.withApiKey ? "read from stdin" : `from ${saved?.from ?? ""}`;
          connected = await connect(baseUrl, { apiKey, keyFrom }, wireApi, current);
        }
        if (!connected || !apiKey) throw new Error("login: no connection after the key was accepted");
        const { gateway, models } = connected;
        process.stderr.write(
          `✓ ${gateway.provider.base_url} answered with ${models.length} model${models.length === 1 ? "" : "s"}\n`,
        );
        const model = await chooseModel(models, opts.model ?? config.model, prompter);
        const discovered = await lookUpContextWindow(gateway, model);
        const found = `${discovered.window.toLocaleString("en-US")} tokens (from ${WINDOW_SOURCE_TEXT[discovered.source]})`;
        const typed = opts.contextWindow ?? (prompter ? await askWindow(prompter, found) : undefined);
        // cwd stays unwritten: its default is config.toml's folder.
        const auth = sso && {
          command: sso.auth.command,
          args: sso.auth.args,
          timeout_ms: sso.auth.timeout_ms,
          refresh_interval_ms: sso.auth.refresh_interval_ms,
        };
        await saveOnboarding(config.codexHome, {
          baseUrl: gateway.provider.base_url,
          ...(auth ? { auth } : { apiKey }),
          model,
          wireApi,
          contextWindow: typed,
        });
        const window =
          typed === undefined
            ? `${found}, discovered at each start, not saved`
            : `${typed.toLocaleString("en-US")} tokens (saved as model_context_window)`;
        process.stderr.write(`✓ model ${model}, context window ${window}\n`);
        process.stderr.write(
          sso
            ? `✓ saved ${config.configFile}: tokens come from \`${[sso.auth.command, ...sso.auth.args].join(" ")}\`\n`
            : `✓ saved ${config.configFile} and the key to ${config.codexHome}/.env\n`,
        );
        const { offerMcpGateway } = await import("./login-mcp-gateway.js");
        await offerMcpGateway({
          codexHome: config.codexHome,
          baseUrl: gateway.provider.base_url,
          credentials: sso ? { auth: sso.auth } : { apiKey },
          wanted: opts.mcpGateway,
          ...(prompter && { ask: (q: string) => prompter.ask(q) }),
        });
      } finally {
        prompter?.close();
      }
    });
}

/** The key a run would use (the environment wins over CODEX_HOME/.env) and where it is. */
function savedKey(env: NodeJS.ProcessEnv, codexHome: string): SavedKey | undefined {
  const key = env[ONBOARDING_ENV_KEY];
  if (!key) return undefined;
  const inShell = process.env[ONBOARDING_ENV_KEY] === key;
  return { key, from: inShell ? `the environment (${ONBOARDING_ENV_KEY})` : tildePath(envFilePath(codexHome)) };
}

/** Checks the URL by listing models with the key; one clear line when that fails. */
async function connect(
  baseUrl: string,
  { apiKey, keyFrom }: { apiKey: string; keyFrom: string | null },
  wireApi: WireApi,
  configured: ProviderConfig | undefined,
): Promise<{ gateway: Gateway; models: ModelEntry[] }> {
  if (!/^https?:\/\//i.test(baseUrl)) throw new UserError(`--base-url ${baseUrl}: expected an http:// or https:// URL`);
  try {
    return await connectWithKey(baseUrl, apiKey, wireApi, configured);
  } catch (err) {
    throw new UserError(`could not list models at ${baseUrl}: ${keyNamed(errorMessage(err), keyFrom)}`, 1);
  }
}

async function chooseModel(
  models: ModelEntry[],
  wanted: string | undefined,
  prompter: Prompter | undefined,
): Promise<string> {
  const ids = models.map((m) => m.id);
  if (wanted && ids.includes(wanted)) return wanted;
  if (wanted && !prompter)
    throw new UserError(`--model ${wanted}: the proxy does not list it; it lists: ${ids.slice(0, 20).join(", ")}`);
  if (ids.length === 0) throw new UserError("the proxy lists no models for this key", 1);
  if (!prompter) {
    const [only] = ids;
    if (ids.length === 1 && only !== undefined) return only;
    throw new UserError(`choose a model with --model; the proxy lists: ${ids.slice(0, 20).join(", ")}`);
  }
  ids.forEach((id, i) => process.stderr.write(`  ${String(i + 1).padStart(3)}. ${id}\n`));
  for (;;) {
    const answer = (await prompter.ask(`Default model [1-${ids.length} or name]: `)).trim();
    const byIndex = ids[Number(answer) - 1];
    if (byIndex) return byIndex;
    if (ids.includes(answer)) return answer;
    process.stderr.write(`  "${answer}" is not in the list\n`);
  }
}

function parseWindow(value: string): number {
  const tokens = Number(value.replace(/[_,]/g, ""));
  if (!Number.isInteger(tokens) || tokens <= 0)
    throw new UserError(`--context-window ${value}: expected a positive whole number of tokens`);
  return tokens;
}

/** Enter keeps the discovered window (nothing is written); a number pins it. */
async function askWindow(prompter: Prompter, found: string): Promise<number | undefined> {
  for (;;) {
    const answer = await prompter.ask(`Context window [${found}; Enter keeps discovering it]: `);
    if (!answer) return undefined;
    try {
      return parseWindow(answer);
    } catch {
      process.stderr.write(`  "${answer}" is not a number of tokens\n`);
    }
  }
}

async function readStdin(): Promise<string> {
  let data = "";
  for await (const chunk of process.stdin) data += String(chunk);
  return data;
}

/**
 * The gateway names the key by its variable; a key read from stdin or typed at the prompt is not
 * in LITELLM_API_KEY, so the message names where it did come from.
 */
function keyNamed(message: string, keyFrom: string | null): string {
  if (!keyFrom) return message;
  return message
    .replace(`the key in ${ONBOARDING_ENV_KEY}`, `the key ${keyFrom}`)
    .replace(
      ` Check ${ONBOARDING_ENV_KEY} (run \`codex-litellm login\` to save a new key).`,
      " Check the key and run `codex-litellm login` again.",
    );
}
