// What both directions of the resume interop share: one fake model server for both tools, the
// folders to remove afterwards (INTEROP_KEEP=1 keeps them, with requests.json), and readers of
// the requests' input items and of rollout lines.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { startFakeModelServer, type FakeModelServer } from "../fixtures/fake-model-server.js";
import { makeRepo } from "../e2e/exec-scenario.js";
import { scratchDir } from "../support/scratch.js";
import { killLeftovers, sharedConfigToml } from "./upstream-peer.js";

/** The fake server (started only when upstream Codex is there) and the folders to remove. */
export function useInteropServer(
  available: boolean,
  apiKey: string,
): {
  readonly server: FakeModelServer;
  /** A CODEX_HOME outside /tmp with the ONE config.toml both tools read (for `model`), and a repository. */
  sharedHome(model: string): { codexHome: string; repo: string };
} {
  let server: FakeModelServer | undefined;
  const cleanup: string[] = [];
  beforeAll(async () => {
    if (available) server = await startFakeModelServer({ apiKey });
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
      if (!server) throw new Error("the fake model server is used before beforeAll ran");
      return server;
    },
    sharedHome(model) {
      const base = scratchDir("interop-");
      cleanup.push(base);
      const codexHome = path.join(base, "codex-home");
      mkdirSync(codexHome);
      writeFileSync(path.join(codexHome, "config.toml"), sharedConfigToml({ model, baseUrl: this.server.url }));
      const repo = makeRepo();
      cleanup.push(path.dirname(repo));
      return { codexHome, repo };
    },
  };
}

/** An input item of a request, as both tools send them. */
export type Item = {
  type: string;
  role?: string;
  name?: string;
  call_id?: string;
  arguments?: string;
  output?: unknown;
  content?: { type: string; text?: string }[];
};

export const textOf = (i: Item) => (i.content ?? []).map((c) => c.text ?? "").join("");

export const outputText = (o: unknown): string =>
  typeof o === "string"
    ? o
    : Array.isArray(o)
      ? o.map((p: { text?: string }) => p.text ?? "").join("")
      : JSON.stringify(o);

/** A rollout file's records. */
export const lines = (file: string) =>
  readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as { type: string; payload: Record<string, unknown> });
