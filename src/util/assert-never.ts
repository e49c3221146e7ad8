/**
 * The end of a switch that names every member of a union: `value` has type `never` there, so a
 * new member is a type error at each call until its case is written. Reached only when a value
 * arrived that its type did not allow.
 */
export function assertNever(value: never): never {
  const seen: unknown = value;
  const type = typeof seen === "object" && seen !== null && "type" in seen ? String(seen.type) : typeof seen;
  throw new TypeError(`unexpected ${type}: no case for it`);
}
