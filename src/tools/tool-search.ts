// Upstream's `tool_search` (offered when the model's catalog entry says `supports_search_tool`):
// the subagent namespace and the MCP servers' tools are not listed in the request; the model
// searches them (BM25 over each tool's name, description and parameters) with a
// `tool_search_call`, and the client answers with a `tool_search_output` carrying the matching
// tools' specs, grouped in their namespaces, which the model can call from then on. The Chat wire
// has no such tool: there every tool is offered directly.
import type { WireApi } from "../config/schema.js";
import { PreservedItem, type ResponseItem } from "../gateway/items.js";
import type { FunctionToolSpec, ToolSearchToolSpec } from "../gateway/types.js";
import { isJsonObject } from "../util/json.js";
import type { SpecContext, Tool } from "./tool.js";

export const TOOL_SEARCH_DEFAULT_LIMIT = 8;

const DESCRIPTION =
  "# Tool discovery\n\nSearches over deferred tool metadata with BM25 and exposes matching tools for the next model call.\n\nSome of the tools may not have been provided to you upfront, and you should use this tool (`tool_search`) to search for the required tools. For MCP tool discovery, always use `tool_search` instead of `list_mcp_resources` or `list_mcp_resource_templates`.";

/** The spec, as upstream 0.171 words it. */
export const TOOL_SEARCH_SPEC: ToolSearchToolSpec = {
  type: "tool_search",
  execution: "client",
  description: DESCRIPTION,
  parameters: {
    type: "object",
    properties: {
      limit: {
        type: "number",
        description: `Maximum number of tools to return. Defaults to ${TOOL_SEARCH_DEFAULT_LIMIT}.`,
      },
      query: { type: "string", description: "Search query for deferred tools." },
    },
    required: ["query"],
    additionalProperties: false,
  },
};

const MCP_NAME = /^(mcp__.+?)__(.+)$/;

/** Whether `searching` keeps `tool` out of the request, behind tool_search: the subagent namespace and MCP server tools. */
export function isDeferred(tool: Pick<Tool, "name" | "namespace">): boolean {
  return tool.namespace?.name === "multi_agent_v1" || MCP_NAME.test(tool.name);
}

export const isToolSearchCall = (item: ResponseItem): item is PreservedItem =>
  item.type === "preserved" && item.itemType === "tool_search_call";

/** The namespace a deferred tool is found in, and its name there (an MCP tool `mcp__docs__echo` is `echo` in `mcp__docs`). */
function placeOf(tool: Tool): { namespace: string; description: string; name: string } {
  if (tool.namespace)
    return {
      namespace: tool.namespace.name,
      description: tool.namespace.description,
      name: tool.namespacedName ?? tool.name,
    };
  const [, namespace = tool.name, name = tool.name] = MCP_NAME.exec(tool.name) ?? [];
  return { namespace, description: `Tools in the ${namespace} namespace.`, name };
}

/**
 * The tool a namespaced call names: `echo` in `mcp__docs` is the MCP tool `mcp__docs__echo`, even
 * where a tool of its own is named `echo` too.
 */
export function namespacedToolName(namespace: string | undefined, name: string, tools: readonly Tool[]): string {
  if (!namespace) return name;
  const member = tools.find((t) => t.namespace?.name === namespace && (t.namespacedName ?? t.name) === name);
  if (member) return member.name;
  return tools.some((t) => t.name === name) ? name : `${namespace}__${name}`;
}

interface Entry {
  namespace: string;
  description: string;
  spec: FunctionToolSpec & { defer_loading: true };
  terms: string[];
}

/** Upstream's searchable text of a function: its names, namespace, description and the parameters' names and descriptions. */
function searchText(place: ReturnType<typeof placeOf>, spec: FunctionToolSpec): string {
  const parts = [`${place.namespace}__${place.name}`, place.name.replaceAll("_", " "), place.namespace];
  parts.push(place.name, place.name.replaceAll("_", " "), spec.description);
  const walk = (schema: unknown) => {
    if (!isJsonObject(schema)) return;
    if (typeof schema.description === "string") parts.push(schema.description);
    if (isJsonObject(schema.properties))
      for (const [name, sub] of Object.entries(schema.properties)) {
        parts.push(name);
        walk(sub);
      }
    walk(schema.items);
    if (Array.isArray(schema.anyOf)) schema.anyOf.forEach(walk);
  };
  walk(spec.parameters);
  return parts.filter((p) => p.trim() !== "").join(" ");
}

const STOP_WORDS = new Set("a an and are as at be by for from in is it of on or the this to with".split(" "));
const terms = (text: string) =>
  text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((t) => t !== "" && !STOP_WORDS.has(t));

/** Okapi BM25 (k1 1.2, b 0.75) of `query` over the entries: the matching ones, best first (ties in list order). */
function rank(entries: Entry[], query: string, limit: number): Entry[] {
  const wanted = [...new Set(terms(query))];
  const avg = entries.reduce((n, e) => n + e.terms.length, 0) / Math.max(entries.length, 1);
  const idf = new Map(
    wanted.map((term) => {
      const n = entries.filter((e) => e.terms.includes(term)).length;
      return [term, Math.log((entries.length - n + 0.5) / (n + 0.5) + 1)];
    }),
  );
  const scored = entries.map((entry, index) => {
    let score = 0;
    for (const term of wanted) {
      const tf = entry.terms.filter((t) => t === term).length;
      if (tf > 0) score += ((idf.get(term) ?? 0) * tf * 2.2) / (tf + 1.2 * (0.25 + (0.75 * entry.terms.length) / avg));
    }
    return { entry, index, score };
  });
  return scored
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, limit)
    .map((s) => s.entry);
}

/** The arguments of a `tool_search_call` (an object, or its JSON text). */
function searchArguments(call: PreservedItem): { query: string; limit: number | null } {
  let args: unknown = call.raw.arguments;
  if (typeof args === "string") {
    try {
      args = JSON.parse(args);
    } catch {
      args = null;
    }
  }
  const query = isJsonObject(args) && typeof args.query === "string" ? args.query.trim() : "";
  const limit = isJsonObject(args) && typeof args.limit === "number" ? Math.floor(args.limit) : null;
  return { query, limit };
}

/**
 * The `tool_search_output` answering `call`: the deferred tools among `tools` that match its
 * query (at most its limit, default 8), each function marked `defer_loading`, grouped in their
 * namespaces in the order they first match.
 */
export function toolSearchOutput(call: PreservedItem, tools: readonly Tool[], ctx: SpecContext): PreservedItem {
  const entries: Entry[] = tools.filter(isDeferred).flatMap((tool) => {
    const spec = tool.spec("responses" satisfies WireApi, ctx);
    if (spec.type !== "function") return [];
    const place = placeOf(tool);
    const loadable = {
      type: "function" as const,
      name: place.name,
      description: spec.description,
      strict: false,
      defer_loading: true as const,
      parameters: spec.parameters,
    };
    return [
      {
        namespace: place.namespace,
        description: place.description,
        spec: loadable,
        terms: terms(searchText(place, spec)),
      },
    ];
  });
  const { query, limit } = searchArguments(call);
  const found = query === "" || limit === 0 ? [] : rank(entries, query, limit ?? TOOL_SEARCH_DEFAULT_LIMIT);
  const namespaces = new Map<
    string,
    { type: "namespace"; name: string; description: string; tools: FunctionToolSpec[] }
  >();
  for (const entry of found) {
    let group = namespaces.get(entry.namespace);
    if (!group) {
      group = { type: "namespace", name: entry.namespace, description: entry.description, tools: [] };
      namespaces.set(entry.namespace, group);
    }
    group.tools.push(entry.spec);
  }
  return new PreservedItem({
    type: "tool_search_output",
    call_id: typeof call.raw.call_id === "string" ? call.raw.call_id : null,
    status: "completed",
    execution: "client",
    tools: [...namespaces.values()],
  });
}
