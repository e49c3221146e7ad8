import { describe, expect, it } from "vitest";
import { resolveProvider } from "../config/providers.js";
import { validateConfigTable } from "../config/validate.js";
import { networkOf, proxyHeaders } from "./proxy-request.js";

const provider = (table: Record<string, unknown>) =>
  resolveProvider(
    "corp",
    { corp: { base_url: "https://llm.corp/v1", env_key: "CORP_KEY", ...table } },
    { HOME: "/home/me" },
    "/home/me/.codex/config.toml",
  );

describe("proxyHeaders", () => {
  it("sends the key as Authorization: Bearer by default, over any Authorization from http_headers", () => {
    expect(
      proxyHeaders(provider({ http_headers: { "X-Team": "a", Authorization: "Basic gw" } }), "sk-key", {}),
    ).toEqual({ "x-team": "a", authorization: "Bearer sk-key" });
  });

  it("api_key_header moves the key (bare) to that header, so Authorization keeps the gateway's credentials", () => {
    const p = provider({
      api_key_header: "X-LiteLLM-API-Key",
      env_http_headers: { Authorization: "GATEWAY_AUTH", "X-Unset": "NOT_SET" },
    });
    expect(proxyHeaders(p, "sk-key", { GATEWAY_AUTH: "Basic Z3c=" })).toEqual({
      authorization: "Basic Z3c=",
      "x-litellm-api-key": "sk-key",
    });
  });
});

describe("provider network settings", () => {
  it("ca_certificate: ~ is HOME, a relative path is next to config.toml; the setting is named for messages", () => {
    expect(networkOf(provider({ ca_certificate: "~/corp/ca.pem" }), {}).caCertificate).toEqual({
      path: "/home/me/corp/ca.pem",
      setting: "model_providers.corp.ca_certificate",
    });
    expect(provider({ ca_certificate: "certs/ca.pem" }).ca_certificate).toBe("/home/me/.codex/certs/ca.pem");
    expect(networkOf(provider({}), {}).caCertificate).toBeUndefined();
  });

  it("config.toml: api_key_header must be a header name", () => {
    expect(() =>
      validateConfigTable({ model_providers: { corp: { api_key_header: "x litellm key" } } }, "config.toml"),
    ).toThrow(
      'config.toml: model_providers.corp.api_key_header: expected an HTTP header name, e.g. "x-litellm-api-key"',
    );
  });
});
