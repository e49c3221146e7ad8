// Red-team findings of issue 29 about secrets, through the built CLI under the real bubblewrap
// sandbox, driven by the scripted fake model:
// - item 3: a long-lived exec_command process got "Permission denied" on CODEX_HOME/.env until
//   `login` renamed a new file over it, then read the new key (a rename detaches a bind mount
//   over the old file); now CODEX_HOME itself is hidden, whatever is written in it later;
// - item 5: secrets from config.toml (provider headers, `env_http_headers`, another provider's
//   `experimental_bearer_token`, `[otel]` headers) and a proxy password reached the model through
//   `cat config.toml` and `env`; now they are [REDACTED] in what the model, the rollout, the logs
//   and the terminal get, and other projects' sessions and the history are out of reach.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { detectSandbox } from "../../src/tools/sandbox/detect.js";
import type { FakeStep } from "../fixtures/fake-model-server.js";
import { runCli } from "../support/cli.js";
import { useScratchTree } from "../support/scratch.js";
import { ENV, filesUnder, home, KEY, modelName, repo, startCli, useFakeServer, waitFor } from "../faults/support.js";

const detection = detectSandbox();
const hasBwrap = detection.kind === "bwrap";
if (!hasBwrap) console.warn(`secret tests under the sandbox skipped: ${detection.reason}`);

const fake = useFakeServer();

/** The tool outputs the model received in its last request, in call order. */
function lastOutputs(model: string): string[] {
  const requests = fake.server.requests(model);
  const last = requests.at(-1)?.body as { input?: { type: string; output?: unknown }[] } | undefined;
  return (last?.input ?? [])
    .filter((i) => i.type === "function_call_output")
    .map((i) => (typeof i.output === "string" ? i.output : JSON.stringify(i.output)));
}

/** Every file the run wrote under CODEX_HOME (config.toml is the user's own, holding secrets on purpose). */
const writtenFiles = (codexHome: string) =>
  filesUnder(codexHome).filter((f) => !["config.toml", ".env", "catalog.json"].includes(path.basename(f)));

describe.skipIf(!hasBwrap)("item 3: the key file stays hidden for the whole session", () => {
  const OLD = "sk-old-env-file-key-3c1d5e7f9a";
  const NEW = "sk-new-login-key-8b2a4c6e0d-rotated";
  const loginProxy = useFakeServer({ apiKey: NEW });

  it.each(["workspace-write", "danger-full-access"] as const)(
    "%s: a command running since before `login` rewrote .env never shows the new key (nor the old one)",
    async (mode) => {
      const dir = repo();
      const model = modelName("login-race");
      const codexHome = home(fake.server.url, model, `model_catalog_json = "catalog.json"`);
      const entry = { slug: model, context_window: 100_000, shell_type: "unified_exec" };
      writeFileSync(path.join(codexHome, "catalog.json"), JSON.stringify({ models: [entry] }));
      writeFileSync(path.join(codexHome, ".env"), `OTHER_SETTING="${OLD}"\n`, { mode: 0o600 });
      const flag = path.join(dir, "login-done");
      const loop =
        `while [ ! -e ${flag} ]; do cat "$CODEX_HOME/.env" 2>&1; sleep 0.1; done; ` +
        `for i in 1 2 3 4 5 6 7 8 9 10; do cat "$CODEX_HOME/.env" 2>&1; sleep 0.1; done; echo LOOP-DONE`;
      const steps: FakeStep[] = [
        { function_call: { name: "exec_command", arguments: { cmd: loop, yield_time_ms: 500 } } },
        {
          function_call: {
            name: "write_stdin",
            arguments: { session_id: 1000, chars: "", yield_time_ms: 120_000, max_output_tokens: 100_000 },
          },
        },
        { text: "done" },
      ];
      fake.server.setScript(model, steps);
      const run = startCli(["exec", "-s", mode, "-C", dir, "watch the key file"], {
        home: codexHome,
        env: ENV,
        timeoutMs: 150_000,
      });
      // The loop runs (its first output reached the model); now the user logs in with a new key.
      await waitFor("the loop's first output", () => fake.server.requests(model).length >= 2, 60_000);
      loginProxy.server.setScript("*", []);
      const login = await runCli(
        ["login", "--with-api-key", "--base-url", loginProxy.server.url.replace(/\/v1$/, ""), "--model", "fake-model"],
        { home: codexHome, input: `${NEW}\n`, timeoutMs: 60_000 },
      );
      expect(login.code, login.stderr).toBe(0);
      expect(readFileSync(path.join(codexHome, ".env"), "utf8")).toContain(NEW); // login did rewrite it
      writeFileSync(flag, "");
      const done = await run.done;
      expect(done.code, run.stderr()).toBe(0);

      const outputs = lastOutputs(model);
      expect(outputs).toHaveLength(2);
      expect(outputs[1]).toContain("LOOP-DONE");
      for (const text of [...outputs, run.stdout(), run.stderr()]) {
        expect(text).not.toContain(NEW);
        expect(text).not.toContain(OLD);
      }
      const printed = outputs.join("\n").split("\n");
      if (mode === "workspace-write") {
        // Hidden: the directory, not the file, so the rename that `login` makes uncovers nothing.
        const reads = printed.filter((line) => line.startsWith("cat: "));
        expect(reads.length).toBeGreaterThan(10);
        for (const line of reads) expect(line).toMatch(/\.env: No such file or directory$/);
      } else {
        // No sandbox (the user chose that): the file is read, but the key saved mid-session joined
        // the redactor before the output went anywhere.
        expect(printed).toContain('LITELLM_API_KEY="[REDACTED]"');
        expect(printed).toContain('OTHER_SETTING="[REDACTED]"');
      }
      for (const file of writtenFiles(codexHome)) expect(readFileSync(file, "utf8"), file).not.toContain(NEW);
    },
  );
});

describe.skipIf(!hasBwrap)("item 5: secrets in config never reach the model", () => {
  const HEADER = "hdr-canary-0a1b2c3d4e5f";
  const ENV_HEADER = "envhdr-canary-6b7c8d9e0f";
  const BEARER = "bearer-canary-5e6f7a8b9c0d";
  const OTEL_HEADER = "otel-canary-1c2d3e4f5a6b";
  const PROXY_PASSWORD = "proxy-pass-canary-77aa";
  const TRANSCRIPT = "other-project-transcript-canary";
  const HISTORY = "history-canary-of-another-project";
  const canaries = [KEY, HEADER, ENV_HEADER, BEARER, OTEL_HEADER, PROXY_PASSWORD, TRANSCRIPT, HISTORY];

  it.each(["workspace-write", "danger-full-access"] as const)(
    "%s: `cat config.toml` and `env` show [REDACTED] to the model, in the rollout, the logs and the output",
    async (mode) => {
      const dir = repo();
      const model = modelName("cfg-secrets");
      const codexHome = home(
        fake.server.url,
        model,
        [
          "[otel]",
          `exporter = { otlp-http = { endpoint = "http://127.0.0.1:9/v1/logs", protocol = "json", headers = { "x-otel-key" = "${OTEL_HEADER}" } } }`,
          "[model_providers.backup]",
          'base_url = "http://127.0.0.1:9/v1"',
          `experimental_bearer_token = "${BEARER}"`,
        ].join("\n"),
        `http_headers = { "X-Team-Token" = "${HEADER}", "X-Client" = "codex-litellm" }\nenv_http_headers = { "X-Env-Header" = "TEAM_HEADER_VALUE" }\n`,
      );
      mkdirSync(path.join(codexHome, "sessions", "2026", "01", "01"), { recursive: true });
      writeFileSync(path.join(codexHome, "sessions", "2026", "01", "01", "rollout-other.jsonl"), `${TRANSCRIPT}\n`);
      writeFileSync(path.join(codexHome, "history.jsonl"), `${HISTORY}\n`);
      const script = [
        'cat "$CODEX_HOME/config.toml"; env | sort',
        'cat "$CODEX_HOME/history.jsonl" "$CODEX_HOME"/sessions/2026/01/01/rollout-other.jsonl 2>&1; ls -A "$CODEX_HOME"',
      ];
      fake.server.setScript(model, [...script.map((s): FakeStep => ({ shell: ["bash", "-lc", s] })), { text: "done" }]);
      const r = await runCli(["exec", "-s", mode, "-C", dir, "show me the config"], {
        home: codexHome,
        env: {
          ...ENV,
          TEAM_HEADER_VALUE: ENV_HEADER,
          HTTPS_PROXY: `http://proxyuser:${PROXY_PASSWORD}@127.0.0.1:9`,
          NO_PROXY: "127.0.0.1",
        },
        timeoutMs: 60_000,
      });
      expect(r.code, r.stderr).toBe(0);
      const [printed = "", others = ""] = lastOutputs(model);
      expect(printed).toContain('"X-Team-Token" = "[REDACTED]"');
      // A header whose name carries no credential is no secret: its value stays readable.
      expect(printed).toContain('"X-Client" = "codex-litellm"');
      expect(printed).toContain('experimental_bearer_token = "[REDACTED]"');
      expect(printed).toContain('"x-otel-key" = "[REDACTED]"');
      expect(printed).not.toContain("TEAM_HEADER_VALUE="); // a variable holding a secret is not passed on
      expect(printed).toContain("HTTPS_PROXY=http://[REDACTED]@127.0.0.1:9");
      if (mode === "workspace-write") {
        // Another project's transcript and the history are not there for a sandboxed command.
        expect(others).toMatch(/history\.jsonl: No such file or directory/);
        expect(others).toMatch(/rollout-other\.jsonl: No such file or directory/);
        expect(others.trim().split("\n").at(-1)).toBe("config.toml"); // all `ls -A` shows of CODEX_HOME
      }
      // Without a sandbox the other transcripts are readable (the user chose that); secrets stay redacted.
      for (const canary of mode === "workspace-write" ? canaries : canaries.slice(0, -2)) {
        for (const text of [printed, others, r.stdout, r.stderr]) expect(text).not.toContain(canary);
        for (const file of writtenFiles(codexHome).filter(
          (f) => !f.includes("rollout-other") && !f.endsWith("history.jsonl"),
        ))
          expect(readFileSync(file, "utf8"), file).not.toContain(canary);
      }
      expect(existsSync(path.join(codexHome, "sessions"))).toBe(true);
    },
  );
});

describe.skipIf(!hasBwrap)("item 5: a telemetry.dir outside CODEX_HOME is out of a sandboxed command's reach", () => {
  const scratch = useScratchTree("telemetry-outside-");
  const CANARY = "another-project-usage-log-canary";

  it.each(["read-only", "workspace-write"] as const)(
    "%s: the usage logs (and a debug log configured elsewhere) are not there; the session still writes them",
    async (mode) => {
      const dir = repo();
      const model = modelName(`tel-${mode}`);
      const logs = scratch.dir(`${mode}-usage`);
      const debugLog = path.join(scratch.dir(`${mode}-debug`), "debug.log");
      writeFileSync(path.join(logs, "codex-litellm-session.jsonl"), `{"prompt":"${CANARY}"}\n`);
      writeFileSync(debugLog, `${CANARY}\n`);
      const codexHome = home(
        fake.server.url,
        model,
        `[telemetry]\ndir = "${logs}"\n[telemetry.logs.debug]\nfile = "${debugLog}"\n`,
      );
      const script = `cat "${logs}/codex-litellm-session.jsonl" "${debugLog}" 2>&1; ls -A "${logs}"; echo LISTED`;
      fake.server.setScript(model, [{ shell: ["bash", "-lc", script] }, { text: "done" }]);
      const r = await runCli(["exec", "-s", mode, "-C", dir, "read the logs"], {
        home: codexHome,
        env: ENV,
        timeoutMs: 60_000,
      });
      expect(r.code, r.stderr).toBe(0);
      const [printed = ""] = lastOutputs(model);
      expect(printed).toContain("LISTED");
      expect(printed).not.toContain(CANARY);
      expect(printed).toMatch(/codex-litellm-session\.jsonl: No such file or directory/);
      expect(printed).not.toMatch(/debug\.log: No such file or directory/); // covered: reads as empty
      expect(printed.trim().split("\n").at(-2)).not.toContain("codex-litellm-session.jsonl"); // ls shows nothing
      // The agent itself (outside the sandbox) kept logging there.
      expect(readFileSync(path.join(logs, "codex-litellm-session.jsonl"), "utf8").split("\n").length).toBeGreaterThan(
        2,
      );
    },
  );
});
