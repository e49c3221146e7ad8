// The names MCP tools are offered to the model under, as upstream Codex builds them
// (codex-rs/core/src/mcp_connection_manager.rs `qualify_tools`):
//   raw = "mcp" + "__" + server + "__" + tool
//   name = raw with every character outside [a-zA-Z0-9_-] replaced by "_"
//   longer than 64 → the first 24 characters + the SHA-1 (40 hex digits) of the *raw* name
// A raw name seen twice, or a final name already taken, is skipped.
import { createHash } from "node:crypto";

export const MCP_TOOL_NAME_DELIMITER = "__";
export const MAX_TOOL_NAME_LENGTH = 64;

/** True for the name of an MCP tool as offered to the model (`mcp__<server>__<tool>`). */
export function isMcpToolName(name: string): boolean {
  return name.startsWith(`mcp${MCP_TOOL_NAME_DELIMITER}`);
}

/** Replaces characters the Responses API refuses in tool names (`^[a-zA-Z0-9_-]+$`) with `_`. */
export function sanitizeToolName(name: string): string {
  let out = "";
  for (const ch of name) out += /^[A-Za-z0-9_-]$/.test(ch) ? ch : "_";
  return out || "_";
}

export function rawQualifiedName(server: string, tool: string): string {
  return `mcp${MCP_TOOL_NAME_DELIMITER}${server}${MCP_TOOL_NAME_DELIMITER}${tool}`;
}

/** The model-visible name of one tool, before collision handling. */
export function qualifiedToolName(server: string, tool: string): string {
  const raw = rawQualifiedName(server, tool);
  const name = sanitizeToolName(raw);
  if (name.length <= MAX_TOOL_NAME_LENGTH) return name;
  const hash = createHash("sha1").update(raw).digest("hex");
  return `${name.slice(0, MAX_TOOL_NAME_LENGTH - hash.length)}${hash}`;
}

/** Qualifies every tool, in order; duplicates (by raw or final name) are dropped and reported. */
export function qualifyTools<T extends { server: string; tool: string }>(
  tools: readonly T[],
  onSkip?: (name: string) => void,
): Map<string, T> {
  const seenRaw = new Set<string>();
  const out = new Map<string, T>();
  for (const entry of tools) {
    const raw = rawQualifiedName(entry.server, entry.tool);
    if (seenRaw.has(raw)) {
      onSkip?.(raw);
      continue;
    }
    seenRaw.add(raw);
    const name = qualifiedToolName(entry.server, entry.tool);
    if (out.has(name)) {
      onSkip?.(name);
      continue;
    }
    out.set(name, entry);
  }
  return out;
}
