// Sandbox escape attempts, run for real: the built CLI under bubblewrap, driven by the scripted
// fake model. Each attack must leave no trace (no file written, no connection made, no process
// killed, no secret in what the model is sent next) and the model must get an output it can read.
//
// The README's table of what a command can do per sandbox mode (section "exec") is what these
// tests and src/tools/sandbox/*.test.ts verify.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { detectSandbox } from "../../src/tools/sandbox/detect.js";
import type { FakeStep } from "../fixtures/fake-model-server.js";
import { runCli } from "../support/cli.js";
import { scratchDir } from "../support/scratch.js";
import { SANDBOX_MAX_PROCESSES } from "../../src/tools/sandbox/index.js";
import {
  cleanup,
  ENV,
  expectNoProcess,
  home,
  KEY,
  modelName,
  processesRunning,
  processState,
  repo,
  SHELL_TOOL_TOML,
  useFakeServer,
  waitGone,
} from "../faults/support.js";

const detection = detectSandbox();
const hasBwrap = detection.kind === "bwrap";
if (!hasBwrap)
  console.warn(`sandbox escape tests skipped: ${detection.reason} (set REQUIRE_SANDBOX=1 to make this a failure)`);

// CI installs bubblewrap and sets REQUIRE_SANDBOX=1: there these tests may not skip.
it.runIf(process.env.REQUIRE_SANDBOX === "1")(
  "a working bwrap sandbox is available for the escape tests (REQUIRE_SANDBOX=1)",
  () => {
    expect(detection.reason).toBe(detection.kind === "bwrap" ? detection.reason : "bwrap available");
  },
);

const fake = useFakeServer();

type Mode = "read-only" | "workspace-write" | "danger-full-access";

/**
 * The tool a model runs commands with: `shell` (pipes), or `exec_command` with a PTY (the
 * catalog's `unified_exec` shell type), which must be sandboxed the same way.
 */
type Via = "shell" | "exec_command";
const VIAS: readonly Via[] = ["shell", "exec_command"];

/** A shell call; `workdir` is passed as the model would pass it. */
function shell(script: string, workdir?: string): FakeStep {
  const args: Record<string, unknown> = { command: ["bash", "-lc", script] };
  if (workdir !== undefined) args.workdir = workdir;
  return { function_call: { name: "shell", arguments: args } };
}

interface Turn {
  /** The tool outputs as the model received them in its last request, in call order. */
  outputs: string[];
  codexHome: string;
}

/**
 * Runs the steps in one `exec` turn under `mode` (approval `never`, exec's default) and returns
 * the tool outputs the model was sent. Steps may depend on the run's CODEX_HOME, which
 * `prepare` may fill before the run.
 */
async function turn(
  mode: Mode,
  steps: FakeStep[] | ((codexHome: string) => FakeStep[]),
  dir: string,
  options: { toml?: string; env?: Record<string, string>; prepare?: (codexHome: string) => void; via?: Via } = {},
): Promise<Turn> {
  const model = modelName("sbx");
  const pty = options.via === "exec_command";
  // The catalog entry names the shell tool driven (with unified_exec off, as upstream reads it) and offers apply_patch.
  const catalog = `model_catalog_json = "catalog.json"\n`;
  const codexHome = home(fake.server.url, model, catalog + (options.toml ?? "") + SHELL_TOOL_TOML);
  const entry = {
    slug: model,
    context_window: 100_000,
    shell_type: pty ? "unified_exec" : "default",
    apply_patch_tool_type: "freeform",
  };
  writeFileSync(path.join(codexHome, "catalog.json"), JSON.stringify({ models: [entry] }));
  options.prepare?.(codexHome);
  const planned = typeof steps === "function" ? steps(codexHome) : steps;
  const script = pty ? planned.map(inPty) : planned;
  fake.server.setScript(model, [...script, { text: "done" }]);
  const r = await runCli(["exec", "-s", mode, "-C", dir, "go"], {
    home: codexHome,
    env: { ...ENV, ...options.env },
    timeoutMs: 60_000,
  });
  expect(r.code, r.stderr).toBe(0);
  const requests = fake.server.requests(model);
  const last = requests[requests.length - 1]?.body as { input?: { type: string; output?: unknown }[] } | undefined;
  const outputs = (last?.input ?? [])
    .filter((i) => i.type === "function_call_output" || i.type === "custom_tool_call_output")
    .map((i) => (typeof i.output === "string" ? i.output : JSON.stringify(i.output)));
  expect(outputs, "one output per tool call").toHaveLength(script.length);
  return { outputs, codexHome };
}

/** The same `bash -lc SCRIPT` shell step as an exec_command call with a PTY, waiting for its exit. */
function inPty(step: FakeStep): FakeStep {
  const call = step.function_call;
  if (!call || Array.isArray(call) || call.name !== "shell") return step;
  const args = call.arguments as { command: string[]; workdir?: string };
  const cmd = args.command[2] ?? "";
  const pty: Record<string, unknown> = { cmd, tty: true, yield_time_ms: 30_000 };
  if (args.workdir !== undefined) pty.workdir = args.workdir;
  return { function_call: { name: "exec_command", arguments: pty } };
}

/** A workspace (a git repo outside /tmp) with a folder next to it that must stay untouched. */
function workspace(): { dir: string; outside: string } {
  const dir = repo();
  const outside = path.join(path.dirname(dir), "outside");
  mkdirSync(outside);
  return { dir, outside };
}

/** What the model reads when the sandbox refused a write. */
const DENIED = /Read-only file system|Permission denied|Operation not permitted/;

describe.skipIf(!hasBwrap)("sandbox escapes: the model's workdir grants nothing", () => {
  const etcFile = `/etc/codex-litellm-sbx-${process.pid}`;
  afterAll(() => {
    rmSync(etcFile, { force: true });
    rmSync(`${etcFile}-ro`, { force: true });
  });

  it("workspace-write: workdir /etc, /, .git, CODEX_HOME, `..`, a symlink out, apply_patch elsewhere — nothing lands outside the workspace", async () => {
    const { dir, outside } = workspace();
    symlinkSync(outside, path.join(dir, "escape"));
    const fromRoot = path.relative("/", outside);
    let configBefore = "";
    const t = await turn(
      "workspace-write",
      (codexHome) => [
        shell(`echo pwn > ${path.basename(etcFile)}; echo status=$?`, "/etc"),
        shell(`echo pwn > ${fromRoot}/from-root.txt; echo status=$?`, "/"),
        shell("echo pwn > hooks/pre-commit; echo status=$?", ".git"),
        // CODEX_HOME lies under /tmp here, itself a writable root: it must stay read-only anyway.
        shell(`echo 'sandbox_mode = "danger-full-access"' >> config.toml; echo status=$?`, codexHome),
        shell("echo pwn > escape/via-link.txt; echo status=$?"),
        shell("echo pwn > ../outside/dotdot.txt; echo status=$?"),
        shell("echo pwn > outside/dotdot-workdir.txt; echo status=$?", ".."),
        {
          function_call: {
            name: "shell",
            arguments: {
              command: ["apply_patch", "*** Begin Patch\n*** Add File: patched.txt\n+pwn\n*** End Patch"],
              workdir: outside,
            },
          },
        },
        shell("echo fine > inside.txt; echo status=$?"),
        shell("echo hi", "no/such/dir"),
      ],
      dir,
      { prepare: (codexHome) => (configBefore = readFileSync(path.join(codexHome, "config.toml"), "utf8")) },
    );
    expect(existsSync(etcFile), "/etc written through workdir /etc").toBe(false);
    expect(existsSync(path.join(outside, "from-root.txt")), "written through workdir /").toBe(false);
    expect(existsSync(path.join(dir, ".git", "hooks", "pre-commit")), "hook written through workdir .git").toBe(false);
    expect(
      readFileSync(path.join(t.codexHome, "config.toml"), "utf8"),
      "config.toml rewritten through workdir CODEX_HOME",
    ).toBe(configBefore);
    expect(existsSync(path.join(outside, "via-link.txt")), "written through a symlink").toBe(false);
    expect(existsSync(path.join(outside, "dotdot.txt")), "written through ..").toBe(false);
    expect(existsSync(path.join(outside, "dotdot-workdir.txt")), "written through workdir ..").toBe(false);
    expect(existsSync(path.join(outside, "patched.txt")), "patched through a workdir outside").toBe(false);
    for (const [i, o] of t.outputs.slice(0, 7).entries()) expect(o, `attack ${i}`).toMatch(DENIED);
    expect(t.outputs[7]).toBe("patch rejected: writing outside of the project; rejected by user approval settings");
    expect(readFileSync(path.join(dir, "inside.txt"), "utf8")).toBe("fine\n");
    expect(t.outputs[8]).toContain("status=0");
    expect(t.outputs[9]).toMatch(/workdir .*no\/such\/dir.* does not exist/);
  });

  it("workspace-write: apply_patch cannot edit CODEX_HOME's config.toml, even when CODEX_HOME is under a writable root", async () => {
    let before = "";
    const t = await turn(
      "workspace-write",
      (codexHome) => [
        {
          custom_tool_call: {
            name: "apply_patch",
            input: `*** Begin Patch\n*** Update File: ${path.join(codexHome, "config.toml")}\n@@\n+sandbox_mode = "danger-full-access"\n*** End Patch`,
          },
        },
      ],
      workspace().dir,
      { prepare: (codexHome) => (before = readFileSync(path.join(codexHome, "config.toml"), "utf8")) },
    );
    expect(readFileSync(path.join(t.codexHome, "config.toml"), "utf8")).toBe(before);
    expect(t.outputs[0]).toBe("patch rejected: writing outside of the project; rejected by user approval settings");
  });

  it("workspace-write: no command can plant compiled code in exec's code cache (CODEX_HOME, even under a writable root)", async () => {
    const t = await turn(
      "workspace-write",
      (codexHome) => [
        shell(
          "mkdir -p cache/code-cache/planted && echo pwn > cache/code-cache/planted/main.v8; echo status=$?",
          codexHome,
        ),
      ],
      workspace().dir,
    );
    expect(existsSync(path.join(t.codexHome, "cache", "code-cache", "planted")), "code cache planted").toBe(false);
    expect(t.outputs[0]).toMatch(DENIED);
  });

  it("read-only: nothing is writable, whatever the workdir", async () => {
    const { dir, outside } = workspace();
    const tmpFile = `/tmp/codex-litellm-sbx-ro-${process.pid}`;
    cleanup.push(tmpFile);
    const t = await turn(
      "read-only",
      (codexHome) => [
        shell("echo x > inside.txt; echo status=$?"),
        shell(`echo x > ${tmpFile}; echo status=$?`),
        shell("echo x > x.txt; echo status=$?", outside),
        shell(`echo x > ${path.basename(etcFile)}-ro; echo status=$?`, "/etc"),
        shell("echo '# appended' >> config.toml; echo status=$?", codexHome),
        {
          custom_tool_call: {
            name: "apply_patch",
            input: "*** Begin Patch\n*** Add File: patched.txt\n+x\n*** End Patch",
          },
        },
      ],
      dir,
    );
    expect(existsSync(path.join(dir, "inside.txt"))).toBe(false);
    expect(existsSync(tmpFile)).toBe(false);
    expect(existsSync(path.join(outside, "x.txt"))).toBe(false);
    expect(existsSync(`${etcFile}-ro`)).toBe(false);
    expect(readFileSync(path.join(t.codexHome, "config.toml"), "utf8")).not.toContain("# appended");
    expect(existsSync(path.join(dir, "patched.txt"))).toBe(false);
    for (const o of t.outputs.slice(0, 5)) expect(o).toMatch(DENIED);
    expect(t.outputs[5]).toBe(
      "patch rejected: writing is blocked by read-only sandbox; rejected by user approval settings",
    );
  });

  it("danger-full-access: no sandbox, so the same writes land where asked (the user chose that)", async () => {
    const { dir, outside } = workspace();
    symlinkSync(outside, path.join(dir, "escape"));
    const t = await turn(
      "danger-full-access",
      (codexHome) => [
        shell("echo yes > full.txt; echo status=$?", outside),
        shell("echo '#!/bin/sh' > hooks/pre-commit; echo status=$?", ".git"),
        shell("echo '# appended' >> config.toml; echo status=$?", codexHome),
        shell("echo yes > escape/via-link.txt; echo status=$?"),
        shell("echo yes > ../outside/dotdot.txt; echo status=$?"),
      ],
      dir,
    );
    for (const o of t.outputs) expect(o).toContain("status=0");
    expect(readFileSync(path.join(outside, "full.txt"), "utf8")).toBe("yes\n");
    expect(existsSync(path.join(dir, ".git", "hooks", "pre-commit"))).toBe(true);
    expect(readFileSync(path.join(t.codexHome, "config.toml"), "utf8")).toContain("# appended");
    expect(existsSync(path.join(outside, "via-link.txt"))).toBe(true);
    expect(existsSync(path.join(outside, "dotdot.txt"))).toBe(true);
  });
});

describe.skipIf(!hasBwrap)("sandbox escapes: network, Unix sockets and host processes", () => {
  let tcp: net.Server;
  let unix: net.Server;
  let tcpConnections = 0;
  let unixConnections = 0;
  let socketPath = "";
  let victim: ChildProcess;

  beforeAll(async () => {
    tcp = net.createServer((s) => {
      tcpConnections++;
      s.on("error", () => {});
      s.end("hello\n");
    });
    await new Promise<void>((resolve) => tcp.listen(0, "127.0.0.1", resolve));
    const sockDir = scratchDir("sock-");
    cleanup.push(sockDir);
    socketPath = path.join(sockDir, "host.sock");
    unix = net.createServer((s) => {
      unixConnections++;
      s.on("error", () => {});
      s.end("hello\n");
    });
    await new Promise<void>((resolve) => unix.listen(socketPath, resolve));
    victim = spawn("sleep", ["300"], { stdio: "ignore" });
  });
  afterAll(async () => {
    victim.kill("SIGKILL");
    await new Promise<void>((resolve) => tcp.close(() => resolve()));
    await new Promise<void>((resolve) => unix.close(() => resolve()));
  });

  const probes = (pid = victim.pid) => [
    shell(
      `(exec 3<>/dev/tcp/127.0.0.1/${(tcp.address() as net.AddressInfo).port} && echo TCP-CONNECTED) 2>&1; echo tcp-done`,
    ),
    shell(`python3 -c 'import socket,sys
s=socket.socket(socket.AF_UNIX)
try:
    s.connect(sys.argv[1]); print("UNIX-CONNECTED")
except OSError as e:
    print("unix:", e)' ${JSON.stringify(socketPath)}`),
    shell(`kill -9 ${pid} 2>&1; echo kill-status=$?`),
  ];

  it.each(VIAS.flatMap((via) => (["read-only", "workspace-write"] as const).map((mode) => [mode, via] as const)))(
    "%s via %s: no TCP connection to the host, no connect() to a host Unix socket (seccomp), no signal to a host process",
    async (mode, via) => {
      const before = { tcp: tcpConnections, unix: unixConnections };
      const t = await turn(mode, probes(), workspace().dir, { via });
      expect(t.outputs[0]).not.toContain("TCP-CONNECTED");
      expect(tcpConnections).toBe(before.tcp);
      expect(t.outputs[1]).not.toContain("UNIX-CONNECTED");
      expect(t.outputs[1]).toContain("unix: [Errno 1] Operation not permitted");
      expect(unixConnections).toBe(before.unix);
      expect(t.outputs[2]).toMatch(/kill-status=1/);
      expect(processState(victim.pid as number)).not.toMatch(/gone|Z|X/);
    },
  );

  it.each(VIAS)(
    "workspace-write with network_access = true, via %s: TCP and Unix sockets work; host processes stay out of reach",
    async (via) => {
      const before = { tcp: tcpConnections, unix: unixConnections };
      const t = await turn("workspace-write", probes(), workspace().dir, {
        toml: "[sandbox_workspace_write]\nnetwork_access = true\n",
        via,
      });
      expect(t.outputs[0]).toContain("TCP-CONNECTED");
      expect(tcpConnections).toBe(before.tcp + 1);
      expect(t.outputs[1]).toContain("UNIX-CONNECTED");
      expect(unixConnections).toBe(before.unix + 1);
      expect(processState(victim.pid as number)).not.toMatch(/gone|Z|X/);
    },
  );

  it.each(VIAS)(
    "danger-full-access via %s: no sandbox, so TCP, Unix sockets and host processes are all reachable (the user chose that)",
    async (via) => {
      const own = spawn("sleep", ["300"], { stdio: "ignore" });
      try {
        const before = { tcp: tcpConnections, unix: unixConnections };
        const t = await turn("danger-full-access", probes(own.pid), workspace().dir, { via });
        expect(t.outputs[0]).toContain("TCP-CONNECTED");
        expect(t.outputs[1]).toContain("UNIX-CONNECTED");
        expect(tcpConnections).toBe(before.tcp + 1);
        expect(unixConnections).toBe(before.unix + 1);
        expect(t.outputs[2]).toContain("kill-status=0");
        await waitGone(own.pid as number);
      } finally {
        own.kill("SIGKILL");
      }
    },
  );

  it("ordinary tools still work under the filter: git, ls, node (and its child over a socketpair), python3", async () => {
    const { dir } = workspace();
    const t = await turn(
      "workspace-write",
      [
        shell("git status --short && git log --oneline 2>&1 | head -1; ls && echo ls-ok"),
        shell(`node -e 'console.log("node-ok", require("os").cpus().length > 0)'`),
        // Node talks to its child over a socketpair (AF_UNIX), which stays allowed.
        shell(`node -e 'console.log(require("child_process").execFileSync("echo", ["child-ok"]).toString().trim())'`),
        shell(
          `python3 -c 'import json, subprocess; print("py-ok", json.dumps(subprocess.run(["echo", "sub"], capture_output=True, text=True).stdout.strip()))'`,
        ),
      ],
      dir,
    );
    expect(t.outputs[0]).toContain("ls-ok");
    expect(t.outputs[0]).toContain("math.js");
    expect(t.outputs[1]).toContain("node-ok true");
    expect(t.outputs[2]).toContain("child-ok");
    expect(t.outputs[3]).toContain('py-ok "sub"');
  });
});

describe.skipIf(!hasBwrap)("sandbox escapes: secrets", () => {
  const ENV_CANARY = "sk-env-file-canary-5f1e0c";
  const AUTH_CANARY = "auth-json-canary-9a7d3b";
  const secretFiles = (codexHome: string) => {
    writeFileSync(path.join(codexHome, ".env"), `LITELLM_API_KEY="${ENV_CANARY}"\n`, { mode: 0o600 });
    writeFileSync(path.join(codexHome, "auth.json"), JSON.stringify({ OPENAI_API_KEY: AUTH_CANARY }), { mode: 0o600 });
  };
  const readSecrets = (codexHome: string) => [
    shell(`cat "$CODEX_HOME/.env" "$CODEX_HOME/auth.json" 2>&1`),
    shell("cp .env auth.json /tmp/ 2>&1; grep -r . .env auth.json 2>&1", codexHome),
  ];

  it.each(["read-only", "workspace-write"] as const)(
    "%s: CODEX_HOME/.env and auth.json are not there for commands; their content never reaches the model",
    async (mode) => {
      const t = await turn(mode, readSecrets, workspace().dir, { prepare: secretFiles });
      for (const o of t.outputs) {
        expect(o).not.toContain(ENV_CANARY);
        expect(o).not.toContain(AUTH_CANARY);
        expect(o).not.toContain(KEY);
      }
      for (const o of t.outputs) expect(o).toMatch(/\.env: No such file or directory/); // CODEX_HOME is hidden
      // The files are still there for the agent itself.
      expect(readFileSync(path.join(t.codexHome, ".env"), "utf8")).toContain(ENV_CANARY);
    },
  );

  it("danger-full-access: no sandbox, so the files are readable (the user chose that); the keys in them are [REDACTED]", async () => {
    const t = await turn("danger-full-access", (codexHome) => readSecrets(codexHome).slice(0, 1), workspace().dir, {
      prepare: secretFiles,
    });
    expect(t.outputs[0]).toContain('LITELLM_API_KEY="[REDACTED]"');
    expect(t.outputs[0]).not.toContain(ENV_CANARY);
    expect(t.outputs[0]).toContain('{"OPENAI_API_KEY":"[REDACTED]"}');
    expect(t.outputs[0]).not.toContain(AUTH_CANARY);
  });

  it.each(["workspace-write", "danger-full-access"] as const)(
    "%s: commands get no variables named like a password, credential or private key; agent sockets only with network",
    async (mode) => {
      const env = {
        DB_PASSWORD: "pw-canary-1",
        GOOGLE_APPLICATION_CREDENTIALS: "/creds-canary-2.json",
        my_private_thing: "private-canary-3",
        SSH_AUTH_SOCK: "/run/ssh-agent-canary.sock",
        HARMLESS_SETTING: "visible-value",
      };
      const t = await turn(mode, [shell("env | sort")], workspace().dir, { env });
      const printed = t.outputs[0] as string;
      expect(printed).toContain("HARMLESS_SETTING=visible-value");
      for (const name of ["DB_PASSWORD", "GOOGLE_APPLICATION_CREDENTIALS", "my_private_thing"])
        expect(printed).not.toContain(`${name}=`);
      for (const value of ["pw-canary-1", "creds-canary-2", "private-canary-3"]) expect(printed).not.toContain(value);
      if (mode === "workspace-write") expect(printed).not.toContain("SSH_AUTH_SOCK=");
      else expect(printed).toContain("SSH_AUTH_SOCK=/run/ssh-agent-canary.sock");
    },
  );
});

describe.skipIf(!hasBwrap)("sandbox escapes: a fork bomb", () => {
  // Bounded on purpose: it tries 1,200 children (each an exec'd `sleep`, a few hundred KB) and
  // stops at the first refused fork, so even without a limit it cannot take the machine.
  const bomb = (marker: string) =>
    shell(`python3 -c 'import os, sys
n = 0
err = "none"
for i in range(1200):
    try:
        pid = os.fork()
    except OSError as e:
        err = e.strerror
        break
    if pid == 0:
        os.execv("/bin/sleep", [sys.argv[1], "120"])
    n += 1
print("forked", n, "refused:", err, flush=True)' ${marker}`);

  it.each(VIAS)(
    `workspace-write via %s: a command creates at most ${SANDBOX_MAX_PROCESSES} processes; the rest are refused and nothing survives the turn`,
    async (via) => {
      const marker = `cl-forkbomb-${process.pid}-${via}`;
      try {
        const t = await turn("workspace-write", [bomb(marker), shell("echo after")], workspace().dir, { via });
        const [, forked = "", refused = ""] = /forked (\d+) refused: (.*)/.exec(t.outputs[0] ?? "") ?? [];
        expect(t.outputs[0]).toMatch(/forked \d+ refused:/);
        expect(Number(forked)).toBeLessThan(SANDBOX_MAX_PROCESSES);
        expect(Number(forked)).toBeGreaterThan(SANDBOX_MAX_PROCESSES / 2);
        expect(refused).toBe("Resource temporarily unavailable");
        // The next command runs normally: the limit is per command, not left behind.
        expect(t.outputs[1]).toContain("after");
        await expectNoProcess(marker, 15_000);
      } finally {
        for (const pid of processesRunning(marker)) process.kill(pid, "SIGKILL");
      }
    },
  );
});
