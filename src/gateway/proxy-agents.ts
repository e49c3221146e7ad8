// Agents that reach a target through a forward proxy: CONNECT tunnelling for https:// targets
// (https-proxy-agent), absolute-form requests for http:// ones (http-proxy-agent). Loaded with
// import() only when a proxy variable applies, so start-up without a proxy never pays for it.
import type http from "node:http";
import type tls from "node:tls";
import { HttpProxyAgent } from "http-proxy-agent";
import { HttpsProxyAgent } from "https-proxy-agent";

const agents = new Map<string, http.Agent>();

/** One keep-alive agent per proxy and target protocol; `secureContext` verifies an https:// proxy. */
export function proxyAgent(
  proxy: URL,
  targetProtocol: "http:" | "https:",
  secureContext: tls.SecureContext | undefined,
): http.Agent {
  const key = `${targetProtocol}${proxy.href}`;
  let agent = agents.get(key);
  if (!agent) {
    // The agents never see the credentials (their DEBUG output prints the proxy URL): we send
    // the Proxy-Authorization header ourselves.
    const bare = new URL(proxy.href);
    bare.username = "";
    bare.password = "";
    const headers: Record<string, string> = {};
    if (proxy.username || proxy.password) {
      headers["Proxy-Authorization"] =
        `Basic ${Buffer.from(`${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`).toString("base64")}`;
    }
    // A CONNECT tunnel is the target's own connection and is kept alive; a plain proxy may close
    // its client connection after any answer (tinyproxy does), so an http:// target gets a new
    // one per request rather than a reused socket that is already closing.
    const tls = bare.protocol === "https:" ? { secureContext, rejectUnauthorized: true } : {};
    agent =
      targetProtocol === "https:"
        ? new HttpsProxyAgent(bare, { keepAlive: true, headers, ...tls })
        : new HttpProxyAgent(bare, { keepAlive: false, headers, ...tls });
    agents.set(key, agent);
  }
  return agent;
}
