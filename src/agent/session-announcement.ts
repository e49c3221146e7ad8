// What the session tells the front-end when it starts (and after `/model` or `/approvals`): the
// `session_configured` event, then, once each, what it had to decide on its own (as upstream,
// whose warnings follow the session's start).
import type { ResolvedConfig } from "../config/load.js";
import type { CacheStrategy } from "../gateway/prompt-cache.js";
import type { ModelInfo } from "../gateway/models.js";
import { formatWithSeparators } from "../util/numbers.js";
import type { EventSink } from "./event-sink.js";
import type { ModelClient } from "./model-client.js";
import { catalogSettings, type ModelProfile } from "./model-profile.js";

export interface SessionStart {
  sessionId: string;
  model: string;
  config: ResolvedConfig;
  client: ModelClient;
  profile: ModelProfile;
  /** The proxy's model info (null: it did not arrive, or does not know the model). */
  info: ModelInfo | null;
  cacheStrategy: CacheStrategy;
  rolloutPath: string | null;
  resumed: boolean;
  /** The model a resumed session last ran on (its last turn_context): another model is warned about. */
  recordedModel?: string;
}

export class SessionAnnouncer {
  /** Notices already given (`model:effort`, `model:info`), so the user is told once. */
  private readonly noticesGiven = new Set<string>();

  constructor(private readonly events: EventSink) {}

  announce(start: SessionStart): void {
    const { config, client, profile } = start;
    this.events.emit({
      type: "session_configured",
      sessionId: start.sessionId,
      model: start.model,
      reasoningEffort: profile.reasoningEffort.value ?? null,
      provider: {
        id: client.provider.id,
        name: client.provider.name,
        baseUrl: client.provider.base_url,
        wireApi: client.provider.wire_api,
      },
      cwd: config.cwd,
      approvalPolicy: config.approvalPolicy,
      sandboxMode: config.sandboxMode,
      contextWindow: profile.contextWindow,
      catalogSettings: catalogSettings(profile),
      reasoningLevels: profile.reasoningLevels.value,
      rolloutPath: start.rolloutPath,
      resumed: start.resumed,
    });
    this.tellOtherModel(start);
    this.tellUnsupportedEffort(start);
    this.tellMissingModelInfo(start);
  }

  /** Upstream's warning when a resume runs on another model than the session's last. */
  private tellOtherModel({ model, recordedModel: recorded }: SessionStart): void {
    if (!recorded || recorded === model) return;
    this.events.emit({
      type: "warning",
      message: `This session was recorded with model \`${recorded}\` but is resuming with \`${model}\`. Consider switching back to \`${recorded}\` as it may affect Codex performance.`,
    });
  }

  private tellUnsupportedEffort({ model, profile }: SessionStart): void {
    const unsupported = profile.unsupportedEffort;
    if (!unsupported || this.noticesGiven.has(`${model}:${unsupported}`)) return;
    this.noticesGiven.add(`${model}:${unsupported}`);
    const levels = profile.reasoningLevels.value.map((l) => l.effort).join(", ");
    this.events.emit({
      type: "warning",
      message: `${model} does not take reasoning effort "${unsupported}" (the model catalog lists ${levels}); it is not sent`,
    });
  }

  /**
   * A lookup that failed (a busy proxy, a timeout) is not the proxy saying it does not know the
   * model: what the session then falls back to is said once, with how to decide without it.
   */
  private tellMissingModelInfo({ model, profile, info, client, cacheStrategy }: SessionStart): void {
    const failure = info === null ? client.modelInfoFailure?.(model) : undefined;
    const fallbacks = [
      ...(profile.contextWindow.source === "baseline"
        ? [`the context window is the ${formatWithSeparators(profile.contextWindow.window)}-token baseline`]
        : []),
      ...(cacheStrategy === "unknown" ? ["prompts carry no cache breakpoints"] : []),
    ];
    if (!failure || fallbacks.length === 0 || this.noticesGiven.has(`${model}:info`)) return;
    this.noticesGiven.add(`${model}:info`);
    this.events.emit({
      type: "warning",
      message: `the proxy's model info for ${model} did not arrive (${failure}): ${fallbacks.join(" and ")}; set model_context_window or prompt_cache in config.toml to decide without it`,
    });
  }
}
