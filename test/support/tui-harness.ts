// What every interactive-UI test file sets up: the scripted fake model server (unless the file
// brings its own proxy), a tmux terminal per test, killed after it, and the file's repositories
// and homes, removed after the file.
import { rmSync } from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll } from "vitest";
import { makeRepo } from "../e2e/exec-scenario.js";
import {
  startFakeModelServer,
  type FakeModelServer,
  type FakeModelServerOptions,
} from "../fixtures/fake-model-server.js";
import { baseEnv, tempHome } from "./cli.js";
import { TmuxTerminal } from "./tmux.js";

export interface TuiOpenOptions {
  /** More config.toml lines (before the provider's table). */
  toml?: string;
  args?: string[];
  env?: Record<string, string>;
  width?: number;
  height?: number;
  /** Another build's dist/cli.cjs. */
  cli?: string;
}

export interface TuiHarness {
  /** The file's fake model server (started before its tests, with the options given). */
  readonly server: FakeModelServer;
  /** A git repository outside /tmp. */
  repo(): string;
  /** A CODEX_HOME (and HOME) with this config.toml. */
  home(configToml?: string): string;
  /** A folder to remove after the file. */
  removeLater(dir: string): void;
  /** config.toml for `model` through the fake server (a 100k window unless `extra` says otherwise). */
  config(model: string, extra?: string): string;
  /** The CLI in a terminal of its own. */
  terminal(args: string[], env: Record<string, string>, options: TuiOpenOptions & { cwd: string }): TmuxTerminal;
  /** A new repository, trusted, and a home configured for `model` on the fake server (`toml`: more config lines). */
  setup(model: string, toml?: string): { repo: string; home: string };
  /** The UI in `repo` with `home`, the fake server's key in its environment. */
  launch(where: { repo: string; home: string }, options?: TuiOpenOptions): TmuxTerminal;
  /** `setup` then `launch`. */
  open(model: string, options?: TuiOpenOptions): { term: TmuxTerminal; repo: string; home: string };
}

/** `server`: the fake model server's options, or null for a file that talks to another proxy. */
export function useTuiHarness(server: FakeModelServerOptions | null): TuiHarness {
  let started: FakeModelServer | undefined;
  const cleanup: string[] = [];
  const terminals: TmuxTerminal[] = [];
  if (server) {
    beforeAll(async () => {
      started = await startFakeModelServer(server);
    });
  }
  afterEach(() => {
    for (const t of terminals.splice(0)) t.kill();
  });
  afterAll(async () => {
    await started?.close();
    for (const dir of cleanup.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const harness: TuiHarness = {
    get server() {
      if (!started) throw new Error("the fake model server is used before beforeAll ran (or the file has none)");
      return started;
    },
    repo() {
      const repo = makeRepo();
      cleanup.push(path.dirname(repo));
      return repo;
    },
    home(configToml) {
      const home = tempHome(configToml);
      cleanup.push(home);
      return home;
    },
    removeLater: (dir) => void cleanup.push(dir),
    config(model, extra = "") {
      const window = /^(context_length|model_context_window)\s*=/m.test(extra) ? "" : "context_length = 100000\n";
      return `model = "${model}"\n${window}${extra}\n[model_providers.litellm]\nbase_url = "${harness.server.url}"\n`;
    },
    terminal(args, env, options) {
      const term = new TmuxTerminal(args, env, options);
      terminals.push(term);
      return term;
    },
    setup(model, toml) {
      // A folder the user trusted before (the UI's folder prompt is tested on its own).
      const repo = harness.repo();
      const trust = `\n[projects.${JSON.stringify(repo)}]\ntrust_level = "trusted"\n`;
      return { repo, home: harness.home(harness.config(model, toml) + trust) };
    },
    launch({ repo, home }, options = {}) {
      const key: Record<string, string> = server?.apiKey ? { LITELLM_API_KEY: server.apiKey } : {};
      return harness.terminal(
        options.args ?? [],
        { ...baseEnv(home), ...key, ...options.env },
        {
          ...options,
          cwd: repo,
        },
      );
    },
    open(model, options = {}) {
      const where = harness.setup(model, options.toml);
      return { ...where, term: harness.launch(where, options) };
    },
  };
  return harness;
}
