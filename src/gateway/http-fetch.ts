// A `fetch` over our transport, for libraries that take one (the MCP SDK's streamable HTTP
// client): their requests then honour the same proxy variables and CA settings as ours.
// Redirects are not followed (the caller sees the 3xx, as with `redirect: "manual"`).
import { Readable } from "node:stream";
import { httpRequest } from "./http.js";
import type { NetworkSettings } from "./tls-trust.js";

const NO_BODY = new Set([101, 204, 205, 304]);

export function fetchOverHttp(
  network: NetworkSettings,
): (input: string | URL, init?: RequestInit) => Promise<Response> {
  return async (input, init = {}) => {
    const method = (init.method ?? "GET").toUpperCase();
    if (method !== "GET" && method !== "POST" && method !== "DELETE")
      throw new TypeError(`fetchOverHttp: unsupported method ${method}`);
    const body = init.body;
    if (body !== undefined && body !== null && typeof body !== "string" && !(body instanceof Uint8Array))
      throw new TypeError("fetchOverHttp: the body must be a string or bytes");
    const response = await httpRequest(input, {
      method,
      headers: Object.fromEntries(new Headers(init.headers).entries()),
      ...(body !== undefined && body !== null && { body }),
      signal: init.signal ?? undefined,
      network,
    });
    const headers = new Headers();
    for (const [name, value] of Object.entries(response.rawHeaders)) {
      for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, v);
    }
    const stream = NO_BODY.has(response.status) ? null : Readable.toWeb(response.stream);
    if (!stream) response.discard();
    return new Response(stream, { status: response.status, headers });
  };
}
