import type { HeaderBag, HttpResponse } from "./http.js";
import { isJsonObject } from "../util/json.js";

/**
 * The proxy answered with an HTTP error. `error` is the body's `error` object when there is
 * one (LiteLLM and OpenAI: `{error: {message, type, code}}`), else the whole parsed body;
 * `message` is the most specific text it carries.
 */
export class HttpStatusError extends Error {
  constructor(
    readonly status: number,
    readonly headers: HeaderBag,
    readonly error: unknown,
    message: string,
  ) {
    super(message);
    this.name = "HttpStatusError";
  }

  static async from(response: HttpResponse): Promise<HttpStatusError> {
    const text = await response.text().catch(() => "");
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    const inner = isJsonObject(body) ? body.error : undefined;
    const error = inner !== undefined && inner !== null ? inner : body;
    const pick = (v: unknown) => (typeof v === "string" && v.trim() ? v : null);
    const message =
      pick(isJsonObject(error) ? error.message : undefined) ??
      pick(isJsonObject(body) ? body.detail : undefined) ??
      (error !== undefined && typeof error === "object" ? JSON.stringify(error) : null) ??
      pick(text) ??
      `HTTP ${response.status} with no body`;
    return new HttpStatusError(response.status, response.headers, error, message);
  }
}
