// Which provider and model produced a history item. Reasoning carries `encrypted_content` that
// only the backend that made it can decrypt, and remote compaction summaries likewise: the
// model input leaves them out for any other backend (see model-input.ts). Kept beside the items
// (not in them) so nothing of it is ever serialised into a request or a rollout.

import type { ResponseItem } from "./items.js";

export interface ItemOrigin {
  /** Provider id (`model_provider`), or null when the rollout does not say. */
  provider: string | null;
  /** Model name, or null when the rollout does not say. */
  model: string | null;
}

const origins = new WeakMap<object, ItemOrigin>();

export function setOrigin(item: ResponseItem, origin: ItemOrigin): void {
  origins.set(item, origin);
}

/** Undefined for an item nobody tagged (built by the agent itself, e.g. user messages). */
export function originOf(item: ResponseItem): ItemOrigin | undefined {
  return origins.get(item);
}

/** True when `item` came from exactly this provider and model (untagged items count as ours). */
export function isFromBackend(item: ResponseItem, provider: string, model: string): boolean {
  const origin = originOf(item);
  return origin === undefined || (origin.provider === provider && origin.model === model);
}
