import { parse } from "smol-toml";
import { UserError } from "../util/errors.js";
import { setPath, type Table } from "../util/tables.js";

export interface ConfigOverride {
  /** Dotted key path, e.g. ["telemetry", "enabled"]. */
  keys: string[];
  value: unknown;
  /** The flag as the user wrote it, for error messages. */
  source: string;
}

/**
 * Parses one `-c key.path=value` flag as upstream Codex does: the value is read as a TOML
 * value (string, number, boolean, array, inline table) and, when that fails, taken as a
 * plain string (surrounding quotes stripped).
 */
export function parseOverride(raw: string): ConfigOverride {
  const source = `-c ${raw}`;
  const eq = raw.indexOf("=");
  if (eq < 0) throw new UserError(`${source}: expected key=value (e.g. -c model="my-model")`);
  const key = raw.slice(0, eq).trim();
  const keys = key.split(".").map((k) => k.trim());
  if (!key || keys.some((k) => k === "")) throw new UserError(`${source}: "${key}" is not a valid key path`);
  return { keys, value: parseTomlValue(raw.slice(eq + 1)), source };
}

function parseTomlValue(text: string): unknown {
  try {
    return parse(`__value__ = ${text}`).__value__;
  } catch {
    return text.trim().replace(/^(["'])(.*)\1$/s, "$2");
  }
}

export function overridesToTable(overrides: readonly ConfigOverride[]): Table {
  const table: Table = {};
  for (const o of overrides) setPath(table, o.keys, o.value);
  return table;
}
