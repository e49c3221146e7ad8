// The interactive program. A new session's prompt is drawn first, before config is read: what
// is typed meanwhile waits in the host's queue, and config, telemetry, onboarding and the
// session's code are imported behind the first frame (this module loads only Ink, React and
// the screen's components).
import { BRACKETED_PASTE_OFF, BRACKETED_PASTE_ON } from "./bracketed-paste.js";
import { formatWithSeparators } from "../util/numbers.js";
import { render, type Instance } from "ink";
import React from "react";
import { hasConfigFile } from "../config/home.js";
import type { LoadConfigOptions, ResolvedConfig } from "../config/load.js";
import type { LoadedRollout } from "../rollout/resume-history.js";
import { errorMessage, UserError } from "../util/errors.js";
import { registerSecret, registerSecrets, SecretRedactor } from "../util/redact.js";
import { signalExitCode } from "../util/signals.js";
import { App } from "./components/App.js";
import { TuiHost } from "./host.js";
import { dismissInstantFrame, drawOverInstantFrame, instantFrameShown } from "./first-frame-handover.js";
import { screen } from "./screen.js";
import { sessionCode } from "./session-code.js";
import { afterDraw, KEY_FRAME_FPS } from "./redraws.js";
import { storeCodeCache } from "../util/code-cache.js";
import type { createTuiLog } from "../telemetry/tui-log.js";
import { tildePathsIn } from "../util/paths.js";
import { unknownStatusLineItems } from "./status-line.js";

export interface TuiOptions {
  load: LoadConfigOptions;
  prompt?: string;
  /** `-i` files, attached to the first message. */
  images?: string[];
  /** `resume` subcommand: an id, --last, or neither (the picker). */
  resume?: { id?: string; last?: boolean; all?: boolean };
}

/** Takes a drawn screen away (its last frame is erased, not left behind) and gives the terminal back. */
function erase(instance: Instance): void {
  instance.rerender(<></>);
  instance.unmount();
}

/**
 * Onboarding is for a home with nothing usable: the provider's key is missing, or neither a model
 * nor where to find one (a `model_provider` or `model_catalog_json`, from config.toml or `-c`)
 * is given. A launcher that passes the provider and exports its key (LiteLLM's `lite codex`)
 * starts the session at once, on the catalog's model.
 */
const needsOnboarding = (config: ResolvedConfig) =>
  keyMissing(config) || (!config.model && config.effective.model_provider === undefined && !config.modelCatalogJson);

const keyMissing = (config: ResolvedConfig) => !!config.provider.env_key && !process.env[config.provider.env_key];

/**
 * A provider given with `-c` (a launcher's) whose key variable is not exported: onboarding would
 * save another provider to config.toml that the same `-c` flags override again, so the user is
 * told which variable to export instead.
 */
function checkFlagProviderKey(config: ResolvedConfig, overrides: readonly string[] = []): void {
  const fromFlags = overrides.some((o) => /^\s*model_providers?\b/.test(o));
  if (fromFlags && keyMissing(config))
    throw new UserError(
      `${config.provider.env_key} is not set: the API key for ${config.provider.base_url} (model_provider "${config.provider.id}", given with -c) is missing; export it and start again`,
    );
}

/**
 * Whether the session's screen comes first: a new session in a home that has a config.toml.
 * A first run (no config: onboarding comes first) and resumes (a picker, or a question about a
 * long session, may come first) read config before drawing.
 */
function drawsFirst(options: TuiOptions): boolean {
  return !options.resume && hasConfigFile(options.load.env);
}

async function pickSession(config: ResolvedConfig, all: boolean): Promise<string | null> {
  const [{ listSessions }, { SessionList }] = await Promise.all([
    import("../rollout/session-list.js"),
    import("./components/ResumePicker.js"),
  ]);
  const page = await listSessions({ codexHome: config.codexHome, cwd: config.cwd, all, pageSize: 50 });
  if (page.sessions.length === 0)
    throw new UserError(`no recorded sessions${all ? "" : ` in ${config.cwd} (try --all)`}`, 1);
  return screen<string | null>((done) => (
    <SessionList
      sessions={page.sessions}
      view={config.tui.session_picker_view}
      onSelect={done}
      onCancel={() => done(null)}
    />
  ));
}

/** The rollout `resume` names (or null when the picker was cancelled). */
async function rolloutToResume(
  config: ResolvedConfig,
  { id, last, all }: NonNullable<TuiOptions["resume"]>,
): Promise<LoadedRollout | null> {
  const [{ findLatestSession, findSessionById }, { loadRolloutForResume }] = await Promise.all([
    import("../rollout/session-list.js"),
    import("../rollout/resume-history.js"),
  ]);
  const file = id
    ? await findSessionById(config.codexHome, id)
    : last
      ? (await findLatestSession({ codexHome: config.codexHome, cwd: config.cwd, all: !!all }))?.path
      : await pickSession(config, !!all);
  if (file) return loadRolloutForResume(file);
  if (!id && !last) return null; // picker cancelled
  throw new UserError(
    id
      ? `no session with id ${id} in ${config.codexHome}/sessions`
      : `no recorded session to resume in ${config.cwd} (try --all)`,
    1,
  );
}

/** A resumed session larger than the window: compact it first (true), or abort the resume. */
async function askToCompact(tokens: number, window: number): Promise<boolean> {
  const { SelectList } = await import("./components/SelectList.js");
  return screen<boolean>((done) => (
    <SelectList
      title={`This session holds about ${formatWithSeparators(tokens)} tokens, more than the context window (${formatWithSeparators(window)}).`}
      items={[
        { label: "Compact it now (summarise, then continue)", value: true },
        { label: "Abort the resume", value: false },
      ]}
      onSelect={done}
      onCancel={() => done(false)}
    />
  ));
}

/** The session's screen: drawn once (first, when it can be), taken away for onboarding, erased when set-up fails. */
class SessionScreen {
  readonly host: TuiHost;
  private instance: Instance | null = null;
  private exit: { session: string | null } | null = null;
  /** Stops waiting for a key or a resize to draw the screen. */
  private stopWaiting = () => {};

  constructor(redactor: SecretRedactor) {
    this.host = new TuiHost({
      redactor,
      onExit: (session) => {
        this.exit = { session };
        this.instance?.unmount();
      },
    });
  }

  /** The user quit. */
  exited(): boolean {
    return this.exit !== null;
  }

  /** The session to name in "To continue this session", if the user quit one that had started. */
  exitSession(): string | null {
    return this.exit?.session ?? null;
  }

  /**
   * Leaves the launcher's frame (the same picture) on screen until Ink is needed: the screen
   * changes (the ready session, a notice, a slow start's header), a key is typed or the terminal
   * is resized. Ink's first renders cost tens of ms each at start: one on the way to the ready
   * session instead of two. Without the launcher's frame the screen is drawn at once.
   */
  showOnInput(): void {
    if (!instantFrameShown()) return void this.show();
    const { stdin, stdout } = process;
    const draw = () => {
      this.show();
      // The keys that woke Ink are still in stdin: Ink's reader, just added, is told so.
      if (stdin.readableLength > 0) setImmediate(() => stdin.emit("readable"));
    };
    stdin.on("readable", draw);
    stdout.on("resize", draw);
    const unsubscribe = this.host.subscribe(draw);
    this.stopWaiting = () => {
      stdin.off("readable", draw);
      stdout.off("resize", draw);
      unsubscribe();
    };
  }

  show(): Instance {
    this.stopWaiting();
    // Until config is read Ink's first frame is the launcher's, drawn over it in place. The host
    // paces the session's updates (TuiHost.changed); Ink's own throttle (30 frames a second by
    // default) would hold a typed key's frame back behind a streaming answer's.
    const same = this.host.config === null;
    const draw = () => render(<App host={this.host} />, { exitOnCtrlC: false, maxFps: KEY_FRAME_FPS });
    return (this.instance ??= drawOverInstantFrame(draw, same));
  }

  hide(): void {
    this.stopWaiting();
    if (this.instance && !this.exit) erase(this.instance);
    dismissInstantFrame(); // still on screen when Ink never drew
    this.instance = null;
  }
}

type TuiLog = NonNullable<ReturnType<typeof createTuiLog>>;

const bracketedPasteOff = () => void process.stdout.write(BRACKETED_PASTE_OFF);

/** The interactive program: onboarding when needed, an optional resume, then the session UI. */
export async function runTui(options: TuiOptions): Promise<number> {
  if (!process.stdin.isTTY || !process.stdout.isTTY)
    throw new UserError("the interactive UI needs a terminal; for scripts use `codex-litellm exec`");
  // Keys typed from now on reach the composer as keys (Enter stays Enter, nothing is echoed),
  // also before Ink reads them; Ink gives the terminal back when its screens close.
  process.stdin.setRawMode(true);
  // Bracketed paste: a paste reaches the composer as text (its newlines do not send it).
  process.stdout.write(BRACKETED_PASTE_ON);
  process.once("exit", bracketedPasteOff);
  // One redactor for telemetry, the UI log and the screen, so a key entered during onboarding joins it.
  const secrets = new SecretRedactor();
  const ui = new SessionScreen(secrets);
  if (drawsFirst(options)) ui.showOnInput();
  else dismissInstantFrame();
  if (options.images?.length) ui.host.attachImages(options.images);
  if (options.prompt) void ui.host.submit(options.prompt);
  try {
    return await runSession(options, ui, secrets);
  } catch (err) {
    ui.hide(); // a set-up failure is reported as if nothing had been drawn
    throw err;
  } finally {
    process.stdin.setRawMode(false);
    bracketedPasteOff();
    process.off("exit", bracketedPasteOff);
  }
}

async function runSession(options: TuiOptions, ui: SessionScreen, secrets: SecretRedactor): Promise<number> {
  const { host } = ui;
  const [{ loadConfig }, { configSecrets }, { Telemetry }] = await sessionCode();
  let config = await loadConfig({ ...options.load });
  registerSecrets(configSecrets(config));
  // A resume's picker comes before telemetry and the UI log: cancelling it leaves no log behind.
  let resume: LoadedRollout | null | undefined;
  if (options.resume && !needsOnboarding(config)) {
    checkFlagProviderKey(config, options.load.overrides);
    resume = await rolloutToResume(config, options.resume);
    if (resume === null) return 0;
  }
  // Telemetry's notices (where the debug log goes, a folder it cannot create) are shown under
  // the session's header, so the first screen leads with the product.
  const early: string[] = [];
  let notice: (line: string) => void = (line) => early.push(line);
  const telemetry = await Telemetry.start(config.telemetry, {
    notices: (line) => notice(tildePathsIn(line)),
    secrets,
    otel: config.otel,
  });
  // The UI's log (pino) loads behind the ready session, which does not wait for it.
  const log: { current: TuiLog | null } = { current: null };
  try {
    checkFlagProviderKey(config, options.load.overrides);
    if (needsOnboarding(config)) {
      ui.hide();
      const [{ Onboarding }, { onboardingDefaultUrl }] = await Promise.all([
        import("./components/Onboarding.js"),
        import("../config/onboarding.js"),
      ]);
      telemetry?.event("onboarding.start", {});
      await screen<void>((done) => (
        <Onboarding
          codexHome={config.codexHome}
          defaultUrl={onboardingDefaultUrl(config.provider)}
          wireApi={config.provider.wire_api}
          configured={config.provider.id === "litellm" ? config.provider : undefined}
          registerSecret={registerSecret}
          event={(name, fields) => telemetry?.event(name, fields)}
          onDone={done}
        />
      ));
      config = await loadConfig({ ...options.load });
      registerSecrets(configSecrets(config));
      if (needsOnboarding(config))
        throw new UserError("onboarding did not finish; run `codex-litellm login` to try again", 1);
      if (!options.resume) ui.show();
    }
    const trusts = await import("./trust-prompts.js");
    const askFolder = trusts.asksFolderTrust(config, options.load.flags);
    if (askFolder || trusts.asksHookTrust(config)) {
      // Asked before anything runs: the answers decide the session's permissions and hooks.
      ui.hide();
      if (askFolder && !(await trusts.askFolderTrust(config))) return 0;
      config = await loadConfig({ ...options.load });
      if (trusts.asksHookTrust(config)) {
        await trusts.askHookTrust(config);
        config = await loadConfig({ ...options.load });
      }
      registerSecrets(configSecrets(config));
      if (!options.resume) ui.show();
    }
    if (options.resume && resume === undefined) resume = await rolloutToResume(config, options.resume);
    if (resume === null) return 0;
    await host.open({ config, model: config.model ?? resume?.turnContext?.model ?? "", telemetry }, resume);
    const window = host.state.session?.contextWindow.window;
    if (resume && window !== undefined && resume.tokensInContext > window) {
      if (!(await askToCompact(resume.tokensInContext, window))) return 2;
      await host.submit("/compact");
    }
    if (ui.exited()) {
      await host.close(); // the user quit while the session was starting
      return 0;
    }
    const app = ui.show();
    const settled = config;
    void afterDraw()
      .then(() => import("../telemetry/tui-log.js"))
      .then(({ createTuiLog }) => {
        log.current = createTuiLog(settled.telemetry, secrets);
        log.current?.info({ cwd: settled.cwd, resume: options.resume ?? null }, "codex-litellm interactive start");
      })
      .catch((err: unknown) => host.notice("warning", `the UI log is off: ${errorMessage(err)}`))
      // Once the start's code has run (the markdown renderer and the UI log have loaded by now).
      .finally(storeCodeCache);
    const statsFile = process.env.CODEX_LITELLM_UI_STATS;
    if (statsFile)
      (await import("./debug-stats.js")).installUiStats(host, statsFile, process.env.CODEX_LITELLM_UI_PROFILE);
    // Config keys we do not use are named once, in the transcript.
    for (const key of config.keyNotices) host.notice("warning", key.text);
    for (const line of config.hookNotices) host.notice("warning", line);
    const unknownItems = unknownStatusLineItems(config.tui.status_line ?? []);
    if (unknownItems.length)
      host.notice("warning", `config.toml: tui.status_line: unknown item ${unknownItems.join(", ")}; ignored`);
    notice = (line) => host.notice("info", line);
    for (const line of early.splice(0)) notice(line);
    telemetry?.event("tui.header_redraw", { model: host.sessionSettings?.model ?? "" });
    // Killed, hung up on or interrupted by another program (Ctrl-C itself is a key in raw mode):
    // stop the turn (its commands die, the rollout records the abort) and
    // leave through the normal exit, so Ink gives the terminal back as it found it.
    let signalled: NodeJS.Signals | null = null;
    const onSignal = (signal: NodeJS.Signals) => {
      if (signalled) process.exit(signalExitCode(signal));
      signalled = signal;
      log.current?.info({ signal }, "codex-litellm interactive signal");
      host.quit();
    };
    const exitSignals = ["SIGTERM", "SIGHUP", "SIGINT"] as const;
    for (const signal of exitSignals) process.on(signal, onSignal);
    try {
      await app.waitUntilExit();
      await host.close();
    } finally {
      for (const signal of exitSignals) process.off(signal, onSignal);
    }
    const exitSession = ui.exitSession();
    log.current?.info({ session: exitSession, signal: signalled }, "codex-litellm interactive exit");
    if (exitSession) process.stdout.write(`To continue this session, run codex-litellm resume ${exitSession}\n`);
    return signalled ? signalExitCode(signalled) : 0;
  } finally {
    for (const line of early) process.stderr.write(`${line}\n`); // the UI never started
    await telemetry?.close();
    log.current?.flush();
  }
}
