// The fake model server of an interop test file and the folders its tests make: started before
// the file's tests when upstream is available, closed after them (with upstream's leftovers
// killed), the folders removed — or kept, with the requests, under INTEROP_KEEP=1.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { startFakeModelServer, type FakeModelServer } from "../fixtures/fake-model-server.js";
import { makeRepo } from "../e2e/exec-scenario.js";
import { scratchDir } from "../support/scratch.js";
import { killLeftovers, sharedConfigToml, type UpstreamPeer } from "./upstream-peer.js";

export interface InteropServer {
  readonly server: FakeModelServer;
  /** The API key both tools send (in `env`). */
  readonly env: Record<string, string>;
  /** Folders removed after the file's tests. */
  readonly cleanup: string[];
  /** A CODEX_HOME outside /tmp with the config.toml both tools read, and a git repo to run in. */
  home(model: string, prefix: string): { base: string; codexHome: string; repo: string };
  /** A model of this process named after `prefix`, and a {@link home} for it. */
  modelHome(prefix: string): { model: string; base: string; codexHome: string; repo: string };
}

export function useInteropServer(peer: UpstreamPeer, apiKey: string): InteropServer {
  let server: FakeModelServer | undefined;
  const cleanup: string[] = [];
  beforeAll(async () => {
    if (peer.available) server = await startFakeModelServer({ apiKey });
  });
  afterAll(async () => {
    killLeftovers();
    await server?.close();
    if (process.env.INTEROP_KEEP === "1") {
      if (cleanup[0] && server)
        writeFileSync(path.join(cleanup[0], "requests.json"), JSON.stringify(server.requests(), null, 1));
      process.stderr.write(`interop: kept ${cleanup.join(" ")}\n`);
    } else {
      for (const dir of cleanup) rmSync(dir, { recursive: true, force: true });
    }
  });
  return {
    get server() {
      if (!server) throw new Error("the interop fake model server is not running");
      return server;
    },
    env: { LITELLM_API_KEY: apiKey },
    cleanup,
    home(model, prefix) {
      const base = scratchDir(prefix);
      cleanup.push(base);
      const codexHome = path.join(base, "codex-home");
      mkdirSync(codexHome);
      writeFileSync(path.join(codexHome, "config.toml"), sharedConfigToml({ model, baseUrl: this.server.url }));
      const repo = makeRepo();
      cleanup.push(path.dirname(repo));
      return { base, codexHome, repo };
    },
    modelHome(prefix) {
      const model = `${prefix}-${process.pid}`;
      return { model, ...this.home(model, `${prefix}-`) };
    },
  };
}
