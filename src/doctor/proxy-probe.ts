// One GET to the proxy for doctor's checks: the status, the body (JSON when it parses) and the
// certificates it presented, or why no answer came.
import type { PeerCertificate } from "node:tls";
import { httpRequest, NetworkSetupError, RequestFailedError } from "../gateway/http.js";
import type { NetworkSettings } from "../gateway/tls-trust.js";
import { isJsonObject } from "../util/json.js";

export type Probe =
  | { ok: true; status: number; body: unknown; ms: number; certificates: PeerCertificate[] | null }
  | {
      ok: false;
      error: string;
      timedOut: boolean;
      ms: number;
      /** Retrying cannot help: a certificate, proxy or CA setting. */ setup: boolean;
    };

export const trimSlash = (url: string) => url.replace(/\/+$/, "");

/** LiteLLM's management routes live at the proxy root; base_url usually ends in /v1. */
export function proxyRoot(baseUrl: string): string {
  return trimSlash(baseUrl).replace(/\/v1$/, "");
}

export async function probe(
  url: string,
  headers: Record<string, string>,
  network: NetworkSettings,
  timeoutMs: number,
): Promise<Probe> {
  const started = Date.now();
  try {
    const response = await httpRequest(url, { headers, network, signal: AbortSignal.timeout(timeoutMs) });
    const certificates = response.peerCertificates();
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { ok: true, status: response.status, body, ms: Date.now() - started, certificates };
  } catch (err) {
    const timedOut = err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError");
    const via = err instanceof RequestFailedError && err.via ? `through the proxy ${err.via}: ` : "";
    return {
      ok: false,
      error: `${via}${networkReason(err)}`,
      timedOut,
      ms: Date.now() - started,
      setup: err instanceof NetworkSetupError,
    };
  }
}

function networkReason(err: unknown): string {
  if (err instanceof NetworkSetupError) return err.message;
  if (!(err instanceof Error)) return String(err);
  const cause = isJsonObject(err.cause) ? err.cause : {};
  if (typeof cause.code === "string") return cause.code;
  if (typeof cause.message === "string") return cause.message;
  return err.message;
}

/** The server's error message: LiteLLM's `{error: {message}}`, else the text, on one line. */
export function serverMessage(body: unknown): string {
  const error = isJsonObject(body) ? body.error : undefined;
  const message = isJsonObject(error) ? error.message : typeof error === "string" ? error : undefined;
  const text = typeof message === "string" ? message : typeof body === "string" ? body : JSON.stringify(body);
  const line = (text ?? "").replace(/\s+/g, " ").trim();
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
