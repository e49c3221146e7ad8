// Session modes (Codex's approval presets) and config options (the model, with the proxy's models
// and their context windows, and the reasoning effort) as ACP shows them.
import type { SessionConfigOption, SessionModeState } from "@agentclientprotocol/sdk";
import { APPROVAL_PRESETS, type ApprovalPreset } from "../agent/approval-presets.js";
import type { ModelChoice } from "../agent/model-choices.js";
import type { ApprovalPolicy, ReasoningEffort, SandboxMode } from "../config/schema.js";
import { formatWithSeparators } from "../util/numbers.js";

export const MODEL_OPTION = "model";
export const EFFORT_OPTION = "reasoning_effort";

export interface SessionSettingsView {
  model: string;
  approvalPolicy: ApprovalPolicy;
  sandboxMode: SandboxMode;
  reasoningEffort: ReasoningEffort | undefined;
  /** The efforts the session's model takes. */
  reasoningLevels: { effort: string; description: string | null }[];
  contextWindow: number;
}

/** The mode of settings no preset has (from config or the command line): kept until another mode is chosen. */
export const CONFIGURED_MODE = "configured";

/** The preset the settings match, else the configured mode. */
export function currentMode(policy: ApprovalPolicy, sandbox: SandboxMode): string {
  return APPROVAL_PRESETS.find(({ value: [p, s] }) => p === policy && s === sandbox)?.id ?? CONFIGURED_MODE;
}

export function presetById(id: string): ApprovalPreset | undefined {
  return APPROVAL_PRESETS.find((preset) => preset.id === id);
}

export function sessionModes(settings: Pick<SessionSettingsView, "approvalPolicy" | "sandboxMode">): SessionModeState {
  const { approvalPolicy, sandboxMode } = settings;
  const currentModeId = currentMode(approvalPolicy, sandboxMode);
  const modes: SessionModeState["availableModes"] = APPROVAL_PRESETS.map(
    ({ id, label, detail, value: [policy, sandbox] }) => ({
      id,
      name: label,
      description: `${detail} (approval ${policy}, sandbox ${sandbox})`,
    }),
  );
  if (currentModeId === CONFIGURED_MODE)
    modes.push({
      id: CONFIGURED_MODE,
      name: "As configured",
      description: `approval ${approvalPolicy}, sandbox ${sandboxMode} (from config.toml or the command line)`,
    });
  return { currentModeId, availableModes: modes };
}

/** The model option lists the proxy's models (the session's own first when the proxy does not list it). */
export function configOptions(settings: SessionSettingsView, models: ModelChoice[]): SessionConfigOption[] {
  const listed = models.some((m) => m.model === settings.model)
    ? models
    : [{ model: settings.model, contextWindow: { window: settings.contextWindow } }, ...models];
  const options: SessionConfigOption[] = [
    {
      type: "select",
      id: MODEL_OPTION,
      name: "Model",
      category: "model",
      description: "a model the LiteLLM proxy serves (context window in tokens)",
      currentValue: settings.model,
      options: listed.map(({ model, contextWindow }) => ({
        value: model,
        name: model,
        description: `${formatWithSeparators(contextWindow.window)}-token context window`,
      })),
    },
  ];
  if (settings.reasoningLevels.length > 0)
    options.push({
      type: "select",
      id: EFFORT_OPTION,
      name: "Reasoning effort",
      category: "thought_level",
      currentValue: settings.reasoningEffort ?? settings.reasoningLevels[0]?.effort ?? "medium",
      options: settings.reasoningLevels.map(({ effort, description }) => ({
        value: effort,
        name: effort,
        ...(description && { description }),
      })),
    });
  return options;
}
