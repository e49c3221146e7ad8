// Helpers for plain nested objects as they come out of a TOML parser.

export type Table = Record<string, unknown>;

export function isTable(value: unknown): value is Table {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);
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
  let cur = table;
  keys.slice(0, -1).forEach((key) => {
    const next = cur[key];
    if (!isTable(next)) cur[key] = {};
    cur = cur[key] as Table;
  });
  cur[keys[keys.length - 1] as string] = value;
}

/** Removes a dotted path; returns whether something was removed. */
export function unsetPath(table: Table, keys: readonly string[]): boolean {
  const parent = getPath(table, keys.slice(0, -1));
  const last = keys[keys.length - 1] as string;
  if (!isTable(parent) || !(last in parent)) return false;
  delete parent[last];
  return true;
}
