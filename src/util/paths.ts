import path from "node:path";

/** True when `p` is `root` or lies below it (both absolute and normalised). */
export function isWithin(p: string, root: string): boolean {
  if (p === root) return true;
  const prefix = root.endsWith(path.sep) ? root : root + path.sep;
  return p.startsWith(prefix);
}

/** `p` for display: `~/…` when it lies under HOME (as upstream shows directories), otherwise unchanged. */
export function tildePath(p: string, home = process.env.HOME ?? ""): string {
  const root = home.length > 1 ? path.resolve(home) : "";
  if (!root || !isWithin(p, root)) return p;
  return p === root ? "~" : `~${path.sep}${p.slice(root.length).replace(/^[/\\]+/, "")}`;
}

/** Every absolute path under HOME in a line of text shown as `~/…` (the UI's notices name files in CODEX_HOME). */
export function tildePathsIn(text: string, home = process.env.HOME ?? ""): string {
  const root = home.length > 1 ? path.resolve(home) : "";
  return root ? text.split(`${root}${path.sep}`).join(`~${path.sep}`) : text;
}
