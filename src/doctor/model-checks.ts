// doctor's checks of the models: whether the proxy lists the configured one, the context window
// each configured model gets, and (with --live) one tiny streamed request.
import { countOf, formatWithSeparators } from "../util/numbers.js";
import { randomUUID } from "node:crypto";
import { BASELINE_CONTEXT_WINDOW } from "../agent/context-window.js";
import { lookUpContextWindow } from "../agent/model-profile.js";
import type { ResolvedConfig } from "../config/load.js";
import type { ProviderConfig } from "../config/providers.js";
import { Gateway } from "../gateway/client.js";
import { GatewayError } from "../gateway/errors.js";
import { userMessage } from "../gateway/items.js";
import { errorMessage } from "../util/errors.js";
import { isTable } from "../util/tables.js";
import { fail, ok, skip, warn, type DoctorCheck } from "./check-result.js";

/** A listed id may be a wildcard route ("*", "openai/*"). */
function listedAs(model: string, ids: string[]): string | null {
  if (ids.includes(model)) return model;
  return ids.find((id) => id === "*" || (id.endsWith("/*") && model.startsWith(id.slice(0, -1)))) ?? null;
}

export function modelCheck(config: ResolvedConfig, ids: string[] | null): DoctorCheck {
  const model = config.model;
  if (!model)
    return fail(
      "model",
      "no model configured",
      "set `model` in config.toml (`codex-litellm config set model <name>`), pass -c model=<name>, or run `codex-litellm login`",
    );
  if (ids === null) return skip("model", `skipped: cannot list the proxy's models to look for ${model}`);
  const match = listedAs(model, ids);
  if (match === model) return ok("model", `${model} is listed by /models`);
  if (match) return ok("model", `${model} matches the wildcard route ${match} listed by /models`);
  const some = ids.slice(0, 8);
  const more = ids.length > some.length ? `, … (${ids.length} in all)` : "";
  return fail(
    "model",
    `${model} is not among the ${countOf(ids.length, "model")} /models lists`,
    ids.length
      ? `use one this key can reach, e.g. ${some.join(", ")}${more} (\`codex-litellm config set model <name>\`)`
      : "the proxy lists no models for this key: check its model_list and the key's model access",
  );
}

export async function contextWindowCheck(
  config: ResolvedConfig,
  env: NodeJS.ProcessEnv,
  reachable: boolean,
  keyAccepted: boolean,
): Promise<DoctorCheck> {
  const models = configuredModels(config);
  if (models.length === 0) return skip("context window", "skipped: no model configured");
  const asksProxy = models.some((m) => !m.configured);
  if (asksProxy && !reachable)
    return skip("context window", "skipped: the proxy is not reachable to ask for its model catalog or /model/info");
  if (asksProxy && !keyAccepted)
    return skip("context window", "skipped: the key was not accepted, so the proxy cannot be asked");
  const gateway = new Gateway(config.provider, { env, catalogFile: config.modelCatalogJson });
  const windows = await Promise.all(
    models.map(async (m) => ({ ...m, ...(await lookUpContextWindow(gateway, m.model, m.configured)) })),
  );
  const detail = windows.map((w) => `${w.label}: ${formatWithSeparators(w.window)} tokens (${w.source})`).join("; ");
  const unknown = windows.filter((w) => w.source === "baseline");
  if (unknown.length === 0) return ok("context window", detail);
  return warn(
    "context window",
    `unknown for ${unknown.map((w) => w.model).join(", ")}: not in config, the model catalog or the proxy's /model/info; sessions assume ${formatWithSeparators(BASELINE_CONTEXT_WINDOW)} tokens${windows.length > unknown.length ? ` (${detail})` : ""}`,
    "set model_context_window = <tokens> in config.toml, or model_info.max_input_tokens for the model in the proxy's config",
  );
}

/** The model config uses, then each profile's, with the window config pins for it (if any). */
export function configuredModels(config: ResolvedConfig): { label: string; model: string; configured?: number }[] {
  const models = config.model
    ? [{ label: config.model, model: config.model, configured: config.modelContextWindow }]
    : [];
  const profiles = isTable(config.effective.profiles) ? config.effective.profiles : {};
  for (const [name, profile] of Object.entries(profiles)) {
    if (!isTable(profile) || typeof profile.model !== "string" || name === config.profile) continue;
    const own = profile.model_context_window ?? profile.context_length;
    models.push({
      label: `profile ${name} (${profile.model})`,
      model: profile.model,
      configured: typeof own === "number" ? own : config.modelContextWindow,
    });
  }
  return models;
}

export async function liveCheck(
  config: ResolvedConfig,
  env: NodeJS.ProcessEnv,
  live: boolean,
  ready: boolean,
): Promise<DoctorCheck> {
  if (!live)
    return skip("live request", "skipped: pass --live to send a tiny streamed request (it costs a few tokens)");
  if (!config.model) return skip("live request", "skipped: no model configured");
  if (!ready) return skip("live request", "skipped: the proxy is not reachable or the key was not accepted");
  const provider: ProviderConfig = {
    ...config.provider,
    request_max_retries: 0,
    stream_max_retries: 0,
    stream_idle_timeout_ms: Math.min(config.provider.stream_idle_timeout_ms, 60_000),
  };
  const gateway = new Gateway(provider, { env });
  const started = Date.now();
  let text = "";
  try {
    for await (const event of gateway.stream({
      model: config.model,
      instructions: "You are a connectivity check. Answer with the single word OK.",
      input: [userMessage("Reply with OK.")],
      tools: [],
      sessionId: randomUUID(),
    })) {
      if (event.type === "text_delta") text += event.delta;
      if (event.type === "completed") {
        const u = event.usage;
        const tokens =
          u && u.input_tokens !== null && u.output_tokens !== null
            ? `, ${u.input_tokens} in / ${u.output_tokens} out tokens`
            : "";
        const reply = text.replace(/\s+/g, " ").trim();
        return ok(
          "live request",
          `${config.model} streamed a reply on the ${provider.wire_api} wire in ${Date.now() - started} ms${tokens}${reply ? `: "${reply.slice(0, 60)}"` : ""}`,
        );
      }
    }
    return fail("live request", "the stream ended without a result", "check the proxy's logs for this request");
  } catch (err) {
    const message = errorMessage(err).replace(/\s+/g, " ");
    const kind = err instanceof GatewayError ? err.kind : "error";
    const hints: Partial<Record<string, string>> = {
      model_not_found: "pick a model the proxy serves (see the model check)",
      auth: "check the key (see the key check)",
      bad_request:
        config.provider.wire_api === "responses"
          ? 'if the proxy or model does not support the Responses API, set wire_api = "chat" for the provider'
          : "see the message for what the proxy refused",
      quota: "the key's budget or the provider's quota is used up",
    };
    return fail(
      "live request",
      `${config.provider.wire_api} wire: ${message}`,
      hints[kind] ?? "see the message; `codex-litellm exec` would fail the same way",
    );
  }
}
