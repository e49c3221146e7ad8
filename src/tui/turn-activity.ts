// Whether an event shows the model using a tool (a goal's continuation stops after a turn with none).
import type { AgentEvent } from "../protocol/events.js";

const TOOL_EVENTS: ReadonlySet<AgentEvent["type"]> = new Set([
  "command_begin",
  "terminal_interaction",
  "patch_begin",
  "mcp_call_begin",
  "collab_call_begin",
  "plan_update",
  "web_search",
  "view_image",
]);

export const calledTool = (event: AgentEvent): boolean => TOOL_EVENTS.has(event.type);
