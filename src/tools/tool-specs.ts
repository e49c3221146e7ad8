// The `tools` of a request: each tool's spec, with the tools of one namespace grouped into one
// namespace spec where the first of them stands (upstream's order).
import type { WireApi } from "../config/schema.js";
import type { FunctionToolSpec, ToolSpec } from "../gateway/types.js";
import type { SpecContext, Tool } from "./tool.js";

export function requestToolSpecs(tools: readonly Tool[], wire: WireApi, ctx: SpecContext): ToolSpec[] {
  const specs: ToolSpec[] = [];
  const namespaces = new Map<string, FunctionToolSpec[]>();
  for (const tool of tools) {
    const spec = tool.spec(wire, ctx);
    if (!tool.namespace || spec.type !== "function") {
      specs.push(spec);
      continue;
    }
    let members = namespaces.get(tool.namespace.name);
    if (!members) {
      members = [];
      namespaces.set(tool.namespace.name, members);
      specs.push({ type: "namespace", ...tool.namespace, tools: members });
    }
    members.push(spec);
  }
  return specs;
}
