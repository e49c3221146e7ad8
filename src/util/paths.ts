import path from "node:path";

/** True when `p` is `root` or lies below it (both absolute and normalised). */
export function isWithin(p: string, root: string): boolean {
  if (p === root) return true;
  const prefix = root.endsWith(path.sep) ? root : root + path.sep;
  return p.startsWith(prefix);
}
