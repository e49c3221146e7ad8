import { formatWithSeparators } from "../../util/numbers.js";
import { Text } from "ink";
import React, { useEffect, useState } from "react";
import { BASELINE_REASONING_EFFORTS, type ReasoningEffort } from "../../config/schema.js";
import type { TuiHost } from "../host.js";
import { useScreenText } from "../screen-text.js";
import { SelectList, type SelectItem } from "./SelectList.js";
import { errorMessage } from "../../util/errors.js";

type Stage =
  | { step: "model" }
  | { step: "effort"; model: string }
  | { step: "save"; model: string; effort: ReasoningEffort | undefined };

/** /model: the proxy's models (with their windows), then the reasoning effort, then whether to save. */
export function ModelPicker({ host, onDone }: { host: TuiHost; onDone: () => void }) {
  const [stage, setStage] = useState<Stage>({ step: "model" });
  const [choices, setChoices] = useState<Awaited<ReturnType<TuiHost["modelChoices"]>> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const show = useScreenText();
  useEffect(() => {
    host.modelChoices().then(setChoices, (err: unknown) => setError(errorMessage(err)));
  }, [host]);
  if (error) return <Text color="red">/model: {show(error)} (Esc to close)</Text>;
  if (!choices) return <Text dimColor>Loading models from {host.config?.provider.base_url}…</Text>;
  if (stage.step === "model") {
    return (
      <SelectList
        key="model"
        filterable
        title={`Model (current: ${host.sessionSettings?.model})`}
        items={choices.map(({ model, contextWindow }) => ({
          label: model,
          // The window a session on it would use; none shown when nothing is known of it (the baseline).
          detail:
            contextWindow.source === "baseline" ? undefined : `${formatWithSeparators(contextWindow.window)} tokens`,
          value: model,
        }))}
        onSelect={(model) => setStage({ step: "effort", model })}
        onCancel={onDone}
      />
    );
  }
  if (stage.step === "effort") {
    // The model catalog's levels (with its descriptions) when it lists some, else every effort we know.
    const choice = choices.find((c) => c.model === stage.model);
    const levels =
      choice?.reasoningLevels ?? BASELINE_REASONING_EFFORTS.map((effort) => ({ effort, description: null }));
    const fallback = choice?.defaultEffort
      ? `(the catalog's default: ${choice.defaultEffort})`
      : "(let the model decide)";
    const items: SelectItem<ReasoningEffort | undefined>[] = [
      { label: "default", detail: fallback, value: undefined },
      ...levels.map((l) => ({ label: l.effort, detail: l.description ?? undefined, value: l.effort })),
    ];
    return (
      <SelectList
        key="effort"
        title={`Reasoning effort for ${stage.model}`}
        items={items}
        onSelect={(effort) => setStage({ step: "save", model: stage.model, effort })}
        onCancel={onDone}
      />
    );
  }
  return (
    <SelectList
      key="save"
      title={`Use ${stage.model}${stage.effort ? ` (${stage.effort})` : ""}…`}
      items={[
        { label: "for this session only", value: false },
        { label: "and save as the default in config.toml", value: true },
      ]}
      onSelect={(persist) => {
        void host.switchModel(stage.model, stage.effort, persist).finally(onDone);
      }}
      onCancel={onDone}
    />
  );
}
