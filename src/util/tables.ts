// Helpers for plain nested objects as they come out of a TOML parser.
import { isJsonObject, type JsonObject } from "./json.js";

export type Table = JsonObject;

/** A TOML table: an object that is not an array nor a date. */
export function isTable(value: unknown): value is Table {
  return isJsonObject(value) && !(value instanceof Date);
}

/** Merges `over` onto `base`: tables merge key by key, anything else (arrays too) replaces. */
export function deepMerge(base: Table, over: Table): Table {
  const out: Table = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = out[key];
    out[key] = isTable(current) && isTable(value) ? deepMerge(current, value) : value;
  }
  return out;
}

export function getPath(table: Table, keys: readonly string[]): unknown {
  let cur: unknown = table;
  for (const key of keys) {
    if (!isTable(cur)) return undefined;
    cur = cur[key];
  }
  return cur;
}

/** Sets a dotted path, creating (or replacing non-table values with) tables on the way. */
export function setPath(table: Table, keys: readonly string[], value: unknown): void {
  const last = keys.at(-1);
  if (last === undefined) return;
  let cur = table;
  for (const key of keys.slice(0, -1)) {
    const next = cur[key];
    const child = isTable(next) ? next : {};
    cur[key] = child;
    cur = child;
  }
  cur[last] = value;
}

/** Removes a dotted path; returns whether something was removed. */
export function unsetPath(table: Table, keys: readonly string[]): boolean {
  const parent = getPath(table, keys.slice(0, -1));
  const last = keys.at(-1);
  if (last === undefined || !isTable(parent) || !(last in parent)) return false;
  delete parent[last];
  return true;
}
