// `provider_auth` through the built CLI: an MCP server (as LiteLLM's gateway would) gets the
// provider's SSO command token in `x-litellm-api-key: Bearer …`; a token it refuses (401) makes
// the command run again once, and the next token is sent.
import { chmodSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../support/cli.js";
import { scratchDir } from "../support/scratch.js";
import { rolloutText, useMcpExecSession } from "./fixtures/exec-session.js";
import { startHttpMcpServer, type TestHttpMcpServer } from "./fixtures/http-server.js";

const session = useMcpExecSession();
let gateway: TestHttpMcpServer;
/** The first token the command prints is refused, as an expired SSO token would be. */
const accepted = (key: unknown) => typeof key === "string" && /^Bearer sso-gw-token-[2-9]-c0ffee$/.test(key);
beforeAll(async () => {
  gateway = await startHttpMcpServer({ authorized: (_auth, req) => accepted(req.headers["x-litellm-api-key"]) });
});
afterAll(async () => {
  await gateway.close();
});

describe("provider_auth: the provider's key or SSO token in x-litellm-api-key", () => {
  it("sends the command's token, and runs the command again once after a 401", async () => {
    const dir = scratchDir("lite-pa-");
    const lite = path.join(dir, "lite");
    writeFileSync(
      lite,
      `#!/bin/sh\nn=$(cat "$0.count" 2>/dev/null || echo 0); n=$((n+1)); echo $n > "$0.count"\necho "sso-gw-token-$n-c0ffee"\n`,
    );
    chmodSync(lite, 0o755);
    const m = "mcp-provider-auth-1";
    session.model.setScript(m, [
      { function_call: { name: "mcp__litellm__echo", arguments: { text: "sso" }, call_id: "p1" } },
      { text: "done" },
    ]);
    const h = session.home(
      m,
      `[model_providers.litellm.auth]\ncommand = "${lite}"\n[mcp_servers.litellm]\nurl = "${gateway.url}"\nprovider_auth = "litellm"\n`,
    );
    // The home's provider takes its token from the command, not from env_key.
    writeFileSync(
      path.join(h, "config.toml"),
      readFileSync(path.join(h, "config.toml"), "utf8").replace('env_key = "LITELLM_API_KEY"\n', ""),
    );
    const seen = gateway.headers.length;
    const r = await runCli(["exec", "--json", "--skip-git-repo-check", "go"], { home: h, timeoutMs: 30_000 });
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(session.toolOutput(m, "p1")).toBe('[{"type":"text","text":"echo: sso"}]');
    const keys = gateway.headers.slice(seen).map((hd) => hd["x-litellm-api-key"]);
    expect(keys[0]).toBe("Bearer sso-gw-token-1-c0ffee");
    expect(keys.slice(1).every(accepted)).toBe(true);
    expect(Number(readFileSync(`${lite}.count`, "utf8"))).toBe(2);
    expect(rolloutText(h) + r.stdout + r.stderr).not.toMatch(/sso-gw-token-\d/);
  });
});
