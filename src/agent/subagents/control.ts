// The agents a session spawned (upstream's multi_agent_v1): each is a session of its own, with
// its own rollout, that runs its inputs one turn at a time in the background. The parent's
// model is told when one finishes (a <subagent_notification> before its next request); each
// child's usage records reach the parent's event stream (its totals, usage log and OTel); an
// interrupt of the parent stops them all, and closing it closes them.
import { v7 as uuidv7 } from "uuid";
import type { ResolvedConfig } from "../../config/load.js";
import { REASONING_EFFORTS, SANDBOX_MODES, type ReasoningEffort, type SandboxMode } from "../../config/schema.js";
import { userMessage, type ResponseItem } from "../../gateway/items.js";
import type { AgentEvent } from "../../protocol/events.js";
import {
  AgentToolError,
  isFinal,
  type AgentControl,
  type AgentStatus,
  type SpawnRequest,
} from "../../tools/multi-agent/control.js";
import { errorMessage } from "../../util/errors.js";
import { agentRoles, type AgentRole } from "./roles.js";
import { pickNickname } from "./nicknames.js";

/** What a child session needs from whoever builds sessions (create-session.ts). */
export interface ChildSpec {
  threadId: string;
  config: ResolvedConfig;
  model: string;
  /** The parent's history, for a full-history fork. */
  history?: ResponseItem[];
  /** A closed agent's rollout to continue (resume_agent). */
  resumePath?: string;
  source: { parentThreadId: string; depth: number; nickname: string | null; role: string | null };
  onEvent(event: AgentEvent): void;
}

/** The part of a session a parent drives. */
export interface ChildSession {
  runTurn(
    text: string,
  ): Promise<
    | { status: "completed"; lastAgentMessage: string | null }
    | { status: "failed"; message: string }
    | { status: "aborted" }
  >;
  interrupt(): void;
  readonly rolloutPath: string | null;
  close(): Promise<void>;
}

export interface SubagentOptions {
  threadId: string;
  config: ResolvedConfig;
  /** This session's depth: 0 for a session the user started. */
  depth: number;
  model(): string;
  history(): ResponseItem[];
  startChild(spec: ChildSpec): Promise<ChildSession>;
  /** The parent's event stream (usage records of children, their warnings). */
  emit(event: AgentEvent): void;
  /** Models of the catalog a spawn may choose, one line each (upstream's list). */
  modelOverrides(): string[];
}

/** What `/agents` shows of one agent. */
export interface AgentSummary {
  id: string;
  nickname: string | null;
  role: string | null;
  status: AgentStatus;
  rolloutPath: string | null;
}

interface Agent {
  id: string;
  nickname: string | null;
  role: string | null;
  status: AgentStatus;
  session: ChildSession | null;
  rolloutPath: string | null;
  queue: string[];
  /** Ends when the queue is empty. */
  draining: Promise<void> | null;
  spec: ChildSpec;
}

const DEFAULT_MAX_THREADS = 6;
const DEFAULT_MAX_DEPTH = 1;

const numberSetting = (value: unknown): number | undefined =>
  typeof value === "number" && Number.isFinite(value) && value > 0 ? value : undefined;
const isEffort = (value: string): value is ReasoningEffort => REASONING_EFFORTS.some((e) => e === value);
const isSandboxMode = (value: string): value is SandboxMode => SANDBOX_MODES.some((m) => m === value);

/** Whether a session at `depth` is offered the subagent tools (`[agents].enabled`, `features.multi_agent`, `max_depth`). */
export function offersSubagents(config: ResolvedConfig, depth: number): boolean {
  if (config.agents.enabled === false || config.features.multi_agent === false) return false;
  return depth < maxDepth(config);
}

const maxDepth = (config: ResolvedConfig) => numberSetting(config.agents.max_depth) ?? DEFAULT_MAX_DEPTH;

export class SubagentControl implements AgentControl {
  private readonly agents = new Map<string, Agent>();
  private readonly notifications: ResponseItem[] = [];
  private readonly changed = new Set<() => void>();
  private readonly roleList: AgentRole[];

  constructor(private readonly options: SubagentOptions) {
    this.roleList = agentRoles(options.config.agents, options.config.codexHome, (message) =>
      options.emit({ type: "warning", message }),
    );
  }

  get threadId(): string {
    return this.options.threadId;
  }

  roles(): { name: string; description: string; configured: boolean }[] {
    return this.roleList.map(({ name, description, settings, configured }) => ({
      name,
      description: [description, lockedSettingsLine(settings)].filter(Boolean).join("\n"),
      configured,
    }));
  }

  modelOverrides(): string[] {
    return this.options.modelOverrides();
  }

  describe(id: string): { nickname: string | null; role: string | null } {
    const agent = this.agents.get(id);
    return { nickname: agent?.nickname ?? null, role: agent?.role ?? null };
  }

  /** The agents spawned so far, oldest first (`/agents`). */
  list(): AgentSummary[] {
    return [...this.agents.values()].map(({ id, nickname, role, status, rolloutPath }) => ({
      id,
      nickname,
      role,
      status,
      rolloutPath,
    }));
  }

  /** Notifications of agents that finished since the last call, for the parent's next request. */
  takeNotifications(): ResponseItem[] {
    return this.notifications.splice(0);
  }

  async spawn(request: SpawnRequest): Promise<{ agentId: string; nickname: string | null; role: string | null }> {
    const { config, depth } = this.options;
    if (depth + 1 > maxDepth(config)) throw new AgentToolError("Agent depth limit reached. Solve the task yourself.");
    if (request.forkContext && (request.agentType || request.model || request.reasoningEffort))
      throw new AgentToolError(
        "Full-history forked agents inherit the parent agent type, model, and reasoning effort; omit agent_type, model, and reasoning_effort, or spawn without a full-history fork.",
      );
    const limit =
      numberSetting(config.agents.max_concurrent_threads_per_session) ??
      numberSetting(config.agents.max_threads) ??
      DEFAULT_MAX_THREADS;
    const open = [...this.agents.values()].filter((a) => a.status !== "shutdown").length;
    if (open >= limit)
      throw new AgentToolError(
        `collab spawn failed: agent thread limit reached (${limit}); close an agent (close_agent) before spawning another`,
      );
    const roleName = request.agentType ?? null;
    const role = roleName === null ? null : this.roleList.find((r) => r.name === roleName);
    if (roleName !== null && !role)
      throw new AgentToolError(
        `unknown agent_type '${roleName}'; available: ${this.roleList.map((r) => r.name).join(", ")}`,
      );
    const taken = new Set([...this.agents.values()].map((a) => a.nickname));
    const nickname = pickNickname(role?.nicknames ?? [], taken);
    const { childConfig, model } = this.childSettings(role ?? null, request);
    const id = uuidv7();
    const agent: Agent = {
      id,
      nickname,
      role: roleName,
      status: "pending_init",
      session: null,
      rolloutPath: null,
      queue: [request.message],
      draining: null,
      spec: {
        threadId: id,
        config: childConfig,
        model,
        ...(request.forkContext && { history: this.options.history() }),
        source: { parentThreadId: this.threadId, depth: depth + 1, nickname, role: roleName },
        onEvent: (event) => this.childEvent(agent, event),
      },
    };
    this.agents.set(id, agent);
    try {
      agent.session = await this.options.startChild(agent.spec);
    } catch (err) {
      this.agents.delete(id);
      throw new AgentToolError(`collab spawn failed: ${errorMessage(err)}`);
    }
    agent.rolloutPath = agent.session.rolloutPath;
    this.drain(agent);
    return { agentId: id, nickname, role: roleName };
  }

  async sendInput(target: string, message: string, interrupt: boolean): Promise<{ submissionId: string }> {
    const agent = this.open(target);
    if (interrupt) agent.session?.interrupt();
    agent.queue.push(message);
    if (!agent.draining) this.drain(agent);
    return Promise.resolve({ submissionId: uuidv7() });
  }

  async wait(targets: string[], timeoutMs: number, signal: AbortSignal) {
    for (const id of targets) if (!this.agents.has(id)) throw new AgentToolError(`agent with id ${id} not found`);
    const finals = () =>
      Object.fromEntries(
        targets.flatMap((id) => {
          const status = this.statusOf(id);
          return isFinal(status) ? [[id, status]] : [];
        }),
      );
    let found = finals();
    if (Object.keys(found).length > 0) return { status: found, timedOut: false };
    const timedOut = await new Promise<boolean>((resolve) => {
      const finish = (timeout: boolean) => {
        clearTimeout(timer);
        this.changed.delete(check);
        signal.removeEventListener("abort", aborted);
        resolve(timeout);
      };
      const check = () => {
        if (Object.keys(finals()).length > 0) finish(false);
      };
      const aborted = () => finish(false);
      const timer = setTimeout(() => finish(true), timeoutMs);
      this.changed.add(check);
      signal.addEventListener("abort", aborted, { once: true });
    });
    found = timedOut ? {} : finals();
    return { status: found, timedOut };
  }

  async close(target: string): Promise<AgentStatus> {
    const agent = this.agents.get(target);
    if (!agent) throw new AgentToolError(`agent with id ${target} not found`);
    const previous = agent.status;
    await this.shutDown(agent);
    return previous;
  }

  async resume(id: string): Promise<AgentStatus> {
    const agent = this.agents.get(id);
    if (!agent) throw new AgentToolError(`agent with id ${id} not found`);
    if (agent.status !== "shutdown") return agent.status;
    if (this.options.depth + 1 > maxDepth(this.options.config))
      throw new AgentToolError("Agent depth limit reached. Solve the task yourself.");
    try {
      agent.session = await this.options.startChild({
        ...agent.spec,
        history: undefined,
        ...(agent.rolloutPath && { resumePath: agent.rolloutPath }),
      });
    } catch (err) {
      throw new AgentToolError(`collab tool failed: ${errorMessage(err)}`);
    }
    this.setStatus(agent, { completed: null });
    return agent.status;
  }

  /** Interrupts every running agent (the parent was interrupted). */
  interruptAll(): void {
    for (const agent of this.agents.values()) {
      agent.queue.length = 0;
      agent.session?.interrupt();
    }
  }

  /** Stops and closes every agent: nothing outlives the parent. */
  async closeAll(): Promise<void> {
    await Promise.all([...this.agents.values()].map((agent) => this.shutDown(agent)));
  }

  private open(target: string): Agent {
    const agent = this.agents.get(target);
    if (!agent) throw new AgentToolError(`agent with id ${target} not found`);
    if (agent.status === "shutdown" || !agent.session) throw new AgentToolError(`agent with id ${target} is closed`);
    return agent;
  }

  private statusOf(id: string): AgentStatus {
    return this.agents.get(id)?.status ?? "not_found";
  }

  private async shutDown(agent: Agent): Promise<void> {
    const session = agent.session;
    agent.session = null;
    agent.queue.length = 0;
    if (session) {
      session.interrupt();
      await agent.draining?.catch(() => {});
      await session.close().catch(() => {});
    }
    this.setStatus(agent, "shutdown");
  }

  /** Runs the agent's queued inputs, one turn each; its status follows, and the parent hears of each end. */
  private drain(agent: Agent): void {
    agent.draining = (async () => {
      for (let text = agent.queue.shift(); text !== undefined && agent.session; text = agent.queue.shift()) {
        this.setStatus(agent, "running");
        const outcome = await this.runLimited(agent.session, text);
        if (agent.status === "shutdown") return;
        const status: AgentStatus =
          outcome.status === "completed"
            ? { completed: outcome.lastAgentMessage }
            : outcome.status === "failed"
              ? { errored: outcome.message }
              : "interrupted";
        this.setStatus(agent, status);
        this.notifications.push(subagentNotification(agent.id, status));
      }
    })().finally(() => {
      agent.draining = null;
    });
  }

  /** One turn, interrupted after `[agents].job_max_runtime_seconds` when set. */
  private async runLimited(session: ChildSession, text: string) {
    const seconds = numberSetting(this.options.config.agents.job_max_runtime_seconds);
    const timer = seconds ? setTimeout(() => session.interrupt(), seconds * 1000) : null;
    try {
      return await session.runTurn(text);
    } finally {
      if (timer) clearTimeout(timer);
    }
  }

  private setStatus(agent: Agent, status: AgentStatus): void {
    agent.status = status;
    for (const check of [...this.changed]) check();
  }

  /** A child's events: its usage records join the parent's (tagged with the agent); the rest stay in its rollout. */
  private childEvent(agent: Agent, event: AgentEvent): void {
    if (event.type === "turn_usage")
      this.options.emit({
        type: "turn_usage",
        record: { ...event.record, agent: { thread_id: agent.id, nickname: agent.nickname, role: agent.role } },
      });
    else if (event.type === "key_status") this.options.emit(event);
  }

  /** The child's config: the parent's, then the role's settings, then what the call asked for. */
  private childSettings(role: AgentRole | null, request: SpawnRequest): { childConfig: ResolvedConfig; model: string } {
    const { config } = this.options;
    const settings = role?.settings ?? {};
    const agents = config.agents;
    // What the role sets cannot be changed by the call (the model is told so: lockedSettingsLine).
    const model =
      settings.model ??
      request.model ??
      (typeof agents.default_subagent_model === "string" ? agents.default_subagent_model : undefined) ??
      this.options.model();
    const effort =
      settings.model_reasoning_effort ??
      request.reasoningEffort ??
      (typeof agents.default_subagent_reasoning_effort === "string"
        ? agents.default_subagent_reasoning_effort
        : undefined);
    if (effort !== undefined && !isEffort(effort))
      throw new AgentToolError(`Reasoning effort \`${effort}\` is not supported for model \`${model}\``);
    const sandbox = settings.sandbox_mode;
    return {
      model,
      childConfig: {
        ...config,
        model,
        ...(effort !== undefined && { reasoningEffort: effort }),
        ...(settings.developer_instructions !== undefined && {
          developerInstructions: settings.developer_instructions,
        }),
        ...(sandbox !== undefined && isSandboxMode(sandbox) && { sandboxMode: sandbox }),
      },
    };
  }
}

/** Upstream's line under a role that fixes its model or effort. */
function lockedSettingsLine({ model, model_reasoning_effort: effort }: AgentRole["settings"]): string | null {
  if (model && effort)
    return `- This role's model is set to \`${model}\` and its reasoning effort is set to \`${effort}\`. These settings cannot be changed.`;
  if (model) return `- This role's model is set to \`${model}\` and cannot be changed.`;
  if (effort) return `- This role's reasoning effort is set to \`${effort}\` and cannot be changed.`;
  return null;
}

/** Upstream's message to the parent model when an agent reaches a final status. */
function subagentNotification(id: string, status: AgentStatus): ResponseItem {
  return userMessage(
    `<subagent_notification>\n${JSON.stringify({ agent_path: id, status })}\n</subagent_notification>`,
  );
}
