// The roles `spawn_agent`'s `agent_type` may name, as upstream resolves them: `[agents.<name>]`
// tables in config.toml (`description`, `config_file`, `nickname_candidates`, and the settings a
// role may set inline), then the built-in `default`, `explorer` and `worker`.
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "smol-toml";
import { isJsonObject } from "../../util/json.js";
import specs from "../../tools/multi-agent/upstream-specs.json" with { type: "json" };

/** What a role changes in a spawned agent's config. */
export interface RoleSettings {
  model?: string;
  model_reasoning_effort?: string;
  developer_instructions?: string;
  sandbox_mode?: string;
}

export interface AgentRole {
  name: string;
  description: string;
  nicknames: string[];
  settings: RoleSettings;
  /** From config (not one of the built-ins). */
  configured: boolean;
}

/** `[agents]` keys that are settings, not roles. */
const AGENTS_SETTINGS = new Set([
  "enabled",
  "max_threads",
  "max_concurrent_threads_per_session",
  "max_depth",
  "job_max_runtime_seconds",
  "default_subagent_model",
  "default_subagent_reasoning_effort",
  "interrupt_message",
]);

const stringOf = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

function settingsOf(table: Record<string, unknown>): RoleSettings {
  const pick = (key: keyof RoleSettings) => stringOf(table[key]);
  return Object.fromEntries(
    (["model", "model_reasoning_effort", "developer_instructions", "sandbox_mode"] as const).flatMap((key) => {
      const value = pick(key);
      return value === undefined ? [] : [[key, value]];
    }),
  );
}

/** A role's `config_file` (relative to CODEX_HOME), read as TOML; an unreadable one gives nothing and a warning. */
function configFileSettings(file: string, codexHome: string, warn: (message: string) => void): RoleSettings {
  const full = path.resolve(codexHome, file);
  try {
    const table = parse(readFileSync(full, "utf8"));
    return settingsOf(table);
  } catch (err) {
    warn(`agent role config_file ${full}: ${err instanceof Error ? err.message : String(err)}`);
    return {};
  }
}

export function agentRoles(
  agents: Record<string, unknown>,
  codexHome: string,
  warn: (message: string) => void,
): AgentRole[] {
  const configured = Object.entries(agents).flatMap(([name, table]): AgentRole[] => {
    if (AGENTS_SETTINGS.has(name) || !isJsonObject(table)) return [];
    const file = stringOf(table.config_file);
    return [
      {
        name,
        description: stringOf(table.description) ?? "",
        nicknames: Array.isArray(table.nickname_candidates)
          ? table.nickname_candidates.filter((n): n is string => typeof n === "string")
          : [],
        settings: { ...(file ? configFileSettings(file, codexHome, warn) : {}), ...settingsOf(table) },
        configured: true,
      },
    ];
  });
  const names = new Set(configured.map((r) => r.name));
  const builtins = Object.entries(specs.builtinRoles)
    .filter(([name]) => !names.has(name))
    .map(([name, description]) => ({ name, description, nicknames: [], settings: {}, configured: false }));
  return [...configured, ...builtins];
}
