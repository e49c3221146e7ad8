import type { GatewayEvent, ModelRequest } from "../gateway/types.js";
import type { ModelInfo } from "../gateway/models.js";
import type { ModelCatalog } from "../gateway/model-catalog.js";

/** What the agent needs from a model client (the Gateway, or a test double). */
export interface ModelClient {
  readonly provider: { id: string; name: string; base_url: string; wire_api: "responses" | "chat" };
  stream(req: ModelRequest, signal?: AbortSignal): AsyncIterable<GatewayEvent>;
  modelInfo(model: string): Promise<ModelInfo | null>;
  /** Why asking about `model` failed (a timeout, an error status), once modelInfo has answered null for that reason. */
  modelInfoFailure?(model: string): string | undefined;
  /** The Codex model catalog (null: none); `refresh` asks the proxy again. */
  modelCatalog?(options?: { refresh?: boolean }): Promise<ModelCatalog | null>;
}

/** A response the proxy served and reported usage for (complete, or an attempt that failed after). */
export type ServedResponse = Extract<GatewayEvent, { type: "completed" | "attempt_usage" }>;
