import { mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SecretRedactor } from "../util/redact.js";
import { configSecrets, proxyCredentials, watchCredentialFiles } from "./secrets.js";

describe("configSecrets", () => {
  it("collects keys, header values, env header values, bearer tokens, secret-named fields and proxy credentials", () => {
    const effective = {
      model_providers: {
        litellm: {
          base_url: "http://proxy/v1",
          env_key: "LITELLM_API_KEY",
          api_key_header: "x-litellm-api-key",
          http_headers: { "X-Team": "team-value-1", Authorization: "Bearer hdr-token-2" },
          env_http_headers: { "X-Env": "HEADER_VAR" },
        },
        other: { base_url: "http://other/v1", experimental_bearer_token: "bearer-token-3", env_key: "OTHER_KEY" },
      },
      otel: { exporter: { "otlp-http": { endpoint: "http://c", headers: { "x-key": "otel-header-4" } } } },
      mcp_servers: {
        gh: {
          command: "gh-mcp",
          env: { GITHUB_TOKEN: "gh-token-5", LOG_LEVEL: "debug-level" },
          bearer_token_env_var: "MCP_VAR",
        },
      },
      model_max_output_tokens: 1000,
    };
    const env = {
      LITELLM_API_KEY: "sk-main-key-0",
      OTHER_KEY: "sk-other-key-6",
      HEADER_VAR: "env-header-7",
      MCP_VAR: "mcp-bearer-8",
      HTTPS_PROXY: "http://user:p%40ss-word-9@proxy:3128",
    };
    const secrets = configSecrets({ provider: { env_key: "LITELLM_API_KEY" }, effective }, env);
    expect(secrets.sort()).toEqual(
      [
        "sk-main-key-0",
        "Bearer hdr-token-2",
        "hdr-token-2",
        "env-header-7",
        "bearer-token-3",
        "sk-other-key-6",
        "otel-header-4",
        "gh-token-5",
        "mcp-bearer-8",
        "user:p%40ss-word-9",
        "p%40ss-word-9",
        "user:p@ss-word-9",
        "p@ss-word-9",
      ].sort(),
    );
    expect(secrets).not.toContain("debug-level");
    expect(secrets).not.toContain("team-value-1"); // X-Team names no credential
    // api_key_header names the header that carries the key; it is no secret.
    expect(secrets).not.toContain("x-litellm-api-key");
  });

  it("a header value is a secret when the header's name looks like a credential or the value comes from env_http_headers", () => {
    const credentialHeaders = {
      Authorization: "Bearer auth-value-1",
      "Proxy-Authorization": "Basic proxy-auth-2",
      "x-litellm-api-key": "litellm-key-3",
      "X-Api-Key": "api-key-4",
      "X-Custom-Token": "custom-token-5",
      "X-Client-Secret": "client-secret-6",
      Cookie: "session=cookie-7",
    };
    const plainHeaders = { "X-Client": "codex-litellm", "User-Agent": "team-agent/1.0", "X-Team": "platform-team" };
    const effective = {
      model_providers: {
        litellm: {
          base_url: "http://proxy/v1",
          http_headers: { ...credentialHeaders, ...plainHeaders },
          env_http_headers: { "X-Team-Id": "TEAM_ID_VAR" },
        },
      },
      otel: { exporter: { "otlp-http": { endpoint: "http://c", headers: { "X-Tenant": "tenant-name" } } } },
    };
    const secrets = configSecrets(
      { provider: { env_key: "LITELLM_API_KEY" }, effective },
      { TEAM_ID_VAR: "team-from-env-8" },
    );
    for (const value of Object.values(credentialHeaders)) expect(secrets).toContain(value);
    expect(secrets).toContain("auth-value-1");
    expect(secrets).toContain("team-from-env-8");
    for (const value of [...Object.values(plainHeaders), "tenant-name"]) expect(secrets).not.toContain(value);
  });

  it("a proxy URL without a password has no credentials", () => {
    expect(proxyCredentials("http://proxy:3128")).toEqual([]);
    expect(proxyCredentials("proxy.corp:3128")).toEqual([]);
    expect(proxyCredentials(undefined)).toEqual([]);
  });
});

describe("watchCredentialFiles", () => {
  it("registers .env's values and auth.json's tokens, and a key renamed over .env later on refresh", () => {
    const home = mkdtempSync(path.join(os.tmpdir(), "cred-watch-"));
    try {
      writeFileSync(path.join(home, ".env"), 'LITELLM_API_KEY="sk-first-key-1"\n');
      writeFileSync(
        path.join(home, "auth.json"),
        JSON.stringify({ OPENAI_API_KEY: "sk-openai-2", tokens: { access_token: "access-3" }, last_refresh: "2025" }),
      );
      const redactor = new SecretRedactor();
      const refresh = watchCredentialFiles(home);
      expect([...redactor.values()].sort()).toEqual(["access-3", "sk-first-key-1", "sk-openai-2"]);
      writeFileSync(path.join(home, "new.env"), 'LITELLM_API_KEY="sk-rotated-key-4"\n');
      renameSync(path.join(home, "new.env"), path.join(home, ".env"));
      expect(redactor.text("sk-rotated-key-4")).toBe("sk-rotated-key-4");
      refresh();
      expect(redactor.text("sk-rotated-key-4")).toBe("[REDACTED]");
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
