// OAuth for a remote MCP server through the built CLI: `mcp login` runs the SDK's flow against a
// local authorization server (discovery, dynamic registration, PKCE; the test follows the printed
// URL as a browser would), the tokens land in CODEX_HOME/.credentials.json in upstream's format, a
// session sends them, refreshes an expired one and keeps them out of what it prints and records;
// `mcp logout` removes them.
import { spawn } from "node:child_process";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseEnv, CLI, runCli } from "../support/cli.js";
import { rolloutText, useMcpExecSession } from "./fixtures/exec-session.js";
import { startOAuthMcpServer, type OAuthMcpServer } from "./fixtures/oauth-server.js";

const KEY = "sk-mcp-oauth-key-123456";
const session = useMcpExecSession(KEY);
let server: OAuthMcpServer;
beforeAll(async () => {
  server = await startOAuthMcpServer();
});
afterAll(async () => {
  await server.close();
});

type Entry = Record<string, unknown>;
const credentials = (home: string): Record<string, Entry> =>
  JSON.parse(readFileSync(path.join(home, ".credentials.json"), "utf8")) as Record<string, Entry>;

/** `mcp login <name>`, following the printed URL as a browser would. */
function login(home: string, name: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, "mcp", "login", name], {
      cwd: home,
      env: { ...baseEnv(home), BROWSER: "none" },
    });
    let stdout = "";
    let stderr = "";
    let followed = false;
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
      const url = /^(http:\/\/127\.0\.0\.1:\d+\/authorize\?\S+)$/m.exec(stderr)?.[1];
      if (url && !followed) {
        followed = true;
        // The authorization server approves at once and redirects to the CLI's callback.
        fetch(url).catch(reject);
      }
    });
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const home = (modelName: string) => session.home(modelName, `[mcp_servers.remote]\nurl = "${server.url}"\n`);

async function callEcho(homeDir: string, modelName: string, callId: string) {
  session.model.setScript(modelName, [
    { function_call: { name: "mcp__remote__echo", arguments: { text: "with oauth" }, call_id: callId } },
    { text: "done" },
  ]);
  const r = await runCli(["exec", "--json", "--skip-git-repo-check", "use it"], {
    home: homeDir,
    env: { LITELLM_API_KEY: KEY },
    timeoutMs: 30_000,
  });
  return { ...r, output: session.toolOutput(modelName, callId) };
}

describe("MCP OAuth (mcp login / logout, stored as upstream stores it)", () => {
  it("logs in, a session uses the token, an expired token is refreshed, logout removes it", async () => {
    const m = "mcp-oauth-1";
    const h = home(m);

    // Not logged in: one warning naming the command to run; the session goes on.
    session.model.setScript(m, [{ text: "no tools" }]);
    const before = await runCli(["exec", "--skip-git-repo-check", "hi"], { home: h, env: { LITELLM_API_KEY: KEY } });
    expect(before.code).toBe(0);
    expect(before.stderr).toMatch(
      /^warning: MCP client for `remote` failed to start: .*codex-litellm mcp login remote/m,
    );
    session.model.reset(m);

    const r = await login(h, "remote");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe("Successfully logged in to MCP server 'remote'.\n");
    expect(r.stderr).toContain("Authorize `remote` by opening this URL in your browser:\n");
    expect(server.registrations).toHaveLength(1);
    expect(server.tokenRequests.at(-1)).toMatchObject({ grant_type: "authorization_code", client_id: "client-1" });
    expect(server.tokenRequests.at(-1)?.code_verifier).toMatch(/^[\w.~-]{43,128}$/);

    // Upstream's file: one entry keyed `<server>|<16 hex>`, mode 0600.
    const file = path.join(h, ".credentials.json");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const stored = credentials(h);
    const [key] = Object.keys(stored);
    expect(key).toMatch(/^remote\|[0-9a-f]{16}$/);
    const entry = stored[key ?? ""] ?? {};
    expect(Object.keys(entry).sort()).toEqual(
      ["access_token", "client_id", "expires_at", "refresh_token", "scopes", "server_name", "server_url"].sort(),
    );
    expect(entry).toMatchObject({
      server_name: "remote",
      server_url: server.url,
      client_id: "client-1",
      scopes: ["mcp"],
    });
    const firstToken = String(entry.access_token);
    expect(server.accessTokens.has(firstToken)).toBe(true);
    expect(Number(entry.expires_at)).toBeGreaterThan(Date.now() + 3_000_000);

    // A session sends it.
    const used = await callEcho(h, m, "c1");
    expect(used.code, used.stderr).toBe(0);
    expect(used.output).toBe('[{"type":"text","text":"echo: with oauth"}]');
    expect(server.headers.some((hd) => hd.authorization === `Bearer ${firstToken}`)).toBe(true);
    expect(used.stdout + used.stderr + rolloutText(h)).not.toContain(firstToken);

    // An expired token is refreshed before the first request, and the new one is stored.
    writeFileSync(file, JSON.stringify({ [key ?? ""]: { ...entry, expires_at: Date.now() - 1000 } }));
    const refreshes = server.tokenRequests.filter((t) => t.grant_type === "refresh_token").length;
    const refreshed = await callEcho(h, m, "c2");
    expect(refreshed.code, refreshed.stderr).toBe(0);
    expect(refreshed.output).toBe('[{"type":"text","text":"echo: with oauth"}]');
    expect(refreshed.stderr).not.toContain("mcp-sdk");
    expect(server.tokenRequests.filter((t) => t.grant_type === "refresh_token")).toHaveLength(refreshes + 1);
    const renewed = credentials(h)[key ?? ""] ?? {};
    expect(renewed.access_token).not.toBe(firstToken);
    expect(server.accessTokens.has(String(renewed.access_token))).toBe(true);
    expect(Number(renewed.expires_at)).toBeGreaterThan(Date.now());

    const out = await runCli(["mcp", "logout", "remote"], { home: h });
    expect(out).toMatchObject({ code: 0, stdout: "Removed OAuth credentials for 'remote'.\n" });
    expect(existsSync(file)).toBe(false);
    const again = await runCli(["mcp", "logout", "remote"], { home: h });
    expect(again.stdout).toBe("No OAuth credentials stored for 'remote'.\n");
  });

  it("login refuses a stdio server and an unknown one, in one line", async () => {
    const h = session.home("unused", `[mcp_servers.local]\ncommand = "node"\n`);
    const stdio = await runCli(["mcp", "login", "local"], { home: h });
    expect(stdio.code).toBe(1);
    expect(stdio.stderr.trim().split("\n")).toHaveLength(1);
    expect(stdio.stderr).toContain("only supported for streamable HTTP servers");
    const unknown = await runCli(["mcp", "login", "nope"], { home: h });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("No MCP server named 'nope' found.");
  });
});
