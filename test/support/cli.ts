// Runs the built CLI (dist/cli.cjs, the package.json bin) as a user would, in a clean environment.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { SCRATCH_ROOT } from "./scratch.js";

export const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../dist/cli.cjs");

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
  input?: string;
  timeoutMs?: number;
  /** A command the CLI runs under, e.g. `["unshare", "-m", "sh", "-c", "mount … && exec \"$@\"", "sh"]`. */
  wrap?: string[];
}

/** A fresh CODEX_HOME (and HOME) in a temp dir, optionally with a config.toml. */
export function tempHome(configToml?: string): string {
  const home = mkdtempSync(path.join(os.tmpdir(), "cl-home-"));
  if (configToml !== undefined) writeFileSync(path.join(home, "config.toml"), configToml);
  return home;
}

/**
 * exec's code cache (src/cli/commonjs-chunks.ts), shared by the suite's runs (each home is new), one
 * for each checkout: a build removes the cache folders of other builds.
 */
const SUITE_CACHE = path.join(SCRATCH_ROOT, `code-cache-${createHash("sha1").update(CLI).digest("hex").slice(0, 8)}`);

/**
 * The environment of a CLI run: its own HOME and CODEX_HOME, one cache folder for the suite, no
 * repository above the temp and scratch folders (git, and our repository check, stop there: a checkout holding them is not the test's),
 * and exec_command's processes numbered from 1000 (scripted write_stdin calls name them so).
 */
export function baseEnv(codexHome: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: codexHome,
    CODEX_HOME: codexHome,
    LANG: "C.UTF-8",
    GIT_CEILING_DIRECTORIES: [os.tmpdir(), SCRATCH_ROOT].join(path.delimiter),
    CODEX_LITELLM_CODE_CACHE: SUITE_CACHE,
    CODEX_LITELLM_SEQUENTIAL_PROCESS_IDS: "1",
  };
}

export function runCli(args: string[], options: CliOptions & { home: string }): Promise<CliResult> {
  const env = { ...baseEnv(options.home), ...options.env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
  return runProcess([...(options.wrap ?? []), process.execPath, CLI, ...args], {
    cwd: options.cwd ?? options.home,
    env: env as Record<string, string>,
    input: options.input,
    timeoutMs: options.timeoutMs ?? 20_000,
  });
}

/**
 * Runs `argv` to completion without blocking this process (a fake server here can answer it): its
 * exit code and output. `input` is its stdin; killed after `timeoutMs`.
 */
export function runProcess(
  argv: string[],
  options: { cwd: string; env: Record<string, string>; input?: string; timeoutMs: number },
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const [program = process.execPath, ...args] = argv;
    const child = spawn(program, args, { cwd: options.cwd, env: options.env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? "");
  });
}
