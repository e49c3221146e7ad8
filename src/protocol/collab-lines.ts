// How front-ends say what a subagent tool call did: one line per call, naming agents by their
// nicknames (and roles) rather than ids.
import type { CollabAgentState, CollabCall } from "./events.js";

const MAX_PROMPT = 80;

/** `Einstein [reviewer]`, or the id when the agent is unknown here. */
export function agentLabel(call: CollabCall, threadId: string): string {
  const agent = call.receivers.find((r) => r.threadId === threadId);
  return namedAgent(agent?.nickname ?? threadId, agent?.role ?? null);
}

/** An agent's name with its role: `Einstein [reviewer]`. */
export function namedAgent(name: string, role: string | null): string {
  return role ? `${name} [${role}]` : name;
}

const short = (text: string) => {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > MAX_PROMPT ? `${line.slice(0, MAX_PROMPT - 1)}…` : line;
};

const stateText = ({ status, message }: CollabAgentState) => (message ? `${status}: ${short(message)}` : status);

/** The line for a call under way (null: nothing worth a line until it ends). */
export function collabBeginLine(call: CollabCall): string | null {
  if (call.tool !== "wait") return null;
  return `Waiting for ${call.receiverThreadIds.map((id) => agentLabel(call, id)).join(", ")}…`;
}

/** The line for a call that ended. */
export function collabEndLine(call: CollabCall, states: Record<string, CollabAgentState>, success: boolean): string {
  const names = call.receiverThreadIds.map((id) => agentLabel(call, id)).join(", ");
  if (!success) return `${call.tool} ${names} failed`;
  const prompt = call.prompt ? `: ${short(call.prompt)}` : "";
  switch (call.tool) {
    case "spawn_agent":
      return `Spawned ${names}${prompt}`;
    case "send_input":
      return `Sent to ${names}${prompt}`;
    case "wait": {
      const done = Object.entries(states).map(([id, state]) => `${agentLabel(call, id)} ${stateText(state)}`);
      return done.length ? `Waited: ${done.join("; ")}` : `Waited for ${names}: timed out`;
    }
    case "close_agent":
      return `Closed ${names}`;
    case "resume_agent":
      return `Resumed ${names}`;
  }
}
