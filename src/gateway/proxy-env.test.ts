import { describe, expect, it } from "vitest";
import { noProxyEntry, parseProxyUrl, proxyRoute, redactProxyUrl } from "./proxy-env.js";

const route = (url: string, env: NodeJS.ProcessEnv) => {
  const r = proxyRoute(new URL(url), env);
  return r.proxy ? `${r.proxy.href} (${r.variable})` : `direct: ${r.reason}`;
};

describe("proxyRoute", () => {
  it("https:// URLs use HTTPS_PROXY, http:// ones HTTP_PROXY; lower-case forms win", () => {
    const env = { HTTPS_PROXY: "http://upper:1", https_proxy: "http://lower:2", HTTP_PROXY: "http://plain:3" };
    expect(route("https://llm.corp:4000/v1", env)).toBe("http://lower:2/ (https_proxy)");
    expect(route("http://llm.corp:4000/v1", env)).toBe("http://plain:3/ (HTTP_PROXY)");
    expect(route("http://llm.corp:4000/v1", { HTTPS_PROXY: "http://p:1" })).toBe("direct: no HTTP_PROXY set");
    expect(route("https://llm.corp/v1", { HTTPS_PROXY: "proxy.corp:3128" })).toBe(
      "http://proxy.corp:3128/ (HTTPS_PROXY)",
    );
  });

  it("NO_PROXY bypasses the proxy, naming the entry that matched", () => {
    expect(
      route("https://llm.corp.example/v1", { HTTPS_PROXY: "http://p:1", NO_PROXY: "localhost, .corp.example" }),
    ).toBe('direct: NO_PROXY entry ".corp.example" matches llm.corp.example');
    expect(route("https://10.1.2.3:4000/v1", { HTTPS_PROXY: "http://p:1", no_proxy: "10.0.0.0/8" })).toBe(
      'direct: no_proxy entry "10.0.0.0/8" matches 10.1.2.3:4000',
    );
  });

  it("a proxy URL we cannot use is a one-line error naming the variable, without its credentials", () => {
    expect(() => route("https://x/v1", { HTTPS_PROXY: "socks5://u:secret@p:1080" })).toThrow(
      "HTTPS_PROXY: socks5:// proxies are not supported; expected an http:// or https:// proxy URL",
    );
    expect(() => parseProxyUrl("http://u:secret@[bad", "HTTP_PROXY")).toThrow(/^HTTP_PROXY: .* is not a URL/);
    expect(() => parseProxyUrl("http://u:secret@[bad", "HTTP_PROXY")).not.toThrow(/secret/);
  });
});

describe("noProxyEntry", () => {
  const cases: [string, number, string, string | null][] = [
    ["api.example.com", 443, "*", "*"],
    ["example.com", 443, "example.com", "example.com"],
    ["api.example.com", 443, "example.com", "example.com"], // a domain covers its subdomains (curl, Go)
    ["api.example.com", 443, "*.example.com", "*.example.com"],
    ["notexample.com", 443, "example.com", null],
    ["api.example.com", 8443, "example.com:443", null],
    ["api.example.com", 443, "example.com:443", "example.com:443"],
    ["127.0.0.1", 4000, "127.0.0.1", "127.0.0.1"],
    ["127.0.0.1", 4000, "127.0.0.1:5000", null],
    ["[::1]", 4000, "::1", "::1"],
    ["[::1]", 4000, "[::1]:4000", "[::1]:4000"],
    ["192.168.1.7", 80, "192.168.0.0/16", "192.168.0.0/16"],
    ["192.169.1.7", 80, "192.168.0.0/16", null],
    ["LLM.Corp", 80, "llm.corp.", "llm.corp."],
    ["example.com", 80, " , ", null],
  ];
  it.each(cases)("%s:%i against %j", (host, port, list, expected) => {
    expect(noProxyEntry(host, port, list)).toBe(expected);
  });
});

describe("redactProxyUrl", () => {
  it("hides credentials and keeps the host", () => {
    expect(redactProxyUrl("http://alice:s3cret@proxy.corp:3128")).toBe("http://***@proxy.corp:3128");
    expect(redactProxyUrl(new URL("http://proxy.corp:3128"))).toBe("http://proxy.corp:3128");
  });
});
