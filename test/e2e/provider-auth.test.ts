// Command-backed provider auth (upstream's `[model_providers.<id>.auth]`) and
// `experimental_bearer_token`, through the built CLI: a stand-in for LiteLLM's `lite` prints a
// new token per run; the fake server records the Authorization header of every request.
import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeModelServer, type FakeModelServer } from "../fixtures/fake-model-server.js";
import { parse } from "smol-toml";
import { runCli, tempHome } from "../support/cli.js";
import { scratchDir } from "../support/scratch.js";
import {
  cleanup,
  cleanupAll,
  errorLine,
  expectNoProcess,
  filesUnder,
  home,
  modelName,
  noStackTrace,
  refusalLine,
  repo,
} from "../faults/support.js";

let fake: FakeModelServer;
beforeAll(async () => {
  fake = await startFakeModelServer();
});
afterAll(async () => {
  await fake.close();
  cleanupAll();
});

/** A stand-in for `lite auth print-token`: `body` is its shell code; it counts its runs and logs its arguments. */
function tokenCommand(body: string): { command: string; runs: () => number; args: () => string } {
  const dir = scratchDir("lite-");
  cleanup.push(dir);
  const command = path.join(dir, "lite");
  writeFileSync(
    command,
    `#!/bin/sh\nn=$(cat "$0.count" 2>/dev/null || echo 0); n=$((n+1)); echo $n > "$0.count"; echo "$@" >> "$0.args"\n${body}\n`,
  );
  chmodSync(command, 0o755);
  const read = (suffix: string) => (existsSync(command + suffix) ? readFileSync(command + suffix, "utf8") : "");
  return { command, runs: () => Number(read(".count").trim() || 0), args: () => read(".args") };
}

const ROTATING = 'echo "sso-token-$n-5f3c9a1e7b"';
const tokenOf = (run: number) => `sso-token-${run}-5f3c9a1e7b`;

function authHome(model: string, command: string, extra = ""): string {
  return home(
    fake.url,
    model,
    "",
    `\n[model_providers.litellm.auth]\ncommand = "${command}"\nargs = ["--base-url", "${fake.origin}", "auth", "print-token"]\n${extra}`,
  );
}

const authorizations = (model: string) =>
  fake
    .requests(model)
    .filter((r) => r.wire === "responses")
    .map((r) => r.headers.authorization);

/** Every file under CODEX_HOME (rollout, logs) without `secret`. */
function nowhereOnDisk(codexHome: string, secret: string): void {
  for (const file of filesUnder(codexHome)) expect(readFileSync(file, "utf8"), file).not.toContain(secret);
}

describe("[model_providers.<id>.auth]: a command prints the bearer token", () => {
  it("sends the command's token, fetches a new one once after a 401, and hides both everywhere", async () => {
    const model = modelName("auth-401");
    const lite = tokenCommand(ROTATING);
    // The model echoes the token it cannot know, and a command it runs lists its environment.
    fake.setScript(model, [
      { fault: { status: 401, error: { message: "Authentication Error, token expired" } } },
      { shell: ["sh", "-c", "env"] },
      { text: `the token was ${tokenOf(2)}` },
    ]);
    const codexHome = authHome(model, lite.command);
    const r = await runCli(["exec", "--full-auto", "-C", repo(), "hello"], {
      home: codexHome,
      env: { LITELLM_API_KEY: undefined },
    });
    expect(r.code, r.stderr).toBe(0);
    expect(authorizations(model)).toEqual([`Bearer ${tokenOf(1)}`, `Bearer ${tokenOf(2)}`, `Bearer ${tokenOf(2)}`]);
    expect(lite.runs()).toBe(2);
    expect(lite.args()).toBe(`--base-url ${fake.origin} auth print-token\n`.repeat(2));
    // What the command printed reached the model without the token; the answer is redacted on screen and disk.
    const toolOutput = JSON.stringify(fake.requests(model)[2]?.body);
    expect(toolOutput).toContain("PATH=");
    expect(toolOutput).not.toContain(tokenOf(2));
    expect(r.stdout).toContain("the token was [REDACTED]");
    for (const run of [1, 2]) {
      expect(r.stdout + r.stderr).not.toContain(tokenOf(run));
      nowhereOnDisk(codexHome, tokenOf(run));
    }
  });

  it("a command that fails: one line with its status and stderr's first line, run once, nothing sent", async () => {
    const model = modelName("auth-fail");
    const lite = tokenCommand('echo "error: not logged in, run lite login" >&2; echo "details follow" >&2; exit 3');
    fake.setScript(model, [{ text: "never" }]);
    const r = await runCli(["exec", "-C", repo(), "hello"], { home: authHome(model, lite.command) });
    expect(r.code).toBe(1);
    const line = errorLine(r.stderr);
    expect(line).toContain(`auth command of model_providers.litellm (${lite.command}) exited with status 3`);
    expect(line).toContain("error: not logged in, run lite login");
    expect(line).not.toContain("details follow");
    expect(lite.runs()).toBe(1);
    expect(fake.requests(model)).toEqual([]);
  });

  it("a command slower than timeout_ms is killed and reported in one line", async () => {
    const model = modelName("auth-slow");
    const lite = tokenCommand("exec sleep 41.5");
    fake.setScript(model, [{ text: "never" }]);
    const started = Date.now();
    const r = await runCli(["exec", "-C", repo(), "hello"], {
      home: authHome(model, lite.command, "timeout_ms = 700"),
      timeoutMs: 30_000,
    });
    expect(r.code).toBe(1);
    expect(errorLine(r.stderr)).toContain("did not finish within 700 ms (timeout_ms = 700)");
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(lite.runs()).toBe(1);
    expect(fake.requests(model)).toEqual([]);
    await expectNoProcess("sleep 41.5");
  });

  it("refuses a provider that sets both auth and env_key, in one line", async () => {
    const model = modelName("auth-both");
    const lite = tokenCommand(ROTATING);
    const codexHome = home(
      fake.url,
      model,
      "",
      `env_key = "LITELLM_API_KEY"\n[model_providers.litellm.auth]\ncommand = "${lite.command}"\n`,
    );
    const r = await runCli(["exec", "-C", repo(), "hello"], { home: codexHome });
    expect(r.code).not.toBe(0);
    expect(refusalLine(r.stderr)).toMatch(/model_providers\.litellm: auth cannot be combined with env_key/);
    expect(lite.runs()).toBe(0);
  });
});

describe("experimental_bearer_token", () => {
  it("is sent as the bearer token and redacted like a key", async () => {
    const model = modelName("bearer");
    const token = "sk-config-bearer-7d1e44";
    fake.setScript(model, [{ text: `echo ${token}` }]);
    const codexHome = home(fake.url, model, "", `experimental_bearer_token = "${token}"`);
    const r = await runCli(["exec", "-C", repo(), "hello"], { home: codexHome, env: { LITELLM_API_KEY: undefined } });
    noStackTrace(r.stderr);
    expect(r.code, r.stderr).toBe(0);
    expect(authorizations(model)).toEqual([`Bearer ${token}`]);
    expect(r.stdout).toBe("echo [REDACTED]\n");
    const shown = await runCli(["config", "provider"], { home: codexHome });
    expect(JSON.parse(shown.stdout)).toMatchObject({
      experimental_bearer_token: "[REDACTED]",
      api_key_source: "experimental_bearer_token",
    });
    for (const file of filesUnder(codexHome).filter((f) => !f.endsWith("config.toml")))
      expect(readFileSync(file, "utf8"), file).not.toContain(token);
  });
});

describe("login --sso: tokens from LiteLLM's CLI", () => {
  it("finds `lite` on PATH, lists the models with its token, and saves the auth table (no key file)", async () => {
    const model = "fake-model"; // one the fake lists; no other test of this file scripts it
    const lite = tokenCommand('echo "sso-login-token-1a2b3c"');
    fake.setScript(model, [{ text: "signed in" }]);
    const codexHome = tempHome("# mine\n");
    cleanup.push(codexHome);
    const PATH = `${path.dirname(lite.command)}:${process.env.PATH ?? ""}`;
    const r = await runCli(["login", "--sso", "--base-url", fake.url, "--model", model], {
      home: codexHome,
      env: { PATH },
    });
    expect(r.code, r.stderr).toBe(0);
    expect(lite.args()).toBe(`--base-url ${fake.origin} auth print-token\n`);
    expect(fake.requests().findLast((q) => q.wire === "models")?.headers.authorization).toBe(
      "Bearer sso-login-token-1a2b3c",
    );
    const config = parse(readFileSync(path.join(codexHome, "config.toml"), "utf8"));
    expect(config.model_providers).toEqual({
      litellm: {
        name: "LiteLLM",
        base_url: fake.url,
        wire_api: "responses",
        auth: {
          command: lite.command,
          args: ["--base-url", fake.origin, "auth", "print-token"],
          timeout_ms: 30000,
          refresh_interval_ms: 300000,
        },
      },
    });
    expect(existsSync(path.join(codexHome, ".env"))).toBe(false);
    expect(r.stdout + r.stderr).not.toContain("sso-login-token-1a2b3c");
    // The next run takes its token from the same command.
    const next = await runCli(["exec", "-C", repo(), "hello"], { home: codexHome, env: { PATH } });
    expect(next.code, next.stderr).toBe(0);
    expect(next.stdout).toBe("signed in\n");
    expect(authorizations(model)).toEqual(["Bearer sso-login-token-1a2b3c"]);
  });

  it("without `lite`: one line saying how to get it; nothing written", async () => {
    const codexHome = tempHome();
    cleanup.push(codexHome);
    const r = await runCli(["login", "--sso", "--base-url", fake.url, "--model", "x"], {
      home: codexHome,
      env: { PATH: "/usr/bin:/bin" },
    });
    expect(r.code).toBe(1);
    expect(refusalLine(r.stderr)).toMatch(/LiteLLM's CLI `lite` is not on PATH: install it with `pip install litellm`/);
    expect(existsSync(path.join(codexHome, "config.toml"))).toBe(false);
  });

  it("not signed in (non-interactive): the error of `lite` and the command to sign in", async () => {
    const lite = tokenCommand("echo \"Not authenticated. Run 'lite login'.\" >&2; exit 1");
    const codexHome = tempHome();
    cleanup.push(codexHome);
    const r = await runCli(["login", "--sso", "--lite-command", lite.command, "--base-url", fake.url], {
      home: codexHome,
    });
    expect(r.code).toBe(1);
    const line = refusalLine(r.stderr);
    expect(line).toContain("exited with status 1: Not authenticated. Run 'lite login'.");
    expect(line).toContain(`Sign in first: \`${lite.command} --base-url ${fake.origin} login\``);
  });
});

describe("doctor with an auth command", () => {
  it("checks the key with the command's token, running the command once for every check", async () => {
    const model = modelName("auth-doctor");
    const lite = tokenCommand(ROTATING);
    const r = await runCli(["doctor", "--json"], { home: authHome(model, lite.command) });
    const checks = (JSON.parse(r.stdout) as { checks: { name: string; status: string; detail: string }[] }).checks;
    const key = checks.find((c) => c.name === "key");
    expect(key?.status, r.stdout).toBe("ok");
    expect(key?.detail).toContain(`the token of model_providers.litellm.auth (${lite.command}) accepted`);
    expect(lite.runs()).toBe(1);
    expect(r.stdout).not.toContain(tokenOf(1));
  });
});
