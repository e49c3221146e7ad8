import path from "node:path";
import type { Interface } from "node:readline/promises";
import { Writable } from "node:stream";
import { Option, type Command } from "commander";
import { loadConfig } from "../../config/load.js";
import type { ProviderConfig } from "../../config/providers.js";
import { lookUpContextWindow, WINDOW_SOURCE_TEXT } from "../../agent/model-profile.js";
import { ONBOARDING_ENV_KEY, ONBOARDING_PROVIDER_ID, saveOnboarding } from "../../config/onboarding.js";
import { WIRE_APIS, type WireApi } from "../../config/schema.js";
import type { Gateway } from "../../gateway/client.js";
import { connectWithKey } from "../../gateway/proxy-check.js";
import type { ModelEntry } from "../../gateway/types.js";
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
      const config = await loadConfig({ ...configOptionsOf(cmd), env: { ...process.env } });
      const prompter = process.stdin.isTTY && !opts.withApiKey ? await Prompter.open() : undefined;
      try {
        const current = config.provider.id === ONBOARDING_PROVIDER_ID ? config.provider : undefined;
        const baseUrl =
          opts.baseUrl ??
          (prompter
            ? await prompter.ask(`LiteLLM proxy URL [${current?.base_url ?? "http://localhost:4000"}]: `)
            : undefined) ??
          "";
        const sso = opts.sso
          ? await import("./login-sso.js").then(async ({ findLite, liteAuth, ssoToken }) => {
              const auth = liteAuth(
                findLite(opts.liteCommand),
                baseUrl || current?.base_url || "http://localhost:4000",
                path.dirname(config.configFile),
              );
              return { auth, token: await ssoToken(auth, prompter !== undefined) };
            })
          : undefined;
        const apiKey = sso
          ? sso.token
          : opts.withApiKey
            ? (await readStdin()).trim()
            : prompter
              ? await prompter.askHidden(`API key (saved to CODEX_HOME/.env as ${ONBOARDING_ENV_KEY}): `)
              : process.env[ONBOARDING_ENV_KEY];
        if (!apiKey)
          throw new UserError(
            `no API key: pass --with-api-key and pipe the key on stdin, or set ${ONBOARDING_ENV_KEY}`,
          );
        const wireApi = opts.wireApi ?? current?.wire_api ?? "responses";
        const keyFrom = sso ? null : opts.withApiKey ? "read from stdin" : prompter ? "you typed" : null;
        const { gateway, models } = await connect(
          baseUrl || current?.base_url || "http://localhost:4000",
          { apiKey, keyFrom },
          wireApi,
          current,
        );
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

/** Line prompts on stderr; `askHidden` does not echo what is typed. */
class Prompter {
  private constructor(
    private readonly rl: Interface,
    private readonly echo: { muted: boolean },
  ) {}

  /** node:readline loads here, not with every command. */
  static async open(): Promise<Prompter> {
    const { createInterface } = await import("node:readline/promises");
    const echo = { muted: false };
    const output = new Writable({
      write: (chunk: Buffer, _enc, done) => (echo.muted ? done() : process.stderr.write(chunk, done)),
    });
    const rl = createInterface({ input: process.stdin, output, terminal: true });
    // Ctrl+C leaves quietly with the shell's code for an interrupt; nothing is saved before the last answer.
    rl.on("SIGINT", () => {
      process.stderr.write("\n");
      process.exit(130);
    });
    return new Prompter(rl, echo);
  }

  async ask(question: string): Promise<string> {
    return (await this.rl.question(question)).trim();
  }

  async askHidden(question: string): Promise<string> {
    process.stderr.write(question);
    this.echo.muted = true;
    try {
      return (await this.rl.question("")).trim();
    } finally {
      this.echo.muted = false;
      process.stderr.write("\n");
    }
  }

  close(): void {
    this.rl.close();
  }
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
