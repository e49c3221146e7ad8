import type { Command } from "commander";
import { loadConfig } from "../../config/load.js";
import { addConfigOptions, configOptionsOf } from "../options.js";

const collect = (value: string, previous: string[] = []) => [...previous, value];
const stdout = { write: (text: string) => void process.stdout.write(text) };

/** `mcp list|get|add|remove`: upstream's `codex mcp`, editing config.toml in place. */
export function registerMcpCommand(program: Command): void {
  const mcp = program
    .command("mcp")
    .description("manage MCP servers in config.toml (list, get, add, remove) and their OAuth logins (login, logout)");
  const commands = () => import("../../mcp/commands.js");

  addConfigOptions(mcp.command("list").description("list configured MCP servers"))
    .option("--json", "print the servers as JSON")
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const config = await loadConfig(configOptionsOf(cmd));
      (await commands()).runList(config, opts.json === true, stdout);
    });

  addConfigOptions(mcp.command("get").description("show one configured MCP server"))
    .argument("<name>", "server name")
    .option("--json", "print the server as JSON")
    .action(async (name: string, opts: { json?: boolean }, cmd: Command) => {
      const config = await loadConfig(configOptionsOf(cmd));
      (await commands()).runGet(config, name, opts.json === true, stdout);
    });

  mcp
    .command("add")
    .description(
      "add an MCP server: `add NAME [--env K=V]… -- COMMAND [ARGS…]` (stdio) or `add NAME --url URL [--bearer-token-env-var VAR]` (streamable HTTP)",
    )
    .argument("<name>", "server name (letters, numbers, '-', '_')")
    .argument("[command...]", "command that starts a stdio server, after --")
    .option("--env <KEY=VALUE>", "environment variable for a stdio server (repeatable)", collect)
    .option("--url <url>", "URL of a streamable HTTP server")
    .option("--bearer-token-env-var <VAR>", "environment variable holding a bearer token for --url")
    .action(
      async (name: string, command: string[], opts: { env?: string[]; url?: string; bearerTokenEnvVar?: string }) => {
        const c = await commands();
        await c.runAdd(
          c.configFile(),
          name,
          { command, env: opts.env ?? [], url: opts.url, bearerTokenEnvVar: opts.bearerTokenEnvVar },
          stdout,
        );
      },
    );

  addConfigOptions(
    mcp.command("login").description("sign in to a streamable HTTP MCP server with OAuth (opens a browser)"),
  )
    .argument("<name>", "server name")
    .action(async (name: string, _opts: unknown, cmd: Command) => {
      const config = await loadConfig(configOptionsOf(cmd));
      await (await import("../../mcp/oauth-commands.js")).runLogin(config, name, stdout);
    });

  addConfigOptions(mcp.command("logout").description("remove the OAuth login of an MCP server"))
    .argument("<name>", "server name")
    .action(async (name: string, _opts: unknown, cmd: Command) => {
      const config = await loadConfig(configOptionsOf(cmd));
      await (await import("../../mcp/oauth-commands.js")).runLogout(config, name, stdout);
    });

  mcp
    .command("remove")
    .description("remove an MCP server from config.toml")
    .argument("<name>", "server name")
    .action(async (name: string) => {
      const c = await commands();
      await c.runRemove(c.configFile(), name, stdout);
    });
}
