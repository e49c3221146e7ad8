// spawn_agent's "Available model overrides": the model catalog's listed models, one line each,
// in upstream's form (`- \`slug\`: … Reasoning efforts: low (default), medium.`).
import type { ModelCatalog } from "../../gateway/model-catalog.js";

export function catalogModelLines(catalog: ModelCatalog | null): string[] {
  return (catalog?.models ?? [])
    .filter((m) => m.visibility === null || m.visibility === "list")
    .map((m) => {
      const efforts = m.supported_reasoning_levels.map((l) =>
        l.effort === m.default_reasoning_level ? `${l.effort} (default)` : l.effort,
      );
      return `- \`${m.slug}\`:${efforts.length ? ` Reasoning efforts: ${efforts.join(", ")}.` : ""}`;
    });
}
