// The one place a session is put together, for every front-end (exec, the interactive UI, any
// future one): the model client, the tools (built-in, then the MCP servers'), the project docs,
// the rollout recorder and what a resumed rollout restores. A front-end only renders the
// session's AgentEvents and answers its approval questions.
import type { ResolvedConfig } from "../config/load.js";
import { Gateway, gatewayOptionsOf } from "../gateway/client.js";
import { startMcpServers, type McpConnectionManager } from "../mcp/index.js";
import type { LoadedRollout } from "../rollout/resume-history.js";
import { RolloutReadError } from "../rollout/rollout-reader.js";
import { RolloutWriteError } from "../rollout/rollout-file-sink.js";
import { RolloutRecorder, type SubagentOrigin } from "../rollout/rollout-recorder.js";
import type { ResponseItem } from "../gateway/items.js";
import { multiAgentTools } from "../tools/multi-agent/tools.js";
import { catalogModelLines } from "./subagents/model-lines.js";
import { offersSubagents, SubagentControl, type ChildSession, type ChildSpec } from "./subagents/control.js";
import { applyPatchTool } from "../tools/apply-patch-tool.js";
import { shellCommandTool } from "../tools/shell-command-tool.js";
import { shellTool } from "../tools/shell-tool.js";
import type { Tool } from "../tools/tool.js";
import { unifiedExecTools, type UnifiedExecTools } from "../tools/unified-exec/tools.js";
import { updatePlanTool } from "../tools/update-plan.js";
import { errorMessage } from "../util/errors.js";
import { requestUserInputTool } from "../tools/request-user-input.js";
import type { GoalStore } from "../tools/goals/goal-store.js";
import { sessionGoals } from "../tools/goals/index.js";
import { viewImageTool } from "../tools/view-image.js";
import { UserError } from "../util/errors.js";
import { configSecrets, watchCredentialFiles } from "../config/secrets.js";
import { registerSecrets, SecretRedactor } from "../util/redact.js";
import { VERSION } from "../version.js";
import type { ModelClient } from "./model-client.js";
import { fetchModelProfile } from "./model-profile.js";
import { discoverProjectDocs, type ProjectDocs } from "./project-docs.js";
import { loadSkills, skillRoots, type Skill } from "./skills.js";
import { RolloutSubscriber } from "./rollout-subscriber.js";
import { AgentSession, type SessionOptions } from "./session.js";
import { namedAgent } from "../protocol/collab-lines.js";
import type { ReviewRequest } from "../protocol/review.js";
import type { ReviewerResult } from "./review/review-turn.js";

export interface CreateSessionOptions extends Pick<
  SessionOptions,
  "onEvent" | "requestApproval" | "requestUserInput" | "outputSchema" | "files"
> {
  config: ResolvedConfig;
  model: string;
  /** The originator recorded in `session_meta` (`exec`, or `cli` for the interactive UI). */
  source: "exec" | "cli";
  resume?: LoadedRollout;
  /** Record no rollout file. */
  ephemeral?: boolean;
  /** A model client to share (the UI keeps one across /new and /resume); default: a new Gateway. */
  gateway?: Gateway;
  /** MCP servers already running (kept across sessions); default: started here, closed by `close()`. */
  mcp?: McpConnectionManager | null;
  /**
   * The front-end's redactor (shared with its screen, telemetry and logs); default: a new one.
   * The config's secrets join it here.
   */
  redactor?: SecretRedactor;
  /** A one-line warning from before the session starts (a skipped AGENTS.md); later ones are `warning` events. */
  warn(message: string): void;
  /** Set for a subagent's session: its id and who spawned it (see agent/subagents/). */
  subagent?: { threadId: string; origin: SubagentOrigin; parentTranscriptPath?: string | null };
  /** Set for a review's own session: the id of the session under review (recorded as upstream's review subagent). */
  reviewOf?: string;
  /** A new session's starting history (a subagent forked from its parent). */
  history?: ResponseItem[];
}

export interface SessionParts {
  session: AgentSession;
  /** The agents the session spawned (null: it offers no subagent tools). */
  subagents: Pick<SubagentControl, "list"> | null;
  gateway: Gateway;
  recorder: RolloutRecorder | null;
  projectDocs: ProjectDocs;
  /** The skills listed to the model (`/skills`). */
  skills: Skill[];
  /**
   * The secrets no output may carry (the provider's key, config's secrets), shared by the rollout,
   * the tools and what the model reads; `registerSecret(token)` adds one at any time, for every
   * redactor of the process.
   */
  redactor: SecretRedactor;
  /** The session's goal, for `/goal` (null: `features.goals = false`). */
  goals: GoalStore | null;
  /** The MCP servers, once `start()` has resolved. */
  readonly mcp: McpConnectionManager | null;
  /** The exec_command processes still running, which outlive turns and interrupts (`/ps`, `/stop`). */
  backgroundTerminals: Pick<UnifiedExecTools, "list" | "stopAll">;
  /** Runs a code review as the session's next turn, on `review_model` (`/review`, `codex-litellm review`). */
  review(request: ReviewRequest): ReturnType<AgentSession["runReview"]>;
  /** Starts the session (its window, the `session_configured` event), then adds the MCP servers' tools. */
  start(): Promise<void>;
  /** Closes the rollout and the MCP servers this call started (unless `keepMcp`). */
  close(options?: { keepMcp?: boolean }): Promise<void>;
}

/** The model client for `config`'s provider; the UI shares one across its sessions (/new, /resume). */
export function createModelClient(config: ResolvedConfig, redactor?: SecretRedactor): Gateway {
  return new Gateway(config.provider, gatewayOptionsOf(config, redactor));
}

export async function createSession(options: CreateSessionOptions): Promise<SessionParts> {
  const { config, model, resume } = options;
  const redactor = options.redactor ?? new SecretRedactor();
  registerSecrets(configSecrets(config));
  const refreshSecrets = watchCredentialFiles(config.codexHome);
  const gateway = options.gateway ?? createModelClient(config, redactor);
  // MCP servers start while the rest is set up; their tools join the list before the first turn.
  const ownsMcp = options.mcp === undefined;
  const mcpStartup = ownsMcp ? startMcpServers(config).catch(() => null) : Promise.resolve(options.mcp ?? null);
  const [projectDocs, loadedSkills] = await Promise.all([
    discoverProjectDocs({
      codexHome: config.codexHome,
      cwd: config.cwd,
      maxBytes: config.projectDocMaxBytes,
      fallbackFilenames: config.projectDocFallbackFilenames,
    }),
    skillRoots({ codexHome: config.codexHome, home: process.env.HOME, cwd: config.cwd }).then(loadSkills),
  ]);
  for (const warning of [...projectDocs.warnings, ...loadedSkills.errors]) options.warn(warning);
  const { skills } = loadedSkills;
  const recorder = await openRecorder(options, projectDocs, redactor, gateway).catch(async (err: unknown) => {
    if (ownsMcp) await (await mcpStartup)?.close().catch(() => {});
    throw err;
  });
  // Every shell tool shape; the session offers the one its model's catalog entry names.
  const unifiedExec = unifiedExecTools();
  const askUser = requestUserInputTool(config.features);
  // update_plan only where config asks for it (`[tools.update_plan]`), after the shell tools, as upstream 0.171.
  const tools: Tool[] = [
    shellTool,
    shellCommandTool,
    ...unifiedExec.tools,
    ...(config.updatePlan ? [updatePlanTool] : []),
    askUser,
    applyPatchTool,
  ];
  if (config.viewImage) tools.push(viewImageTool);
  const sessionId = resume?.meta?.id ?? recorder?.sessionId ?? options.subagent?.threadId ?? crypto.randomUUID();
  const goals = await sessionGoals(
    config.features,
    config.codexHome,
    sessionId,
    recorder !== null,
    resume?.history,
    (text) => redactor.text(text),
  );
  let mcp: McpConnectionManager | null = null;
  // eslint-disable-next-line prefer-const -- the control needs the session, which needs the control's hooks
  let session: AgentSession;
  let modelLines: string[] = [];
  const subagents = offersSubagents(config, options.subagent?.origin.depth ?? 0)
    ? new SubagentControl({
        threadId: sessionId,
        config,
        depth: options.subagent?.origin.depth ?? 0,
        model: () => session.model,
        history: () => session.historySnapshot(),
        emit: (event) => options.onEvent(event),
        modelOverrides: () => modelLines,
        startChild: (spec) => startChild(spec, options, gateway, redactor, () => mcp, recorder?.path ?? null),
      })
    : null;
  // Upstream's order: the shell tools, request_user_input, apply_patch, view_image, the subagents' namespace, the goal tools.
  if (subagents) {
    tools.push(...multiAgentTools(subagents));
    void gateway.modelCatalog().then((catalog) => (modelLines = catalogModelLines(catalog)));
  }
  tools.push(...(goals?.tools ?? []));
  // Hooks and notify are loaded only when configured: exec's start-up compiles none of their code otherwise.
  const notifier = config.notify?.length
    ? (await import("./notify.js")).createNotifier({
        argv: config.notify,
        threadId: sessionId,
        cwd: config.cwd,
        redactor,
        warn: (message) => options.warn(message),
      })
    : null;
  session = new AgentSession({
    config,
    model,
    client: gateway,
    tools,
    // The rollout file subscribes to the session's events (and tells it when it cannot keep one).
    ...(recorder && { persistence: new RolloutSubscriber(recorder) }),
    rolloutPath: recorder?.path ?? null,
    projectDocs,
    skills,
    redactor,
    refreshSecrets,
    outputSchema: options.outputSchema,
    hooks: config.hooks.length
      ? (await import("./hooks.js")).createSessionHooks(config.hooks, {
          cwd: config.cwd,
          redactor,
          providerEnvKey: config.provider.env_key,
          ...(options.subagent && {
            subagent: {
              agentId: options.subagent.threadId,
              agentType: options.subagent.origin.role ?? "default",
              parentSessionId: options.subagent.origin.parentThreadId,
              parentTranscriptPath: options.subagent.parentTranscriptPath ?? null,
            },
          }),
        })
      : null,
    onEvent:
      notifier || goals
        ? (event) => {
            goals?.onEvent(event).catch((err: unknown) => options.warn(`cannot keep the goal: ${errorMessage(err)}`));
            options.onEvent(event);
            notifier?.onEvent(event);
          }
        : options.onEvent,
    requestApproval: options.requestApproval,
    ...(options.requestUserInput && { requestUserInput: options.requestUserInput }),
    ...(options.files && { files: options.files }),
    sessionId,
    history: resume?.history ?? options.history,
    ...(subagents && { subagents }),
    ...(resume?.turnContext?.model !== undefined && { recordedModel: resume.turnContext.model }),
    ...(resume?.meta?.base_instructions?.text !== undefined && {
      recordedInstructions: resume.meta.base_instructions.text,
    }),
    totalUsage: resume?.tokenUsage?.total_token_usage,
    tokensInContext: resume?.tokensInContext,
    turnsSoFar: resume?.transcript.filter((entry) => entry.kind === "user").length,
  });
  return {
    session,
    subagents,
    gateway,
    recorder,
    projectDocs,
    skills,
    redactor,
    goals: goals?.store ?? null,
    backgroundTerminals: unifiedExec,
    get mcp() {
      return mcp;
    },
    review: (request) =>
      session.runReview(request, (prompt, signal) =>
        runReviewer(prompt, signal, {
          parent: options,
          parentId: sessionId,
          model: session.model,
          gateway,
          redactor,
          mcp,
        }),
      ),
    async start() {
      await session.start();
      mcp = await mcpStartup;
      if (!mcp) return;
      if (ownsMcp) for (const failure of mcp.failures) options.onEvent({ type: "warning", message: failure.error });
      // As upstream: the resource tools sit after the shell tools (before update_plan), the servers' own tools before the goal tools.
      const afterShell = tools.indexOf(config.updatePlan ? updatePlanTool : askUser);
      tools.splice(afterShell, 0, ...mcp.resourceTools());
      const goalsAt = goals?.tools[0] ? tools.indexOf(goals.tools[0]) : -1;
      tools.splice(goalsAt < 0 ? tools.length : goalsAt, 0, ...(await mcp.tools()));
    },
    async close({ keepMcp = false } = {}) {
      await subagents?.closeAll();
      await unifiedExec.close();
      await notifier?.close();
      if (ownsMcp && !keepMcp) await (mcp ?? (await mcpStartup))?.close().catch(() => {});
      await recorder?.close().catch(() => {});
    },
  };
}

/** The rollout to record into; a file that cannot be opened or created stops the session before anything is sent, in one line. */
async function openRecorder(
  options: CreateSessionOptions,
  projectDocs: ProjectDocs,
  secrets: SecretRedactor,
  client: ModelClient,
): Promise<RolloutRecorder | null> {
  const { config, resume } = options;
  // As upstream, session_meta carries the base instructions the session sends (resumes send them again).
  const baseInstructions =
    resume || options.ephemeral
      ? null
      : (await fetchModelProfile(config, client, options.model)).profile.instructions.value;
  const opened = resume
    ? RolloutRecorder.resume({ path: resume.path, secrets })
    : options.ephemeral
      ? Promise.resolve(null)
      : RolloutRecorder.create({
          baseInstructions,
          codexHome: config.codexHome,
          cwd: config.cwd,
          cliVersion: VERSION,
          source: options.source,
          modelProvider: config.provider.id,
          model: options.model,
          instructions: projectDocs.text,
          secrets,
          ...(options.subagent && { sessionId: options.subagent.threadId, subagent: options.subagent.origin }),
          ...(options.reviewOf && { reviewOf: options.reviewOf }),
        });
  return Promise.resolve(opened).catch((err: unknown) => {
    if (err instanceof RolloutReadError) throw new UserError(`cannot resume: ${err.message}`, 1);
    if (err instanceof RolloutWriteError)
      throw new UserError(
        `cannot record the session: ${err.message}${options.source === "exec" ? " (--ephemeral runs without a session file)" : ""}`,
        1,
      );
    throw err;
  });
}

/** The reviewer's session (agent/review/reviewer-session.ts), run for one turn and closed. */
async function runReviewer(
  prompt: string,
  signal: AbortSignal,
  shared: {
    parent: CreateSessionOptions;
    parentId: string;
    model: string;
    gateway: Gateway;
    redactor: SecretRedactor;
    mcp: McpConnectionManager | null;
  },
): Promise<ReviewerResult> {
  const { parent } = shared;
  const { reviewerConfig, reviewModel, showsReviewerEvent } = await import("./review/reviewer-session.js");
  const ask = parent.requestApproval;
  const reviewer = await createSession({
    config: reviewerConfig(parent.config),
    model: reviewModel(parent.config, shared.model),
    source: parent.source,
    // As upstream, the reviewer keeps its own session file (unless the parent keeps none).
    ephemeral: parent.ephemeral === true,
    reviewOf: shared.parentId,
    gateway: shared.gateway,
    mcp: shared.mcp,
    redactor: shared.redactor,
    onEvent: (event) => {
      if (showsReviewerEvent(event)) parent.onEvent(event);
    },
    ...(ask && { requestApproval: (question) => ask(question) }),
    warn: (message) => parent.onEvent({ type: "warning", message }),
  });
  const stop = () => reviewer.session.interrupt();
  signal.addEventListener("abort", stop);
  try {
    await reviewer.start();
    if (signal.aborted) return { status: "aborted" };
    return await reviewer.session.runTurn(prompt);
  } finally {
    signal.removeEventListener("abort", stop);
    await reviewer.close({ keepMcp: true });
  }
}

/** A subagent's session: built like its parent's (same proxy client, MCP servers and secrets), started, driven by the parent. */
async function startChild(
  spec: ChildSpec,
  parent: CreateSessionOptions,
  gateway: Gateway,
  redactor: SecretRedactor,
  mcp: () => McpConnectionManager | null,
  parentTranscriptPath: string | null,
): Promise<ChildSession> {
  const ask = parent.requestApproval;
  const askingAgent = namedAgent(spec.source.nickname ?? spec.threadId, spec.source.role);
  const resume = spec.resumePath
    ? await (await import("../rollout/resume-history.js")).loadRolloutForResume(spec.resumePath)
    : undefined;
  const parts = await createSession({
    config: spec.config,
    model: spec.model,
    source: parent.source,
    ...(resume && { resume }),
    ...(parent.ephemeral !== undefined && { ephemeral: parent.ephemeral }),
    gateway,
    mcp: mcp(),
    redactor,
    onEvent: (event) => spec.onEvent(event),
    // An agent's questions go to whoever answers the parent's (a person in the UI; in exec nobody),
    // saying which agent asks: the innermost one, when a subagent's own subagent asks.
    ...(ask && { requestApproval: (question) => ask({ agent: askingAgent, ...question }) }),
    warn: (message) => spec.onEvent({ type: "warning", message }),
    subagent: { threadId: spec.threadId, origin: spec.source, parentTranscriptPath },
    ...(spec.history && { history: spec.history }),
  });
  await parts.start();
  return {
    runTurn: (text) => parts.session.runTurn(text),
    interrupt: () => parts.session.interrupt(),
    rolloutPath: parts.recorder?.path ?? null,
    close: () => parts.close({ keepMcp: true }),
  };
}
