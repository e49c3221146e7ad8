// The one place a session is put together, for every front-end (exec, the interactive UI, any
// future one): the model client, the tools (built-in, then the MCP servers'), the project docs,
// the rollout recorder and what a resumed rollout restores. A front-end only renders the
// session's AgentEvents and answers its approval questions.
import type { ResolvedConfig } from "../config/load.js";
import { Gateway, gatewayOptionsOf } from "../gateway/client.js";
import { startMcpServers, type McpConnectionManager } from "../mcp/index.js";
import type { LoadedRollout } from "../rollout/resume-history.js";
import { RolloutReadError } from "../rollout/rollout-reader.js";
import { RolloutRecorder, RolloutWriteError } from "../rollout/rollout-recorder.js";
import { applyPatchTool } from "../tools/apply-patch-tool.js";
import { shellCommandTool } from "../tools/shell-command-tool.js";
import { shellTool } from "../tools/shell-tool.js";
import type { Tool } from "../tools/tool.js";
import { unifiedExecTools } from "../tools/unified-exec/tools.js";
import { updatePlanTool } from "../tools/update-plan.js";
import { UserError } from "../util/errors.js";
import { configSecrets, watchCredentialFiles } from "../config/secrets.js";
import { SecretRedactor } from "../util/redact.js";
import { VERSION } from "../version.js";
import type { ModelClient } from "./model-client.js";
import { fetchModelProfile } from "./model-profile.js";
import { createNotifier } from "./notify.js";
import { createSessionHooks } from "./hooks.js";
import { discoverProjectDocs, type ProjectDocs } from "./project-docs.js";
import { loadSkills, skillRoots, type Skill } from "./skills.js";
import { RolloutSubscriber } from "./rollout-subscriber.js";
import { AgentSession, type SessionOptions } from "./session.js";

export interface CreateSessionOptions extends Pick<
  SessionOptions,
  "onEvent" | "requestApproval" | "outputSchema" | "files"
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
}

export interface SessionParts {
  session: AgentSession;
  gateway: Gateway;
  recorder: RolloutRecorder | null;
  projectDocs: ProjectDocs;
  /** The skills listed to the model (`/skills`). */
  skills: Skill[];
  /**
   * The secrets no output may carry (the provider's key, config's secrets), shared by the rollout,
   * the tools and what the model reads; `redactor.register(token)` adds one at any time.
   */
  redactor: SecretRedactor;
  /** The MCP servers, once `start()` has resolved. */
  readonly mcp: McpConnectionManager | null;
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
  redactor.registerAll(configSecrets(config));
  const refreshSecrets = watchCredentialFiles(config.codexHome, redactor);
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
  const tools: Tool[] = [shellTool, shellCommandTool, ...unifiedExec.tools, applyPatchTool, updatePlanTool];
  const sessionId = resume?.meta?.id ?? recorder?.sessionId ?? crypto.randomUUID();
  const notifier = config.notify?.length
    ? createNotifier({
        argv: config.notify,
        threadId: sessionId,
        cwd: config.cwd,
        redactor,
        warn: (message) => options.warn(message),
      })
    : null;
  const session = new AgentSession({
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
    hooks: createSessionHooks(config.hooks, { cwd: config.cwd, redactor, providerEnvKey: config.provider.env_key }),
    onEvent: notifier
      ? (event) => {
          options.onEvent(event);
          notifier.onEvent(event);
        }
      : options.onEvent,
    requestApproval: options.requestApproval,
    ...(options.files && { files: options.files }),
    sessionId,
    history: resume?.history,
    ...(resume?.turnContext?.model !== undefined && { recordedModel: resume.turnContext.model }),
    ...(resume?.meta?.base_instructions?.text !== undefined && {
      recordedInstructions: resume.meta.base_instructions.text,
    }),
    totalUsage: resume?.tokenUsage?.total_token_usage,
    tokensInContext: resume?.tokensInContext,
    turnsSoFar: resume?.transcript.filter((entry) => entry.kind === "user").length,
  });
  let mcp: McpConnectionManager | null = null;
  return {
    session,
    gateway,
    recorder,
    projectDocs,
    skills,
    redactor,
    get mcp() {
      return mcp;
    },
    async start() {
      await session.start();
      mcp = await mcpStartup;
      if (!mcp) return;
      if (ownsMcp) for (const failure of mcp.failures) options.onEvent({ type: "warning", message: failure.error });
      tools.push(...(await mcp.tools()));
    },
    async close({ keepMcp = false } = {}) {
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
