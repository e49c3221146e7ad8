// `codex-litellm doctor` without LiteLLM: against the scripted fake model server (an
// OpenAI-compatible server without LiteLLM's /key/info and /model/info), with MCP servers,
// broken config, a missing key and an unwritable telemetry dir.
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeModelServer, type FakeModelServer } from "../fixtures/fake-model-server.js";
import { runCli, tempHome } from "../support/cli.js";

const KEY = "sk-doctor-key-0123456789";
const SERVER = path.resolve(import.meta.dirname, "../mcp/fixtures/stdio-server.mjs");
let server: FakeModelServer;
beforeAll(async () => {
  server = await startFakeModelServer({ apiKey: KEY, models: ["fake-model", "other-model"] });
});
afterAll(() => server.close());

interface Check {
  name: string;
  status: "ok" | "fail" | "skip";
  detail: string;
  hint?: string;
}

/** `extra` goes at the top level (before any table) unless it starts with a table header. */
const base = (extra = "") => {
  const [top, tables] = extra.startsWith("[")
    ? ["", extra]
    : extra.includes("\n[")
      ? [extra.slice(0, extra.indexOf("\n[") + 1), extra.slice(extra.indexOf("\n[") + 1)]
      : [extra, ""];
  return `model = "fake-model"\nsandbox_mode = "danger-full-access"\n${top}[model_providers.litellm]\nbase_url = "${server.url}"\n${tables}`;
};

async function doctor(
  home: string,
  env: Record<string, string | undefined> = { LITELLM_API_KEY: KEY },
  args: string[] = [],
  wrap?: string[],
) {
  const r = await runCli(["doctor", "--json", ...args], { home, env, wrap });
  const checks = (JSON.parse(r.stdout) as { checks: Check[] }).checks;
  return { ...r, checks, byName: Object.fromEntries(checks.map((c) => [c.name, c])) };
}

describe("doctor", () => {
  it("--json prints {checks:[{name,status,detail,hint?}]}; endpoints the proxy lacks are skipped; the key never shows", async () => {
    const home = tempHome(base("context_length = 64000\n"));
    const r = await doctor(home);
    expect(r.checks.filter((c) => c.status === "fail")).toEqual([]);
    expect(r.code).toBe(0);
    for (const c of r.checks) {
      expect(Object.keys(c).sort()).toEqual(
        c.hint ? ["detail", "hint", "name", "status"] : ["detail", "name", "status"],
      );
      expect(["ok", "fail", "skip"]).toContain(c.status);
    }
    expect(r.byName.key).toMatchObject({
      status: "ok",
      detail: "LITELLM_API_KEY accepted: /models answered 200 (2 models)",
    });
    expect(r.byName["key info"]).toMatchObject({
      status: "skip",
      detail: "skipped: the proxy does not offer LiteLLM's /key/info (HTTP 404)",
    });
    expect(r.byName["context window"]).toMatchObject({ status: "ok", detail: "fake-model: 64,000 tokens (config)" });
    expect(["ok", "skip"]).toContain(r.byName.sandbox?.status); // skip only when no sandbox works here
    expect(r.byName.mcp).toEqual({ name: "mcp", status: "skip", detail: "skipped: no [mcp_servers] configured" });
    expect(r.stdout).not.toContain(KEY);
  });

  it("context window unknown (no config, no /model/info): a warning with the fix, not a failure", async () => {
    const home = tempHome(base());
    const r = await doctor(home);
    expect(r.code).toBe(0);
    const human = await runCli(["doctor"], { home, env: { LITELLM_API_KEY: KEY } });
    expect(human.stdout).toMatch(/^! context window +unknown for fake-model: .*\n +fix: set model_context_window/m);
    expect(human.stdout).toMatch(/, 1 warning, /);
    expect(r.byName["context window"]).toMatchObject({
      status: "warn",
      detail: expect.stringContaining("unknown for fake-model"),
      hint: expect.stringContaining("model_context_window"),
    });
  });

  it("MCP servers: started ones with their tool count, a broken one failed, a disabled one skipped", async () => {
    const mcp = [
      `[mcp_servers.docs]\ncommand = ${JSON.stringify(process.execPath)}\nargs = [${JSON.stringify(SERVER)}]\ndisabled_tools = ["fail"]`,
      `[mcp_servers.broken]\ncommand = ${JSON.stringify(process.execPath)}\nargs = [${JSON.stringify(SERVER)}, "--crash"]`,
      `[mcp_servers.off]\ncommand = "/nonexistent"\nenabled = false`,
    ].join("\n");
    const r = await doctor(tempHome(base(`context_length = 64000\n${mcp}\n`)));
    expect(r.code).toBe(1);
    expect(r.byName["mcp docs"]).toEqual({
      name: "mcp docs",
      status: "ok",
      detail: `started (stdio: ${process.execPath}): 8 tools, 7 offered after enabled_tools/disabled_tools`,
    });
    expect(r.byName["mcp broken"]).toMatchObject({
      status: "fail",
      detail: expect.stringMatching(/^MCP client for `broken` failed to start: .*boom/),
      hint: expect.stringContaining("mcp get broken"),
    });
    expect(r.byName["mcp off"]).toMatchObject({ status: "skip", detail: "skipped: disabled (enabled = false)" });
  });

  it("a missing key fails the key check with the provider's instructions", async () => {
    const r = await doctor(tempHome(base("context_length = 64000\n")), {});
    expect(r.code).toBe(1);
    expect(r.byName.key).toMatchObject({
      status: "fail",
      detail: "LITELLM_API_KEY is not set",
      hint: expect.stringContaining("codex-litellm login"),
    });
    expect(r.byName.reachable?.status).toBe("ok");
  });

  it("a rejected key (401) fails with a hint naming the variable", async () => {
    const r = await doctor(tempHome(base("context_length = 64000\n")), { LITELLM_API_KEY: "sk-not-the-right-one" });
    expect(r.byName.key).toMatchObject({
      status: "fail",
      detail: expect.stringMatching(/^LITELLM_API_KEY rejected: \/models answered HTTP 401/),
      hint: expect.stringContaining("LITELLM_API_KEY"),
    });
  });

  it("a config.toml that does not parse: one failed check naming the file and line, the rest skipped", async () => {
    const home = tempHome('model = "x"\nthis is not toml\n');
    const r = await doctor(home);
    expect(r.code).toBe(1);
    expect(r.checks[0]).toMatchObject({
      name: "config",
      status: "fail",
      detail: expect.stringMatching(/config\.toml:2:\d+: TOML syntax error/),
    });
    expect(r.checks.slice(1).every((c) => c.status === "skip")).toBe(true);
    const human = await runCli(["doctor"], { home });
    expect(human.stdout).toMatch(/^✗ config +\/.*config\.toml:2:\d+: TOML syntax error/m);
    expect(human.stdout).toMatch(/^ +fix: /m);
  });

  it("telemetry: size against max_total_bytes; an unwritable dir fails", async () => {
    const home = tempHome(base(`context_length = 64000\n[telemetry]\nmax_total_bytes = 2048\n`));
    mkdirSync(path.join(home, "logs"));
    writeFileSync(path.join(home, "logs", "a.log"), "x".repeat(1024));
    const r = await doctor(home);
    expect(r.byName.telemetry).toMatchObject({
      status: "ok",
      detail: `${path.join(home, "logs")} writable; 1.0 KiB used of max_total_bytes 2.0 KiB (50%)`,
    });
    const logs = path.join(home, "logs");
    // Root writes through permission bits: a read-only bind mount (private to the run) locks the dir for it.
    const asRoot = process.getuid?.() === 0;
    if (!asRoot) chmodSync(logs, 0o500);
    const locked = await doctor(
      home,
      undefined,
      [],
      asRoot
        ? [
            "unshare",
            "-m",
            "sh",
            "-c",
            `mount --bind "$1" "$1" && mount -o remount,ro,bind "$1" "$1" && shift && exec "$@"`,
            "sh",
            logs,
          ]
        : undefined,
    );
    if (!asRoot) chmodSync(logs, 0o700);
    expect(locked.byName.telemetry).toMatchObject({ status: "fail", hint: expect.stringContaining("[telemetry] dir") });
    const off = await doctor(tempHome(base("context_length = 64000\n[telemetry]\nenabled = false\n")));
    expect(off.byName.telemetry?.status).toBe("skip");
  });
});
