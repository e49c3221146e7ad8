// Questions asked of the known-keys table: which row a key path is, where a misplaced key belongs,
// what a profile may set.
import { KNOWN_KEYS, type KnownKey } from "./known-keys.js";

const WILDCARD = /^<[^>]+>$/;
const segmentsOf = (p: string) => p.split(".");

/** The row for a dotted key path, `<…>` segments matching any key. */
export function knownKey(keys: readonly string[]): KnownKey | undefined {
  return KNOWN_KEYS.find((row) => {
    const segs = segmentsOf(row.path);
    return segs.length === keys.length && segs.every((s, i) => s === keys[i] || WILDCARD.test(s));
  });
}

/** Whether rows continue below `row` (the notices walk into its table). */
export function hasChildRows(row: KnownKey): boolean {
  return KNOWN_KEYS.some((other) => other.path.startsWith(`${row.path}.`));
}

/** Where a key of this name is known elsewhere, as a table name (`[sandbox_workspace_write]`, top level), else null. */
export function belongsUnder(name: string, notAt: readonly string[]): string | null {
  const row = KNOWN_KEYS.find((r) => {
    const segs = segmentsOf(r.path);
    return segs.at(-1) === name && segs.slice(0, -1).join(".") !== notAt.join(".");
  });
  if (!row) return null;
  const parent = segmentsOf(row.path).slice(0, -1);
  return parent.length === 0 ? "the top level" : `[${parent.join(".")}]`;
}

/** The keys of `[profiles.<name>]` a profile may set (others are named and not applied). */
export function profileMayApply(key: string): boolean {
  return knownKey(["profiles", "p", key])?.status === "honoured";
}
