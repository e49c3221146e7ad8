// Where a provider's bearer token comes from: a fixed key (env_key, experimental_bearer_token) or
// upstream Codex's `[model_providers.<id>.auth]` command — run without a shell, its trimmed stdout
// is the token, cached for `refresh_interval_ms` and fetched again once after a 401. Every token
// joins the process's redaction (util/redact.ts) the moment it is read; none is ever put into an
// environment a model-run command could inherit.
import { spawn } from "node:child_process";
import path from "node:path";
import { providerApiKey, type ProviderAuthCommand, type ProviderConfig } from "../config/providers.js";
import { registerSecret } from "../util/redact.js";
import { GatewayError } from "./errors.js";

export interface ProviderCredentials {
  /** The key to send now (undefined: none configured); runs the auth command when its token is missing or old. */
  token(signal?: AbortSignal): Promise<string | undefined>;
  /** After a 401: true when a fresh token may help (a command's, not yet refetched for this failure). */
  renewAfterRejection(rejected: string | undefined): boolean;
  /** The last token sent, for redacting what the proxy echoes. */
  readonly lastToken: string | undefined;
}

export function providerCredentials(provider: ProviderConfig, env: NodeJS.ProcessEnv): ProviderCredentials {
  if (provider.auth) return commandToken(provider.id, provider.auth, env);
  const key = providerApiKey(provider, env);
  registerSecret(key);
  return { token: () => Promise.resolve(key), renewAfterRejection: () => false, lastToken: key };
}

const FAILURE_HOLD_MS = 5_000;

/** One per command in a process: every gateway (a session's, doctor's checks) shares its token and its one run. */
const commandTokens = new Map<string, CommandToken>();

/** The token `[model_providers.<providerId>.auth]` prints, cached and renewed as described above. */
export function commandToken(
  providerId: string,
  auth: ProviderAuthCommand,
  env: NodeJS.ProcessEnv,
): ProviderCredentials {
  const key = JSON.stringify([providerId, auth]);
  let token = commandTokens.get(key);
  if (!token) commandTokens.set(key, (token = new CommandToken(providerId, auth, env)));
  return token;
}

/** A token from one run of the command, uncached (`login --sso` asks again after `lite login`). */
export async function freshCommandToken(
  providerId: string,
  auth: ProviderAuthCommand,
  env: NodeJS.ProcessEnv,
): Promise<string> {
  const token = await runAuthCommand(providerId, auth, env);
  registerSecret(token);
  return token;
}

/** Only stdout's first 64 KiB and stderr's first line are kept: a runaway command cannot fill memory. */
const MAX_OUTPUT = 64 * 1024;

class CommandToken implements ProviderCredentials {
  private cached: { token: string; at: number } | null = null;
  private pending: Promise<string> | null = null;

  constructor(
    private readonly providerId: string,
    private readonly auth: ProviderAuthCommand,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  get lastToken(): string | undefined {
    return this.cached?.token;
  }

  token(): Promise<string> {
    const { refresh_interval_ms: interval } = this.auth;
    if (this.cached && (interval === 0 || Date.now() - this.cached.at < interval))
      return Promise.resolve(this.cached.token);
    return this.fetch();
  }

  renewAfterRejection(rejected: string | undefined): boolean {
    if (!rejected) return false;
    // Another request may have renewed it already: then the next attempt takes that one.
    if (this.cached?.token === rejected) this.cached = null;
    return true;
  }

  /**
   * One run at a time: concurrent requests share it. A failed run answers for FAILURE_HOLD_MS
   * more (the catalog, /model/info and the turn all ask at start-up): one run, one message.
   */
  private fetch(): Promise<string> {
    if (this.pending) return this.pending;
    const run = runAuthCommand(this.providerId, this.auth, this.env).then((token) => {
      registerSecret(token);
      this.cached = { token, at: Date.now() };
      this.pending = null;
      return token;
    });
    run.catch(() => setTimeout(() => this.pending === run && (this.pending = null), FAILURE_HOLD_MS).unref());
    this.pending = run;
    return run;
  }
}

/** `command` as upstream resolves it: absolute as is, with a slash against `cwd`, else looked up on PATH. */
function programOf(auth: ProviderAuthCommand): string {
  const { command } = auth;
  if (path.isAbsolute(command) || !command.includes("/")) return command;
  return path.resolve(auth.cwd, command);
}

function runAuthCommand(providerId: string, auth: ProviderAuthCommand, env: NodeJS.ProcessEnv): Promise<string> {
  const label = `the auth command of model_providers.${providerId} (${auth.command})`;
  const fail = (why: string) =>
    new GatewayError("auth", `${label} ${why}; no request was sent (check [model_providers.${providerId}.auth])`);
  return new Promise((resolve, reject) => {
    let stdout = "";
    let stderr = "";
    const child = spawn(programOf(auth), auth.args, {
      cwd: auth.cwd,
      env,
      stdio: ["ignore", "pipe", "pipe"],
      detached: process.platform !== "win32",
    });
    const killTree = () => {
      try {
        if (child.pid !== undefined) process.kill(process.platform === "win32" ? child.pid : -child.pid, "SIGKILL");
      } catch {
        /* already gone */
      }
    };
    const timer = setTimeout(() => {
      killTree();
      reject(fail(`did not finish within ${auth.timeout_ms} ms (timeout_ms = ${auth.timeout_ms})`));
    }, auth.timeout_ms);
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      if (stdout.length < MAX_OUTPUT) stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      if (stderr.length < MAX_OUTPUT) stderr += chunk;
    });
    child.once("error", (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      const why = err.code === "ENOENT" ? "was not found" : err.code === "EACCES" ? "is not executable" : err.message;
      reject(fail(`could not start: ${why}`));
    });
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      const token = stdout.trim();
      const firstStderr = stderr.trim().split("\n")[0]?.trim() ?? "";
      // A token the command printed on stderr by mistake must not reach the message.
      if (token) registerSecret(token);
      if (code !== 0) {
        const status = signal ? `was killed by ${signal}` : `exited with status ${code}`;
        reject(fail(`${status}${firstStderr ? `: ${firstStderr}` : ""}`));
      } else if (!token) reject(fail("printed no token"));
      else if (/[\r\n]/.test(token)) reject(fail("printed more than one line (expected only the token)"));
      else resolve(token);
    });
  });
}
