import { render } from "ink";
import React from "react";
import { loadConfig, type LoadConfigOptions, type ResolvedConfig } from "../config/load.js";
import { providerApiKey } from "../config/providers.js";
import { loadRolloutForResume, type LoadedRollout } from "../rollout/resume-history.js";
import { findLatestSession, findSessionById, listSessions } from "../rollout/session-list.js";
import { Telemetry } from "../telemetry/telemetry.js";
import { createTuiLog } from "../telemetry/tui-log.js";
import { UserError } from "../util/errors.js";
import { SecretRedactor, sessionSecrets } from "../util/redact.js";
import { signalExitCode } from "../util/signals.js";
import { App } from "./components/App.js";
import { Onboarding } from "./components/Onboarding.js";
import { SelectList } from "./components/SelectList.js";
import { TuiHost } from "./host.js";
import { SessionList } from "./components/ResumePicker.js";

export interface TuiOptions {
  load: LoadConfigOptions;
  prompt?: string;
  /** `resume` subcommand: an id, --last, or neither (the picker). */
  resume?: { id?: string; last?: boolean; all?: boolean };
  /** Run onboarding even when configured (`login` from a terminal). */
  forceOnboarding?: boolean;
}

/** Renders one Ink screen until it calls `done`; resolves with what it passed. */
function screen<T>(build: (done: (value: T) => void) => React.ReactElement): Promise<T> {
  return new Promise((resolve) => {
    let result: T;
    const instance = render(
      build((value) => {
        result = value;
        instance.unmount();
      }),
      { exitOnCtrlC: true },
    );
    void instance.waitUntilExit().then(() => resolve(result));
  });
}

const needsOnboarding = (config: ResolvedConfig) =>
  !config.model || (!!config.provider.env_key && !providerApiKey(config.provider));

async function pickSession(config: ResolvedConfig, all: boolean): Promise<string | null> {
  const page = await listSessions({ codexHome: config.codexHome, cwd: config.cwd, all, pageSize: 50 });
  if (page.sessions.length === 0)
    throw new UserError(`no recorded sessions${all ? "" : ` in ${config.cwd} (try --all)`}`, 1);
  return screen<string | null>((done) => (
    <SessionList sessions={page.sessions} onSelect={done} onCancel={() => done(null)} />
  ));
}

/** The interactive program: onboarding when needed, an optional resume, then the session UI. */
export async function runTui(options: TuiOptions): Promise<number> {
  if (!process.stdin.isTTY || !process.stdout.isTTY)
    throw new UserError("the interactive UI needs a terminal; for scripts use `codex-litellm exec`");
  let config = await loadConfig({ ...options.load });
  // One redactor for telemetry and the UI log, so a key entered during onboarding joins it.
  const secrets = new SecretRedactor(sessionSecrets(config.provider));
  // Telemetry's notices (where the debug log goes, a folder it cannot create) are shown under
  // the session's header, so the first screen leads with the product.
  const early: string[] = [];
  let notice: (line: string) => void = (line) => early.push(line);
  const telemetry = await Telemetry.start(config.telemetry, {
    notices: (line) => notice(line),
    secrets,
    otel: config.otel,
  });
  const log = createTuiLog(config.telemetry, secrets);
  log?.info({ cwd: config.cwd, resume: options.resume ?? null }, "codex-litellm interactive start");
  try {
    if (options.forceOnboarding || needsOnboarding(config)) {
      telemetry?.event("onboarding.start", {});
      await screen<void>((done) => (
        <Onboarding
          codexHome={config.codexHome}
          defaultUrl={
            config.provider.id === "litellm" ? config.provider.base_url.replace(/\/v1$/, "") : "http://localhost:4000"
          }
          wireApi={config.provider.wire_api}
          configured={config.provider.id === "litellm" ? config.provider : undefined}
          event={(name, fields) => telemetry?.event(name, fields)}
          onDone={done}
        />
      ));
      config = await loadConfig({ ...options.load });
      for (const secret of sessionSecrets(config.provider)) secrets.register(secret);
      if (needsOnboarding(config))
        throw new UserError("onboarding did not finish; run `codex-litellm login` to try again", 1);
      if (options.forceOnboarding) return 0;
    }
    let resume: LoadedRollout | undefined;
    if (options.resume) {
      const { id, last, all } = options.resume;
      const file = id
        ? await findSessionById(config.codexHome, id)
        : last
          ? (await findLatestSession({ codexHome: config.codexHome, cwd: config.cwd, all: !!all }))?.path
          : await pickSession(config, !!all);
      if (!file) {
        if (!id && !last) return 0; // picker cancelled
        throw new UserError(
          id
            ? `no session with id ${id} in ${config.codexHome}/sessions`
            : `no recorded session to resume in ${config.cwd} (try --all)`,
          1,
        );
      }
      resume = await loadRolloutForResume(file);
    }
    let exitSession: string | null = null;
    const host = new TuiHost({
      config,
      model: config.model ?? resume?.turnContext?.model ?? "",
      telemetry,
      onExit: (id) => ((exitSession = id), app?.unmount()),
    });
    await host.start(resume);
    if (resume && resume.tokensInContext > (host.state.session?.contextWindow.window ?? Infinity)) {
      const window = host.state.session?.contextWindow.window ?? 0;
      const compact = await screen<boolean>((done) => (
        <SelectList
          title={`This session holds about ${resume.tokensInContext.toLocaleString("en-US")} tokens, more than the context window (${window.toLocaleString("en-US")}).`}
          items={[
            { label: "Compact it now (summarise, then continue)", value: true },
            { label: "Abort the resume", value: false },
          ]}
          onSelect={done}
          onCancel={() => done(false)}
        />
      ));
      if (!compact) return 2;
      await host.submit("/compact");
    }
    const app = render(<App host={host} />, { exitOnCtrlC: false });
    notice = (line) => host.notice("info", line);
    for (const line of early.splice(0)) notice(line);
    telemetry?.event("tui.header_redraw", { model: host.sessionSettings.model });
    // Killed, hung up on or interrupted by another program (Ctrl-C itself is a key in raw mode):
    // stop the turn (its commands die, the rollout records the abort) and
    // leave through the normal exit, so Ink gives the terminal back as it found it.
    let signalled: NodeJS.Signals | null = null;
    const onSignal = (signal: NodeJS.Signals) => {
      if (signalled) process.exit(signalExitCode(signal));
      signalled = signal;
      log?.info({ signal }, "codex-litellm interactive signal");
      host.quit();
    };
    const exitSignals = ["SIGTERM", "SIGHUP", "SIGINT"] as const;
    for (const signal of exitSignals) process.on(signal, onSignal);
    try {
      if (options.prompt) void host.submit(options.prompt);
      await app.waitUntilExit();
      await host.close();
    } finally {
      for (const signal of exitSignals) process.off(signal, onSignal);
    }
    log?.info({ session: exitSession, signal: signalled }, "codex-litellm interactive exit");
    if (exitSession) process.stdout.write(`To continue this session, run codex-litellm resume ${exitSession}\n`);
    return signalled ? signalExitCode(signalled) : 0;
  } finally {
    for (const line of early) process.stderr.write(`${line}\n`); // the UI never started
    await telemetry?.close();
    log?.flush();
  }
}
