// Which forward proxy a request goes through: HTTPS_PROXY for https:// URLs, HTTP_PROXY for
// http:// (lower-case forms first, as curl reads them), unless NO_PROXY matches the host.
// NO_PROXY follows curl and Go: `*` matches everything; `example.com`, `.example.com` and
// `*.example.com` match the host and its subdomains; `host:port` only that port; an IP or a
// CIDR range matches addresses. (proxy-from-env, the common package, matches `example.com`
// only exactly and reads only process.env, hence these few lines of our own.)
import { BlockList, isIP } from "node:net";

export type ProxyRoute =
  | { proxy: URL; variable: string }
  | { proxy: null; /** Why the request goes direct, e.g. `NO_PROXY entry "127.0.0.1" matches`. */ reason: string };

/** The environment variables we read, in the order they are looked at. */
export const PROXY_VARIABLES = {
  "https:": ["https_proxy", "HTTPS_PROXY"],
  "http:": ["http_proxy", "HTTP_PROXY"],
} as const;
const NO_PROXY_VARIABLES = ["no_proxy", "NO_PROXY"] as const;

function firstSet(env: NodeJS.ProcessEnv, names: readonly string[]): { name: string; value: string } | null {
  for (const name of names) {
    const value = env[name]?.trim();
    if (value) return { name, value };
  }
  return null;
}

/** Parses a proxy variable's value (`host:port` means http://host:port). Throws a one-line error naming the variable. */
export function parseProxyUrl(value: string, variable: string): URL {
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`);
  } catch {
    throw new Error(
      `${variable}: ${redactProxyUrl(value)} is not a URL; expected http://host:port (or http://user:password@host:port)`,
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new Error(
      `${variable}: ${url.protocol}// proxies are not supported; expected an http:// or https:// proxy URL`,
    );
  }
  return url;
}

/** The proxy URL without its credentials, for messages and logs. */
export function redactProxyUrl(url: string | URL): string {
  const text = String(url);
  try {
    const parsed = new URL(text);
    if (!parsed.username && !parsed.password) return parsed.origin;
    return `${parsed.protocol}//***@${parsed.host}`;
  } catch {
    return text.replace(/\/\/[^/@]*@/, "//***@");
  }
}

export function proxyRoute(target: URL, env: NodeJS.ProcessEnv): ProxyRoute {
  const names =
    target.protocol === "https:" || target.protocol === "http:" ? PROXY_VARIABLES[target.protocol] : undefined;
  const set = names ? firstSet(env, names) : null;
  if (!set) return { proxy: null, reason: `no ${names?.[1] ?? "proxy variable"} set` };
  const noProxy = firstSet(env, NO_PROXY_VARIABLES);
  const port = Number(target.port) || (target.protocol === "https:" ? 443 : 80);
  const entry = noProxy ? noProxyEntry(target.hostname, port, noProxy.value) : null;
  if (entry) return { proxy: null, reason: `${noProxy?.name} entry "${entry}" matches ${target.host}` };
  return { proxy: parseProxyUrl(set.value, set.name), variable: set.name };
}

/** The NO_PROXY entry that matches `hostname:port`, or null. */
export function noProxyEntry(hostname: string, port: number, noProxy: string): string | null {
  const host = hostname
    .toLowerCase()
    .replace(/^\[|\]$/g, "")
    .replace(/\.$/, "");
  for (const raw of noProxy.split(/[\s,]+/)) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry === "*") return raw;
    const { name, entryPort } = splitPort(entry);
    if (entryPort !== null && entryPort !== port) continue;
    if (name.includes("/")) {
      if (cidrContains(name, host)) return raw;
      continue;
    }
    const bare = name.replace(/^\*?\.?/, "").replace(/\.$/, "");
    if (!bare) continue;
    if (host === bare || (!isIP(host) && host.endsWith(`.${bare}`))) return raw;
  }
  return null;
}

function splitPort(entry: string): { name: string; entryPort: number | null } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed) return { name: bracketed[1] ?? "", entryPort: bracketed[2] ? Number(bracketed[2]) : null };
  const hostPort = /^([^:]+):(\d+)$/.exec(entry); // an IPv6 address has more than one colon
  if (hostPort) return { name: hostPort[1] ?? "", entryPort: Number(hostPort[2]) };
  return { name: entry, entryPort: null };
}

function cidrContains(cidr: string, host: string): boolean {
  const [network, bits] = cidr.split("/");
  const family = isIP(network ?? "");
  if (!network || !family || !isIP(host) || isIP(host) !== family) return false;
  const list = new BlockList();
  try {
    list.addSubnet(network, Number(bits), family === 6 ? "ipv6" : "ipv4");
  } catch {
    return false;
  }
  return list.check(host, family === 6 ? "ipv6" : "ipv4");
}
