// The macOS Seatbelt profile, checked as text (CI is Linux): what it allows to be written, what it
// keeps read-only and what it hides, and that paths travel as -D parameters.
import { symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { useScratchTree } from "../../../test/support/scratch.js";

import { prepareSandboxedCommand } from "./index.js";
import { buildSeatbeltArgs, buildSeatbeltProfile, SEATBELT_BASE_PROFILE } from "./seatbelt.js";
import type { SandboxPolicy } from "../../protocol/policies.js";

const scratch = useScratchTree("seatbelt-");
const dir = scratch.dir;

const WS: SandboxPolicy = { type: "workspace-write", exclude_slash_tmp: true, exclude_tmpdir_env_var: true };

/** The `-DNAME=value` parameters as a map. */
function paramsOf(params: string[]): Map<string, string> {
  return new Map(params.map((p) => [p.slice(2, p.indexOf("=")), p.slice(p.indexOf("=") + 1)]));
}

/** The parameter names the `(deny file-read* file-write* ...)` rule covers (up to the next comment). */
function deniedParams(profile: string): string[] {
  const start = profile.indexOf("(deny file-read* file-write*");
  const block = profile.slice(start, profile.indexOf("\n;", start));
  return [...block.matchAll(/\(literal \(param "([A-Z0-9_]+)"\)\)/g)].map((m) => m[1] as string);
}

describe("Seatbelt profile (macOS; text only here)", () => {
  it("read-only: base profile, read everything, no writable roots, no network", () => {
    const { profile, params } = buildSeatbeltProfile(
      { type: "read-only" },
      { sessionCwd: "/", codexHome: dir("ro-home") },
      {},
    );
    expect(profile.startsWith(SEATBELT_BASE_PROFILE)).toBe(true);
    expect(profile).toContain("(deny default)");
    expect(profile).toContain("(allow file-read*)");
    expect(profile).not.toContain("(allow file-write*");
    expect(profile).not.toContain("network-outbound");
    expect(profile).toContain("; Network access is denied.");
    expect(params.every((p) => p.startsWith("-DCODEX_HOME_SECRET_") || p.startsWith("-DCODEX_HOME="))).toBe(true);
  });

  it("the rest of CODEX_HOME cannot be read: only config.toml, skills and a workspace inside it", () => {
    const codexHome = dir("hidden-home");
    writeFileSync(path.join(codexHome, "config.toml"), "");
    dir("hidden-home", "skills");
    dir("hidden-home", "sessions");
    const project = dir("hidden-home", "projects", "app");
    const { profile, params } = buildSeatbeltProfile(WS, { sessionCwd: project, codexHome }, {});
    const values = paramsOf(params);
    expect(values.get("CODEX_HOME")).toBe(codexHome);
    expect([0, 1, 2].map((i) => values.get(`CODEX_HOME_VISIBLE_${i}`))).toEqual([
      path.join(codexHome, "config.toml"),
      path.join(codexHome, "skills"),
      project,
    ]);
    const rule = profile
      .split("\n")
      .find((line) => line.startsWith('(deny file-read* (require-all (subpath (param "CODEX_HOME"))'));
    expect(rule).toContain('(require-not (subpath (param "CODEX_HOME_VISIBLE_2")))');
    expect(profile.indexOf(rule ?? "-")).toBeGreaterThan(profile.indexOf("(allow file-read*)"));
  });

  it("workspace-write: one parameter per root and per protected subpath, excluded with require-not", () => {
    const cwd = dir("seat-ws");
    dir("seat-ws", ".git");
    const plain = dir("seat-plain");
    const args = buildSeatbeltArgs(
      ["/bin/echo", "hello"],
      { ...WS, writable_roots: [plain] } as SandboxPolicy,
      { sessionCwd: cwd, codexHome: dir("seat-home") },
      {},
    );
    expect(args[0]).toBe("-p");
    const profile = args[1] as string;
    expect(profile).toContain(
      '(allow file-write*\n  (subpath (param "WRITABLE_ROOT_0"))\n  (require-all (subpath (param "WRITABLE_ROOT_1")) (require-not (subpath (param "WRITABLE_ROOT_1_RO_0")))))',
    );
    const params = args.slice(2, args.indexOf("--"));
    expect(params.slice(0, 3)).toEqual([
      `-DWRITABLE_ROOT_0=${plain}`,
      `-DWRITABLE_ROOT_1=${cwd}`,
      `-DWRITABLE_ROOT_1_RO_0=${path.join(cwd, ".git")}`,
    ]);
    expect(args.slice(args.indexOf("--"))).toEqual(["--", "/bin/echo", "hello"]);
    // Paths never appear in the profile text itself.
    expect(profile).not.toContain(cwd);
  });

  it("the writable root is the session's cwd, whatever directory the command runs in", () => {
    const ws = dir("session-ws");
    const codexHome = dir("session-home");
    for (const workdir of ["/etc", "/", path.join(ws, ".git"), codexHome]) {
      const cmd = prepareSandboxedCommand({
        argv: ["true"],
        cwd: workdir,
        sandboxPolicyCwd: ws,
        codexHome,
        env: {},
        policy: WS,
        detection: { kind: "seatbelt", reason: "", executable: "/usr/bin/sandbox-exec" },
      });
      const roots = [...paramsOf(cmd.argv.slice(3, cmd.argv.indexOf("--"))).entries()]
        .filter(([name]) => /^WRITABLE_ROOT_\d+$/.test(name))
        .map(([, value]) => value);
      expect(roots, `workdir ${workdir}`).toEqual([ws]);
    }
  });

  it("keeps CODEX_HOME read-only inside a writable root (HOME as the workspace)", () => {
    const userHome = dir("mac-home");
    const codexHome = dir("mac-home", "codex-config");
    const { profile, params } = buildSeatbeltProfile(WS, { sessionCwd: userHome, codexHome }, {});
    expect(profile).toContain(
      '(require-all (subpath (param "WRITABLE_ROOT_0")) (require-not (subpath (param "WRITABLE_ROOT_0_RO_0"))))',
    );
    expect(paramsOf(params).get("WRITABLE_ROOT_0_RO_0")).toBe(codexHome);
  });

  it.each<[string, SandboxPolicy]>([
    ["read-only", { type: "read-only" }],
    ["workspace-write", WS],
  ])("%s: CODEX_HOME's credential files can be neither read nor written, even before they exist", (_name, policy) => {
    const codexHome = dir(`cred-home-${policy.type}`);
    const elsewhere = path.join(dir(`cred-real-${policy.type}`), "auth.json");
    writeFileSync(elsewhere, "{}");
    symlinkSync(elsewhere, path.join(codexHome, "auth.json"));
    const { profile, params } = buildSeatbeltProfile(policy, { sessionCwd: codexHome, codexHome }, {});
    const values = paramsOf(params);
    const denied = deniedParams(profile).map((name) => values.get(name));
    expect(denied.sort()).toEqual(
      [
        path.join(codexHome, ".credentials.json"),
        path.join(codexHome, ".env"),
        path.join(codexHome, "auth.json"),
        elsewhere,
      ].sort(),
    );
    // The deny comes after the allows: Seatbelt applies the last matching rule.
    const denyAt = profile.indexOf("(deny file-read* file-write*");
    expect(denyAt).toBeGreaterThan(profile.indexOf("(allow file-read*)"));
    if (policy.type === "workspace-write") expect(denyAt).toBeGreaterThan(profile.indexOf("(allow file-write*"));
  });

  it("the telemetry dir and a log file outside CODEX_HOME cannot be read; one holding the workspace is not hidden whole", () => {
    const logs = dir("seat-logs");
    const debugLog = path.join(dir("seat-debug"), "debug.log");
    writeFileSync(debugLog, "");
    const project = dir("seat-logs-project");
    const scope = { sessionCwd: project, codexHome: dir("seat-logs-home"), hiddenPaths: [logs, debugLog] };
    const { profile, params } = buildSeatbeltProfile(WS, scope, {});
    const values = paramsOf(params);
    const denied = profile.slice(profile.indexOf("; The telemetry dir and logs"));
    expect(denied).toContain('(subpath (param "HIDDEN_LOGS_0"))');
    expect(denied).toContain('(literal (param "HIDDEN_LOGS_1"))');
    expect([values.get("HIDDEN_LOGS_0"), values.get("HIDDEN_LOGS_1")]).toEqual([logs, debugLog]);
    // A telemetry dir that holds the session's folder would hide the workspace: it is left readable.
    const around = buildSeatbeltProfile(WS, { ...scope, hiddenPaths: [path.dirname(project)] }, {});
    expect(around.profile).not.toContain("HIDDEN_LOGS_");
  });

  it("network access and full disk access", () => {
    const scope = { sessionCwd: dir("seat-net"), codexHome: dir("seat-net-home") };
    const net = buildSeatbeltProfile({ ...WS, network_access: true } as SandboxPolicy, scope, {});
    expect(net.profile).toContain("(allow network-outbound)\n(allow network-inbound)\n(allow system-socket)");
    const full = buildSeatbeltProfile({ type: "danger-full-access" }, scope, {});
    expect(full.profile).toContain('(allow file-write* (regex #"^/"))');
  });
});
