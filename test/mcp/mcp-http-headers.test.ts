// Streamable HTTP MCP servers' headers through the built CLI, as upstream's config keys say:
// `bearer_token_env_var` becomes `Authorization: Bearer …`, `http_headers` are sent as written,
// `env_http_headers` take their values from the environment (an unset or empty variable sends no
// header). The token is a secret: it stays out of the output and the rollout.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../support/cli.js";
import { rolloutText, useMcpExecSession } from "./fixtures/exec-session.js";
import { startHttpMcpServer, type TestHttpMcpServer } from "./fixtures/http-server.js";

const KEY = "sk-mcp-headers-key-123456";
const TOKEN = "mcp-remote-token-7f3a9c2e1b";
const session = useMcpExecSession(KEY);
let http: TestHttpMcpServer;
beforeAll(async () => {
  http = await startHttpMcpServer({ token: TOKEN });
});
afterAll(async () => {
  await http.close();
});

const home = (modelName: string) =>
  session.home(
    modelName,
    `[mcp_servers.remote]\nurl = "${http.url}"\nbearer_token_env_var = "REMOTE_TOKEN"\nhttp_headers = { "X-Static" = "static-value" }\n` +
      `env_http_headers = { "X-From-Env" = "REMOTE_HEADER", "X-Empty" = "EMPTY_HEADER", "X-Unset" = "UNSET_HEADER" }\n`,
  );

describe("streamable HTTP MCP headers (bearer_token_env_var, http_headers, env_http_headers)", () => {
  it("sends the bearer token and both kinds of headers; the token stays a secret", async () => {
    const m = "mcp-headers-1";
    session.model.setScript(m, [
      { function_call: { name: "mcp__remote__echo", arguments: { text: "hi" }, call_id: "h1" } },
      { text: "done" },
    ]);
    const h = home(m);
    const seen = http.headers.length;
    const r = await runCli(["exec", "--json", "--skip-git-repo-check", "go"], {
      home: h,
      env: { LITELLM_API_KEY: KEY, REMOTE_TOKEN: TOKEN, REMOTE_HEADER: "from-env", EMPTY_HEADER: "" },
      timeoutMs: 30_000,
    });
    expect(r.code, r.stderr).toBe(0);
    const requests = http.headers.slice(seen);
    expect(requests.length).toBeGreaterThan(0);
    for (const headers of requests) {
      expect(headers).toMatchObject({
        authorization: `Bearer ${TOKEN}`,
        "x-static": "static-value",
        "x-from-env": "from-env",
      });
      expect(headers).not.toHaveProperty("x-empty");
      expect(headers).not.toHaveProperty("x-unset");
    }
    const output = session.toolOutput(m, "h1");
    expect(output).toBe('[{"type":"text","text":"echo: hi"}]');
    const rollouts = rolloutText(h);
    expect(rollouts + r.stdout + r.stderr).not.toContain(TOKEN);
  });

  it("an unset bearer_token_env_var is one warning naming it; the session goes on", async () => {
    const m = "mcp-headers-2";
    session.model.setScript(m, [{ text: "fine" }]);
    const r = await runCli(["exec", "--skip-git-repo-check", "go"], {
      home: home(m),
      env: { LITELLM_API_KEY: KEY, REMOTE_TOKEN: undefined },
      timeoutMs: 30_000,
    });
    expect(r.code).toBe(0);
    expect(r.stderr.split("\n").filter((l) => l.includes("remote"))).toEqual([
      "warning: Environment variable REMOTE_TOKEN for MCP server 'remote' is not set",
    ]);
    expect(r.stdout).toBe("fine\n");
  });
});
