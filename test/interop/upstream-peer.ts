// The real upstream OpenAI Codex CLI as a test peer (pinned @openai/codex@0.171.0; 0.29.0 for the
// 2025 legacy rollout format).
//
// Install: once, with npm, into .cache/codex-peer/codex-<version>/ (git-ignored). Test files run
// in parallel, so installs take a lock (a directory, .cache/codex-peer/.install-lock); npm runs
// in a staging folder that is renamed into place only once the native binary answers `--version`
// with the pinned version, so a half-finished install is never used. Later runs find the binary
// and never start npm.
//
// Availability: `upstreamPeer()` resolves to {available, reason, bin}. When npm or the registry
// is unreachable the interop tests skip with one line on stderr; with REQUIRE_LITELLM=1 (CI)
// `requireOrSkip()` throws instead, so the run fails.
//
// Running: `runUpstream(args, {codexHome, cwd, env, timeoutMs})` starts the native binary with a
// clean environment (HOME = CODEX_HOME, as our runCli does), stdin closed (upstream `exec` waits
// for stdin otherwise), in its own process group that is SIGKILLed on timeout, and with every
// proxy variable pointing at a closed port on 127.0.0.1 while NO_PROXY exempts 127.0.0.1 and
// localhost: the fake model server is reachable, anything else upstream might contact fails fast.

import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";

export const UPSTREAM_VERSION = "0.171.0";
/** The last release that wrote the 2025 legacy rollout format (a bare header line, bare items, state lines); 0.34 writes session_meta. */
export const LEGACY_UPSTREAM_VERSION = "0.29.0";
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const PEER_CACHE = path.join(REPO_ROOT, ".cache/codex-peer");
const installDir = (version: string) => path.join(PEER_CACHE, `codex-${version}`);

export interface UpstreamPeer {
  available: boolean;
  /** Why it is unavailable (empty when available). */
  reason: string;
  /** Absolute path of the native `codex` binary (empty when unavailable). */
  bin: string;
  /** Time spent installing in this process, ms (0 when cached). */
  installMs: number;
}

export interface UpstreamResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  ms: number;
}

export interface UpstreamOptions {
  codexHome: string;
  cwd: string;
  env?: Record<string, string | undefined>;
  timeoutMs?: number;
  /** Which release to run (default UPSTREAM_VERSION). */
  version?: string;
}

/** Rust target triple and platform package, as resolved by upstream's own bin/codex.js shim. */
function target(): { triple: string; pkg: string } | undefined {
  const table: Record<string, { triple: string; pkg: string }> = {
    "linux-x64": { triple: "x86_64-unknown-linux-musl", pkg: "@openai/codex-linux-x64" },
    "linux-arm64": { triple: "aarch64-unknown-linux-musl", pkg: "@openai/codex-linux-arm64" },
    "darwin-x64": { triple: "x86_64-apple-darwin", pkg: "@openai/codex-darwin-x64" },
    "darwin-arm64": { triple: "aarch64-apple-darwin", pkg: "@openai/codex-darwin-arm64" },
  };
  return table[`${process.platform}-${process.arch}`];
}

function binaryIn(prefix: string, version: string): string | undefined {
  const t = target();
  if (!t) return undefined;
  // Releases before the per-platform packages shipped every binary in @openai/codex/bin.
  if (Number(version.split(".")[1]) < 40)
    return path.join(prefix, "node_modules", "@openai", "codex", "bin", `codex-${t.triple}`);
  return path.join(prefix, "node_modules", ...t.pkg.split("/"), "vendor", t.triple, "bin", "codex");
}

/** Runs a command to completion (no shell), capturing output; kills it after `timeoutMs`. */
function run(
  cmd: string,
  args: string[],
  opts: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<{ code: number | null; out: string; err: string; error?: Error }> {
  return new Promise((resolve) => {
    let out = "";
    let err = "";
    const child = spawn(cmd, args, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => killGroup(child), opts.timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      resolve({ code: null, out, err, error });
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, out, err });
    });
  });
}

async function versionOk(bin: string, version: string): Promise<boolean> {
  if (!existsSync(bin)) return false;
  const r = await run(bin, ["--version"], { cwd: PEER_CACHE, timeoutMs: 30_000 });
  return r.code === 0 && r.out.trim() === `codex-cli ${version}`;
}

/** The gist of a failed npm run: its error code and first message line, e.g. `ECONNREFUSED: FetchError: …`. */
function npmGist(text: string): string {
  const lines = text.split("\n").map((l) => l.replace(/^npm (error|ERR!) ?/, "").trim());
  const code = text.match(/npm (?:error|ERR!) code (\S+)/)?.[1];
  const boring =
    /^(code |syscall |errno |at |[{}]|\w+: ('|\d|true|false|null|undefined)|A complete log|If you are behind|npm warn|$)/;
  const message = lines.find((l) => !boring.test(l)) ?? "";
  return [code, message].filter(Boolean).join(": ");
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const LOCK = path.join(PEER_CACHE, ".install-lock");
const LOCK_STALE_MS = 20 * 60_000;

/**
 * One installer at a time (test files run in parallel forks): the others wait for the lock to go
 * away and then use what the winner installed. A lock older than LOCK_STALE_MS is a crashed run's.
 */
async function withInstallLock<T>(fn: () => Promise<T>): Promise<T> {
  mkdirSync(PEER_CACHE, { recursive: true });
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      let age = 0;
      try {
        age = Date.now() - statSync(LOCK).mtimeMs;
      } catch {
        continue; // released meanwhile
      }
      if (age > LOCK_STALE_MS) rmSync(LOCK, { recursive: true, force: true });
      else await sleep(500);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

async function install(version: string): Promise<string> {
  if (!target()) throw new Error(`no upstream binary for ${process.platform}-${process.arch}`);
  const final = binaryIn(installDir(version), version) as string;
  return withInstallLock(async () => {
    if (await versionOk(final, version)) return final; // installed by another test file while we waited
    // Staging folders of crashed runs are removed, and so is a broken install.
    for (const name of readdirSync(PEER_CACHE))
      if (name.startsWith(".staging-")) rmSync(path.join(PEER_CACHE, name), { recursive: true, force: true });
    rmSync(installDir(version), { recursive: true, force: true });
    const staging = path.join(PEER_CACHE, `.staging-${process.pid}`);
    mkdirSync(staging);
    try {
      writeFileSync(
        path.join(staging, "package.json"),
        JSON.stringify(
          {
            name: "codex-peer",
            private: true,
            description: "upstream Codex for test/interop",
            dependencies: { "@openai/codex": version },
          },
          null,
          2,
        ) + "\n",
      );
      const npm = process.platform === "win32" ? "npm.cmd" : "npm";
      const r = await run(npm, ["install", "--no-audit", "--no-fund", "--no-update-notifier"], {
        cwd: staging,
        timeoutMs: 15 * 60_000,
      });
      if (r.code !== 0)
        throw new Error(
          `npm install @openai/codex@${version} failed (${r.error ? r.error.message : `exit ${String(r.code)}`}): ${npmGist(r.err)}`,
        );
      const bin = binaryIn(staging, version) as string;
      if (!(await versionOk(bin, version)))
        throw new Error(
          `npm installed @openai/codex@${version} but ${path.relative(staging, bin)} is missing or not codex-cli ${version}`,
        );
      renameSync(staging, installDir(version)); // appears complete, or not at all
      return final;
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
  });
}

const peers = new Map<string, Promise<UpstreamPeer>>();

/** Installs (once, cached) and locates the upstream binary of `version`. Never throws. */
export function upstreamPeer(version = UPSTREAM_VERSION): Promise<UpstreamPeer> {
  let peer = peers.get(version);
  if (peer) return peer;
  peer = (async () => {
    const cached = binaryIn(installDir(version), version);
    if (cached && (await versionOk(cached, version))) return { available: true, reason: "", bin: cached, installMs: 0 };
    const t0 = Date.now();
    try {
      const bin = await install(version);
      return { available: true, reason: "", bin, installMs: Date.now() - t0 };
    } catch (err) {
      return {
        available: false,
        reason: err instanceof Error ? err.message : String(err),
        bin: "",
        installMs: Date.now() - t0,
      };
    }
  })();
  peers.set(version, peer);
  return peer;
}

/**
 * For the top of a test file: the peer, or — when it is unavailable — a thrown error under
 * REQUIRE_LITELLM=1, else one line on stderr (the caller then skips its tests).
 */
export async function requireOrSkip(file: string, version = UPSTREAM_VERSION): Promise<UpstreamPeer> {
  const p = await upstreamPeer(version);
  if (p.available) return p;
  if (process.env.REQUIRE_LITELLM === "1")
    throw new Error(`interop: upstream codex ${version} required (REQUIRE_LITELLM=1) but unavailable: ${p.reason}`);
  process.stderr.write(`interop: ${file} skipped: upstream codex ${version} unavailable: ${p.reason}\n`);
  return p;
}

// ---------------------------------------------------------------------------------------------

const live = new Set<ChildProcess>();

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, "SIGKILL"); // the whole group: codex and whatever shell it started
  } catch {
    try {
      child.kill("SIGKILL");
    } catch {
      /* already gone */
    }
  }
}

/** SIGKILLs every upstream process group started by runUpstream that is still running. */
export function killLeftovers(): void {
  for (const child of live) killGroup(child);
  live.clear();
}
// Detached groups do not get the terminal's Ctrl-C: take them down when this worker exits.
process.once("exit", killLeftovers);

/** A closed port on loopback: every proxied (= non-loopback) connection is refused at once. */
const DEAD_PROXY = "http://127.0.0.1:9";

export function upstreamEnv(
  codexHome: string,
  bin: string,
  extra: Record<string, string | undefined> = {},
): Record<string, string> {
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: codexHome,
    CODEX_HOME: codexHome,
    LANG: "C.UTF-8",
    // What upstream's npm shim would set before exec'ing the binary.
    CODEX_MANAGED_BY_NPM: "1",
    CODEX_MANAGED_PACKAGE_ROOT: path.resolve(path.dirname(bin), "../../../../codex"),
    // Loopback only.
    HTTP_PROXY: DEAD_PROXY,
    HTTPS_PROXY: DEAD_PROXY,
    ALL_PROXY: DEAD_PROXY,
    http_proxy: DEAD_PROXY,
    https_proxy: DEAD_PROXY,
    all_proxy: DEAD_PROXY,
    NO_PROXY: "127.0.0.1,localhost",
    no_proxy: "127.0.0.1,localhost",
    ...extra,
  };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
  return env as Record<string, string>;
}

/** Upstream's `codex exec resume <id> --json --skip-git-repo-check <prompt>`. */
export function upstreamExecResume(id: string, prompt: string, opts: UpstreamOptions): Promise<UpstreamResult> {
  return runUpstream(["exec", "resume", id, "--json", "--skip-git-repo-check", prompt], opts);
}

/**
 * Upstream's `codex <args>`, which must exit 0: a failure fails the test with the run's output,
 * named `name`. 90 s unless `opts.timeoutMs` says otherwise.
 */
export async function upstreamMustSucceed(
  name: string,
  args: string[],
  opts: UpstreamOptions,
): Promise<UpstreamResult> {
  const r = await runUpstream(args, { timeoutMs: 90_000, ...opts });
  expect(r.code, describeRun(name, r)).toBe(0);
  return r;
}

/** Runs the upstream binary: stdin closed, clean env, loopback-only network, killed on timeout. */
export async function runUpstream(args: string[], opts: UpstreamOptions): Promise<UpstreamResult> {
  return (await startUpstream(args, opts)).done;
}

export interface RunningUpstream {
  child: ChildProcess;
  /** What it printed so far. */
  stdout(): string;
  done: Promise<UpstreamResult>;
}

/** Starts the upstream binary as runUpstream does and hands back the process (to signal it). */
export async function startUpstream(args: string[], opts: UpstreamOptions): Promise<RunningUpstream> {
  const p = await upstreamPeer(opts.version);
  if (!p.available) throw new Error(`upstream codex unavailable: ${p.reason}`);
  const t0 = Date.now();
  const child = spawn(p.bin, args, {
    cwd: opts.cwd,
    env: upstreamEnv(opts.codexHome, p.bin, opts.env),
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  live.add(child);
  let stdout = "";
  let stderr = "";
  let timedOut = false;
  child.stdout?.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<UpstreamResult>((resolve, reject) => {
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child);
    }, opts.timeoutMs ?? 60_000);
    child.on("error", (err) => {
      clearTimeout(timer);
      live.delete(child);
      reject(err);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      killGroup(child); // anything it left behind in its group
      live.delete(child);
      resolve({ code, signal, stdout, stderr, timedOut, ms: Date.now() - t0 });
    });
  });
  return { child, stdout: () => stdout, done };
}

// --- helpers shared by the interop tests ------------------------------------------------------

/** The config.toml both tools read: upstream needs model_provider, env_key and wire_api. */
export function sharedConfigToml(opts: { model: string; baseUrl: string }): string {
  return [
    `model_provider = "litellm"`,
    `model = "${opts.model}"`,
    ``,
    `[model_providers.litellm]`,
    `name = "litellm"`,
    `base_url = "${opts.baseUrl}"`,
    `env_key = "LITELLM_API_KEY"`,
    `wire_api = "responses"`,
    ``,
  ].join("\n");
}

export { jsonLines } from "../support/jsonl.js";

/** Every rollout file under CODEX_HOME/sessions. */
export function rolloutFiles(codexHome: string): string[] {
  const dir = path.join(codexHome, "sessions");
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => /rollout-.*\.jsonl$/.test(f))
    .map((f) => path.join(dir, f));
}

/** A compact summary of a run for assertion messages. */
export function describeRun(name: string, r: { code: number | null; stdout: string; stderr: string }): string {
  const cut = (s: string) => (s.length > 4000 ? `${s.slice(0, 2000)}\n…\n${s.slice(-2000)}` : s);
  return `${name} exited ${String(r.code)}\n--- stdout\n${cut(r.stdout)}\n--- stderr\n${cut(r.stderr)}`;
}
