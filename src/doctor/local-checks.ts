// doctor's checks of this machine: the config file, the telemetry folder, the sandbox and the
// MCP servers.
import { randomBytes } from "node:crypto";
import { promises as fsp } from "node:fs";
import path from "node:path";
import type { ResolvedConfig } from "../config/load.js";
import { allMcpServers, toolAllowed, type McpConnectionManager } from "../mcp/index.js";
import { EMPTY_GATEWAY_HINT, gatewayFailureHint, isLiteLLMGateway } from "../mcp/litellm-gateway.js";
import { isTermux } from "../tools/exec/platform.js";
import type { SandboxDetection } from "../tools/sandbox/detect.js";
import { fileErrorReason } from "../util/errors.js";
import { fail, ok, skip, warn, type DoctorCheck } from "./check-result.js";

export async function configCheck(config: ResolvedConfig): Promise<DoctorCheck> {
  const exists = await fsp.stat(config.configFile).then(
    () => true,
    () => false,
  );
  const profile = config.profile ? `, profile ${config.profile}` : "";
  return ok(
    "config",
    exists ? `${config.configFile} parses${profile}` : `${config.configFile} does not exist; using defaults${profile}`,
  );
}

async function dirSize(dir: string): Promise<number> {
  let total = 0;
  const entries = await fsp.readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) total += await dirSize(full);
    else if (e.isFile())
      total += await fsp.stat(full).then(
        (s) => s.size,
        () => 0,
      );
  }
  return total;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

/** Whether files can be created in `dir` (or, when it does not exist yet, in its nearest existing parent). */
async function writable(dir: string): Promise<{ ok: boolean; exists: boolean; reason?: string }> {
  const exists = await fsp.stat(dir).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (exists) {
    const probeFile = path.join(dir, `.doctor-${process.pid}-${randomBytes(3).toString("hex")}`);
    try {
      await fsp.writeFile(probeFile, "");
      await fsp.rm(probeFile, { force: true });
      return { ok: true, exists };
    } catch (err) {
      return { ok: false, exists, reason: fileErrorReason(err) };
    }
  }
  let parent = path.dirname(dir);
  while (
    !(await fsp.stat(parent).then(
      (s) => s.isDirectory(),
      () => false,
    ))
  ) {
    const up = path.dirname(parent);
    if (up === parent) break;
    parent = up;
  }
  try {
    await fsp.access(parent, 2 /* W_OK */);
    return { ok: true, exists };
  } catch (err) {
    return { ok: false, exists, reason: `${parent}: ${fileErrorReason(err)}` };
  }
}

export async function telemetryCheck(config: ResolvedConfig): Promise<DoctorCheck> {
  const t = config.telemetry;
  if (!t.enabled) return skip("telemetry", "skipped: telemetry is off ([telemetry] enabled = false)");
  const w = await writable(t.dir);
  if (!w.ok)
    return fail(
      "telemetry",
      `${t.dir} is not writable (${w.reason})`,
      "fix its permissions, point [telemetry] dir elsewhere, or set [telemetry] enabled = false",
    );
  if (!w.exists)
    return ok(
      "telemetry",
      `${t.dir} does not exist yet and can be created; max_total_bytes ${t.max_total_bytes ? formatBytes(t.max_total_bytes) : "0 (no pruning)"}`,
    );
  const used = await dirSize(t.dir);
  const cap = t.max_total_bytes;
  const of = cap
    ? ` of max_total_bytes ${formatBytes(cap)} (${Math.round((used / cap) * 100)}%)`
    : " (max_total_bytes = 0: no pruning)";
  const over = cap && used > cap ? "; over the cap: the oldest logs are pruned when the next session starts" : "";
  return ok("telemetry", `${t.dir} writable; ${formatBytes(used)} used${of}${over}`);
}

export function sandboxCheck(config: ResolvedConfig, detect: () => SandboxDetection): DoctorCheck {
  const d = detect();
  if (d.kind !== "none") return ok("sandbox", `${d.kind}: ${d.reason}`);
  if (config.sandboxMode === "danger-full-access")
    return skip("sandbox", `skipped: sandbox_mode is danger-full-access (and none is available: ${d.reason})`);
  if (isTermux()) {
    // Nothing to install on Android: say what it means instead of failing every Termux device.
    return skip(
      "sandbox",
      `none possible: ${d.reason}; commands run only with approval, or set sandbox_mode = "danger-full-access" to run them unsandboxed`,
    );
  }
  return fail(
    "sandbox",
    `none available: ${d.reason}`,
    process.platform === "darwin"
      ? "sandbox-exec should exist on macOS; check /usr/bin/sandbox-exec"
      : "install bubblewrap (e.g. `apt-get install bubblewrap`); without a sandbox, commands need approval to run unsandboxed",
  );
}

export function mcpChecks(config: ResolvedConfig, mcp: McpConnectionManager | null): DoctorCheck[] {
  const servers = allMcpServers(config.mcpServers);
  if (servers.length === 0) return [skip("mcp", "skipped: no [mcp_servers] configured")];
  return servers.map((s) => {
    const name = `mcp ${s.name}`;
    if (!s.enabled) return skip(name, "skipped: disabled (enabled = false)");
    const connection = mcp?.connections.find((c) => c.server === s.name);
    if (connection) {
      const offered = connection.tools.filter((t) => toolAllowed(s, t.name)).length;
      const total = connection.tools.length;
      const gateway = isLiteLLMGateway(s);
      const where =
        s.transport.type === "stdio"
          ? `stdio: ${s.transport.command}`
          : `${gateway ? "LiteLLM's MCP gateway" : "streamable HTTP"}: ${s.transport.url}`;
      const detail = `started (${where}): ${total} tool${total === 1 ? "" : "s"}${offered !== total ? `, ${offered} offered after enabled_tools/disabled_tools` : ""}`;
      return gateway && total === 0 ? warn(name, detail, EMPTY_GATEWAY_HINT) : ok(name, detail);
    }
    const failure = mcp?.failures.find((f) => f.server === s.name);
    const error = failure?.error ?? "did not start";
    return fail(
      name,
      error,
      isLiteLLMGateway(s)
        ? gatewayFailureHint(error)
        : `check [mcp_servers.${s.name}] in config.toml (\`codex-litellm mcp get ${s.name}\`)`,
    );
  });
}
