// `codex-litellm acp`: an Agent Client Protocol (v1) agent on stdin/stdout. stdout carries only
// protocol messages (redacted of the sessions' secrets); everything else goes to stderr.
import { rm } from "node:fs/promises";
import { Readable, Writable } from "node:stream";
import { agent, methods, ndJsonStream, RequestError, type AgentApp } from "@agentclientprotocol/sdk";
import { loadConfig, type LoadConfigOptions } from "../config/load.js";
import { configSecrets } from "../config/secrets.js";
import { findSessionById, InvalidCursorError, listSessions } from "../rollout/session-list.js";
import { loadRolloutForResume } from "../rollout/resume-history.js";
import { skippedLinesSummary } from "../rollout/rollout-reader.js";
import { SecretRedactor } from "../util/redact.js";
import { errorMessage } from "../util/errors.js";
import { terminalSafe } from "../util/terminal-text.js";
import type { AcpSession } from "./acp-session.js";
import type { ClientDisplay } from "./event-updates.js";
import { checkAuthentication, clientDisplay, initializeResponse } from "./initialize.js";
import { replayUpdates } from "./replay.js";
import { openSession, sessionConfig, type OpenerOptions } from "./session-opener.js";
import { redactingLines } from "./redacting-lines.js";

const LIST_PAGE_SIZE = 50;

const stderrLine = (line: string) => process.stderr.write(`${line}\n`);

export interface AcpOptions {
  load: LoadConfigOptions;
}

/** Serves one client until it closes stdin; returns the exit code. */
export async function runAcp(options: AcpOptions): Promise<number> {
  // Config as the command line gives it (for `initialize`'s methods and `session/list`); each session reads its own.
  const base = await loadConfig(options.load).catch((err: unknown) => {
    stderrLine(`acp: ${terminalSafe(errorMessage(err))}`);
    return null;
  });
  const redactor = new SecretRedactor(base ? configSecrets(base) : []);
  // stderr: warnings, hooks' output, telemetry notices; never a secret, never terminal controls.
  const log = (line: string) => stderrLine(terminalSafe(redactor.text(line.replace(/\n+$/, ""))));
  const sessions = new Map<string, AcpSession>();
  let display: ClientDisplay = clientDisplay({ protocolVersion: 1 }, base);
  const app: AgentApp = agent({ name: "codex-litellm" });
  const opener = (client: OpenerOptions["client"]): OpenerOptions => ({
    client,
    display,
    log,
    redactor,
    load: options.load,
  });
  const find = (sessionId: string): AcpSession => {
    const session = sessions.get(sessionId);
    if (!session) throw RequestError.sessionNotFound(sessionId);
    return session;
  };
  const keep = async (session: AcpSession) => {
    await sessions.get(session.id)?.close();
    sessions.set(session.id, session);
    return session;
  };
  const codexHome = async () => base?.codexHome ?? (await sessionConfig(options.load, process.cwd())).codexHome;
  const recorded = async (sessionId: string) => {
    const file = await findSessionById(await codexHome(), sessionId);
    if (!file) throw notRecorded(sessionId);
    const resume = await loadRolloutForResume(file);
    const skipped = skippedLinesSummary(file, resume.stats);
    if (skipped) log(`warning: ${skipped}`);
    return resume;
  };

  app
    .onRequest(methods.agent.initialize, ({ params }) => {
      display = clientDisplay(params, base);
      return initializeResponse(params, base);
    })
    .onRequest(methods.agent.authenticate, async ({ params }) => {
      checkAuthentication(params.methodId, base ?? (await loadConfig(options.load)));
      return {};
    })
    .onRequest(methods.agent.session.new, async ({ params, client }) => {
      const session = await keep(await openSession(opener(client), { cwd: params.cwd, mcpServers: params.mcpServers }));
      session.announce();
      return { sessionId: session.id, ...(await session.state()) };
    })
    .onRequest(methods.agent.session.load, async ({ params, client }) => {
      const resume = await recorded(params.sessionId);
      const session = await keep(
        await openSession(opener(client), { cwd: params.cwd, mcpServers: params.mcpServers, resume }),
      );
      for (const update of replayUpdates(resume.transcript, display.hideReasoning)) session.send(update);
      await session.restoreUsage(resume.tokensInContext);
      session.announce();
      await session.flushed();
      return session.state();
    })
    .onRequest(methods.agent.session.resume, async ({ params, client }) => {
      const resume = await recorded(params.sessionId);
      const session = await keep(
        await openSession(opener(client), { cwd: params.cwd, mcpServers: params.mcpServers ?? [], resume }),
      );
      await session.restoreUsage(resume.tokensInContext);
      session.announce();
      return session.state();
    })
    .onRequest(methods.agent.session.list, async ({ params }) => {
      try {
        const page = await listSessions({
          codexHome: await codexHome(),
          ...(params.cwd ? { cwd: params.cwd } : { all: true }),
          cursor: params.cursor ?? null,
          pageSize: LIST_PAGE_SIZE,
        });
        return {
          sessions: page.sessions.map((s) => ({
            sessionId: s.id,
            cwd: s.cwd,
            ...(s.preview && { title: s.preview.split("\n")[0]?.slice(0, 200) }),
            updatedAt: s.mtime.toISOString(),
          })),
          nextCursor: page.nextCursor,
        };
      } catch (err) {
        if (err instanceof InvalidCursorError) throw RequestError.invalidParams(undefined, err.message);
        throw err;
      }
    })
    .onRequest(methods.agent.session.close, async ({ params }) => {
      const session = find(params.sessionId);
      sessions.delete(params.sessionId);
      await session.close();
      return {};
    })
    .onRequest(methods.agent.session.delete, async ({ params }) => {
      // A session open here is closed first, so that nothing writes its rollout file again.
      const open = sessions.get(params.sessionId);
      if (open) {
        sessions.delete(params.sessionId);
        await open.close();
      }
      const file = await findSessionById(await codexHome(), params.sessionId);
      if (!file) {
        if (open) return {}; // closed before anything was recorded: nothing left on disk
        throw notRecorded(params.sessionId);
      }
      await rm(file, { force: true }).catch((err: unknown) => {
        throw RequestError.internalError(undefined, `could not delete ${file}: ${errorMessage(err)}`);
      });
      return {};
    })
    .onRequest(methods.agent.session.setMode, async ({ params }) => {
      await find(params.sessionId).setMode(params.modeId);
      return {};
    })
    .onRequest(methods.agent.session.setConfigOption, async ({ params }) => ({
      configOptions: await find(params.sessionId).setConfigOption(params.configId, params.value),
    }))
    .onRequest(methods.agent.session.prompt, async ({ params }) => ({
      stopReason: await find(params.sessionId).prompt(params.prompt),
    }))
    .onNotification(methods.agent.session.cancel, ({ params }) => {
      sessions.get(params.sessionId)?.cancel();
    });

  const input = Readable.toWeb(process.stdin) as ReadableStream<Uint8Array>;
  const connection = app.connect(ndJsonStream(redactingLines(Writable.toWeb(process.stdout), redactor), input));
  const stop = () => connection.close();
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  try {
    await connection.closed;
  } finally {
    process.off("SIGTERM", stop);
    process.off("SIGINT", stop);
    await Promise.all([...sessions.values()].map((s) => s.close().catch(() => {})));
  }
  return 0;
}

/** `-32002` (resource not found) for a session id with no rollout file, saying where it was looked for. */
function notRecorded(sessionId: string): RequestError {
  return new RequestError(
    -32002,
    `session ${sessionId} not found: no rollout file for it in CODEX_HOME/sessions (session/list names the recorded sessions)`,
    { sessionId },
  );
}
