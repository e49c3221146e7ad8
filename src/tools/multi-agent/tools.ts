// Upstream's `multi_agent_v1` namespace: spawn_agent, send_input, wait_agent, close_agent and
// resume_agent, with upstream's specs (upstream-specs.json) and answers. The agents themselves
// are the session's (AgentControl); these tools only parse, ask and report.
import { z } from "zod";
import type { FunctionToolSpec } from "../../gateway/types.js";
import type { CollabAgentState, CollabCall, CollabTool } from "../../protocol/events.js";
import { errorMessage } from "../../util/errors.js";
import { lazy } from "../../util/lazy.js";
import { parseJsonArguments } from "../function-tool.js";
import type { Tool, ToolCall, ToolContext, ToolNamespace, ToolResult } from "../tool.js";
import { AgentToolError, type AgentControl, type AgentStatus } from "./control.js";
import specs from "./upstream-specs.json" with { type: "json" };

const NAMESPACE: ToolNamespace = specs.namespace;
const DEFAULT_WAIT_MS = 30_000;
const MIN_WAIT_MS = 10_000;
const MAX_WAIT_MS = 3_600_000;

const fixedSpec = (name: string): FunctionToolSpec => {
  const spec = specs.fixedTools.find((t) => t.name === name);
  if (!spec) throw new Error(`no upstream spec for ${name}`);
  return { type: "function", name, description: spec.description, strict: false, parameters: spec.parameters };
};

/** spawn_agent's spec: the models a spawn may pick and the roles `agent_type` may name are the session's. */
function spawnSpec(control: AgentControl): FunctionToolSpec {
  const { descriptionHead, modelsHeading, descriptionBody, parameters, agentTypeIntro } = specs.spawnAgent;
  const models = control.modelOverrides();
  const roles = control.roles();
  const listed = roles.map(({ name, description }) => `${name}: {\n${description}\n}`);
  // As upstream: `agent_type` is offered only when config names roles of its own.
  const { agent_type: _builtinsOnly, ...withoutRoles } = parameters.properties;
  return {
    type: "function",
    name: "spawn_agent",
    description: `${descriptionHead}${models.length ? `${modelsHeading}\n${models.join("\n")}\n` : ""}${descriptionBody}`,
    strict: false,
    parameters: {
      ...parameters,
      properties: roles.some((r) => r.configured)
        ? {
            ...parameters.properties,
            agent_type: { type: "string", description: `${agentTypeIntro}${listed.join("\n")}` },
          }
        : withoutRoles,
    },
  };
}

// Each tool's arguments schema is built at its first call: most sessions never call these tools.
const inputItem = () => z.object({ type: z.string().optional(), text: z.string().optional() }).loose();
const messageOrItems = () => ({
  message: z.string().optional(),
  items: z.array(inputItem()).optional(),
});
const SpawnArgs = lazy(() =>
  z.object({
    ...messageOrItems(),
    agent_type: z.string().optional(),
    model: z.string().optional(),
    reasoning_effort: z.string().optional(),
    fork_context: z.boolean().optional(),
  }),
);
const SendInputArgs = lazy(() =>
  z.object({ target: z.string(), ...messageOrItems(), interrupt: z.boolean().optional() }),
);
const WaitArgs = lazy(() => z.object({ targets: z.array(z.string()), timeout_ms: z.number().optional() }));
const CloseArgs = lazy(() => z.object({ target: z.string() }));
const ResumeArgs = lazy(() => z.object({ id: z.string() }));

/** The text of a call's `message` or text `items`, refused in upstream's words when there is none or both. */
function inputText({ message, items }: { message?: string; items?: z.infer<ReturnType<typeof inputItem>>[] }): string {
  if (message !== undefined && items !== undefined)
    throw new AgentToolError("Provide either message or items, but not both");
  if (message === undefined && items === undefined) throw new AgentToolError("Provide one of: message or items");
  if (message !== undefined) {
    if (message.trim() === "") throw new AgentToolError("Empty message can't be sent to an agent");
    return message;
  }
  if (!items?.length) throw new AgentToolError("Items can't be empty");
  return items.flatMap((i) => (typeof i.text === "string" ? [i.text] : [])).join("\n");
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An agent id as given, refused (before anything is reported) when it cannot be one, as upstream does. */
function agentId(id: string): string {
  if (!UUID.test(id)) throw new AgentToolError(`invalid agent id ${id}`);
  return id;
}

/** A status as a collab item shows it: its name, and the message of a completed or errored agent. */
export function collabState(status: AgentStatus): CollabAgentState {
  if (typeof status === "string") return { status, message: null };
  return "completed" in status
    ? { status: "completed", message: status.completed }
    : { status: "errored", message: status.errored };
}

interface Outcome {
  output: unknown;
  receivers: string[];
  prompt?: string | null;
  states?: Record<string, AgentStatus>;
}

/** A tool of the namespace: its collab item's name (upstream's, `wait` for wait_agent) and its spec (upstream's as recorded). */
interface AgentToolShape<S extends z.ZodObject> {
  name: CollabTool | "wait_agent";
  schema: () => S;
  spec?: () => FunctionToolSpec;
}

function agentTool<S extends z.ZodObject>(
  { name, schema, spec = () => fixedSpec(name) }: AgentToolShape<S>,
  control: AgentControl,
  act: (args: z.infer<S>, ctx: ToolContext) => { receivers: string[]; prompt: string | null; run: Promise<Outcome> },
): Tool<z.infer<S>> {
  return {
    name,
    namespace: NAMESPACE,
    spec,
    parse: (call: ToolCall) => parseJsonArguments(schema(), call),
    async run(args, ctx, call): Promise<ToolResult> {
      const call0 = (receivers: string[], prompt: string | null): CollabCall => ({
        callId: call.callId,
        tool: name === "wait_agent" ? "wait" : name,
        senderThreadId: control.threadId,
        receiverThreadIds: receivers,
        prompt,
        receivers: receivers.map((id) => ({ threadId: id, ...control.describe(id) })),
      });
      let started: { receivers: string[]; prompt: string | null; run: Promise<Outcome> };
      try {
        started = act(args, ctx);
      } catch (err) {
        return { output: errorMessage(err), success: false };
      }
      ctx.emit({ type: "collab_call_begin", ...call0(started.receivers, started.prompt) });
      try {
        const outcome = await started.run;
        const states = Object.fromEntries(
          Object.entries(outcome.states ?? {}).map(([id, status]) => [id, collabState(status)]),
        );
        ctx.emit({
          type: "collab_call_end",
          ...call0(outcome.receivers, outcome.prompt ?? started.prompt),
          agentsStates: states,
          success: true,
        });
        return { output: JSON.stringify(outcome.output), success: true };
      } catch (err) {
        ctx.emit({
          type: "collab_call_end",
          ...call0(started.receivers, started.prompt),
          agentsStates: {},
          success: false,
        });
        if (err instanceof AgentToolError) return { output: err.message, success: false };
        throw err;
      }
    },
  };
}

/** close_agent and resume_agent: one agent (its id checked first), its status under `key` in the answer. */
function oneAgent(id: string, key: "previous_status" | "status", act: () => Promise<AgentStatus>) {
  const receivers = [agentId(id)];
  return {
    receivers,
    prompt: null,
    run: act().then((status): Outcome => ({ output: { [key]: status }, receivers, states: { [id]: status } })),
  };
}

/** The five tools over `control`, in upstream's order (by name). */
export function multiAgentTools(control: AgentControl): Tool[] {
  return [
    agentTool({ name: "close_agent", schema: CloseArgs }, control, ({ target }) =>
      oneAgent(target, "previous_status", () => control.close(target)),
    ),
    agentTool({ name: "resume_agent", schema: ResumeArgs }, control, ({ id }) =>
      oneAgent(id, "status", () => control.resume(id)),
    ),
    agentTool({ name: "send_input", schema: SendInputArgs }, control, (args) => {
      const text = inputText(args);
      return {
        receivers: [agentId(args.target)],
        prompt: text,
        run: control.sendInput(args.target, text, args.interrupt === true).then(({ submissionId }) => ({
          output: { submission_id: submissionId },
          receivers: [args.target],
        })),
      };
    }),
    agentTool({ name: "spawn_agent", schema: SpawnArgs, spec: () => spawnSpec(control) }, control, (args) => {
      const text = inputText(args);
      return {
        receivers: [],
        prompt: text,
        run: control
          .spawn({
            message: text,
            ...(args.agent_type !== undefined && { agentType: args.agent_type }),
            ...(args.model !== undefined && { model: args.model }),
            ...(args.reasoning_effort !== undefined && { reasoningEffort: args.reasoning_effort }),
            forkContext: args.fork_context === true,
          })
          .then(({ agentId, nickname }) => ({
            output: { agent_id: agentId, nickname },
            receivers: [agentId],
            states: { [agentId]: "pending_init" as const },
          })),
      };
    }),
    agentTool({ name: "wait_agent", schema: WaitArgs }, control, ({ targets, timeout_ms }, ctx) => {
      if (targets.length === 0) throw new AgentToolError("agent ids must be non-empty");
      targets.forEach(agentId);
      const timeout = Math.min(MAX_WAIT_MS, Math.max(MIN_WAIT_MS, timeout_ms ?? DEFAULT_WAIT_MS));
      return {
        receivers: targets,
        prompt: null,
        run: control.wait(targets, timeout, ctx.signal).then(({ status, timedOut }) => ({
          output: { status, timed_out: timedOut },
          receivers: targets,
          states: status,
        })),
      };
    }),
  ];
}
