// What the subagent tools ask of the session that owns them (agent/subagents.ts implements it):
// upstream's multi_agent_v1 operations, with its statuses and its answers to the model.

/** An agent's status as upstream reports it to the model (`{"completed": "…"}`, `"running"`, …). */
export type AgentStatus =
  | "pending_init"
  | "running"
  | "interrupted"
  | "shutdown"
  | "not_found"
  | { completed: string | null }
  | { errored: string };

/** A status after which an agent does nothing until it gets new input. */
export const isFinal = (status: AgentStatus): boolean =>
  typeof status === "object" || status === "shutdown" || status === "not_found" || status === "interrupted";

export interface SpawnRequest {
  message: string;
  agentType?: string;
  model?: string;
  reasoningEffort?: string;
  /** Start the agent with a copy of the parent's history. */
  forkContext: boolean;
}

/** A failure the model is told about in these words (upstream's). */
export class AgentToolError extends Error {}

export interface AgentControl {
  /** The thread (session) id of the session whose agents these are. */
  readonly threadId: string;
  spawn(request: SpawnRequest): Promise<{ agentId: string; nickname: string | null; role: string | null }>;
  sendInput(target: string, message: string, interrupt: boolean): Promise<{ submissionId: string }>;
  /** Resolves when one of `targets` is final (its statuses) or at the timeout (no statuses). */
  wait(
    targets: string[],
    timeoutMs: number,
    signal: AbortSignal,
  ): Promise<{ status: Record<string, AgentStatus>; timedOut: boolean }>;
  close(target: string): Promise<AgentStatus>;
  resume(id: string): Promise<AgentStatus>;
  /** Nickname and role of an agent this session started, for what front-ends show. */
  describe(id: string): { nickname: string | null; role: string | null };
  /** The roles `agent_type` may name (config's first, then the built-ins), with their descriptions. */
  roles(): { name: string; description: string; configured: boolean }[];
  /** Lines naming models a spawn may choose (none: the section is left out). */
  modelOverrides(): string[];
}
