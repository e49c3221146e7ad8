import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { useScratchTree } from "../../../test/support/scratch.js";

import {
  BWRAP_SECCOMP_FD,
  CODEX_SANDBOX_ENV_VAR,
  CODEX_SANDBOX_NETWORK_DISABLED_ENV_VAR,
  detectSandbox,
  hasFullDiskWriteAccess,
  hasFullNetworkAccess,
  HOST_SOCKET_ENV_VARS,
  policyRequiresSandbox,
  prepareSandboxedCommand,
  type PrepareSandboxedCommandOptions,
  readOnlySubpathsFor,
  codexHomeSecretFiles,
  sandboxPolicyFromMode,
  sandboxUnavailableMessage,
  SandboxUnavailableError,
  unsandboxedFallback,
  writableRoots,
} from "./index.js";
import { networkSeccompProgram } from "./seccomp.js";
import type { SandboxDetection } from "./detect.js";
import type { SandboxPolicy } from "../../protocol/policies.js";

const scratch = useScratchTree("policy-");
const dir = scratch.dir;

const TIGHT_WS: SandboxPolicy = { type: "workspace-write", exclude_slash_tmp: true, exclude_tmpdir_env_var: true };

describe("policy helpers", () => {
  it("builds policies from sandbox_mode and [sandbox_workspace_write]", () => {
    expect(sandboxPolicyFromMode("read-only")).toEqual({ type: "read-only" });
    expect(sandboxPolicyFromMode("danger-full-access")).toEqual({ type: "danger-full-access" });
    expect(sandboxPolicyFromMode("workspace-write", { network_access: true, writable_roots: ["/x"] })).toEqual({
      type: "workspace-write",
      writable_roots: ["/x"],
      network_access: true,
      exclude_tmpdir_env_var: false,
      exclude_slash_tmp: false,
    });
  });

  it.each<[SandboxPolicy, boolean, boolean, boolean]>([
    [{ type: "danger-full-access" }, true, true, false],
    [{ type: "read-only" }, false, false, true],
    [{ type: "read-only", network_access: true }, false, true, true],
    [{ type: "workspace-write" }, false, false, true],
    [{ type: "workspace-write", network_access: true }, false, true, true],
    [{ type: "external-sandbox", network_access: "restricted" }, true, false, false],
    [{ type: "external-sandbox", network_access: "enabled" }, true, true, false],
  ])("%j: full disk %s, full network %s, needs sandbox %s", (policy, disk, network, needs) => {
    expect(hasFullDiskWriteAccess(policy)).toBe(disk);
    expect(hasFullNetworkAccess(policy)).toBe(network);
    expect(policyRequiresSandbox(policy)).toBe(needs);
  });
});

describe("writableRoots", () => {
  it("is empty for read-only and full access", () => {
    expect(writableRoots({ type: "read-only" }, "/")).toEqual([]);
    expect(writableRoots({ type: "danger-full-access" }, "/")).toEqual([]);
  });

  it("collects configured roots, cwd, /tmp and $TMPDIR, resolved and de-duplicated", () => {
    const cwd = dir("cwd");
    const extra = dir("extra");
    const tmpdir = dir("tmpdir");
    const link = scratch.path("extra-link");
    symlinkSync(extra, link);
    const roots = writableRoots({ type: "workspace-write", writable_roots: [link, "../extra", "missing"] }, cwd, {
      TMPDIR: tmpdir,
    }).map((r) => r.root);
    expect(roots).toEqual([extra, cwd, "/tmp", tmpdir]);
    const excluded = writableRoots(
      { type: "workspace-write", exclude_slash_tmp: true, exclude_tmpdir_env_var: true },
      cwd,
      { TMPDIR: tmpdir },
    );
    expect(excluded.map((r) => r.root)).toEqual([cwd]);
  });

  it("uses $PREFIX/tmp instead of /tmp on Termux", () => {
    const prefix = dir("termux-usr");
    const tmp = dir("termux-usr", "tmp");
    const roots = writableRoots({ type: "workspace-write" }, dir("cwd2"), {
      TERMUX_VERSION: "0.118",
      PREFIX: prefix,
    }).map((r) => r.root);
    expect(roots).toContain(tmp);
    expect(roots).not.toContain("/tmp");
  });

  it("protects CODEX_HOME when a root contains it (HOME as the workspace, CODEX_HOME under /tmp)", () => {
    const userHome = dir("user-home");
    const codexHome = dir("user-home", "codex-config");
    // Only the workspace is writable, with CODEX_HOME given as `home`.
    const rootsWith = (cwd: string, home: string) => writableRoots(TIGHT_WS, cwd, {}, home);
    const roots = rootsWith(userHome, codexHome);
    expect(roots).toEqual([{ root: userHome, readOnlySubpaths: [codexHome] }]);
    const elsewhere = rootsWith(dir("other-ws"), codexHome);
    expect(elsewhere[0]?.readOnlySubpaths).toEqual([]);
    // Reached through a symlink, it is still recognised.
    const link = scratch.path("codex-home-link");
    symlinkSync(codexHome, link);
    expect(rootsWith(userHome, link)[0]?.readOnlySubpaths).toEqual([codexHome]);
    // The usual ~/.codex is listed once.
    const dotCodex = dir("user-home", ".codex");
    expect(rootsWith(userHome, dotCodex)[0]?.readOnlySubpaths).toEqual([dotCodex]);
  });

  it("lists CODEX_HOME's credential files that exist, at their real paths", () => {
    const home = dir("secrets-home");
    expect(codexHomeSecretFiles(home)).toEqual([]);
    writeFileSync(path.join(home, ".env"), "K=v\n");
    const realAuth = path.join(dir("secrets-elsewhere"), "auth.json");
    writeFileSync(realAuth, "{}");
    symlinkSync(realAuth, path.join(home, "auth.json"));
    mkdirSync(path.join(home, ".credentials.json")); // not a file: nothing to cover
    writeFileSync(path.join(home, "config.toml"), "");
    expect(codexHomeSecretFiles(home)).toEqual([path.join(home, ".env"), realAuth]);
  });

  it("protects .git (dir or pointer file + gitdir), .agents and .codex when present", () => {
    const repo = dir("repo");
    expect(readOnlySubpathsFor(repo)).toEqual([]);
    dir("repo", ".git");
    dir("repo", ".codex");
    dir("repo", ".agents");
    writeFileSync(path.join(repo, ".agents-not-a-dir"), "");
    expect(readOnlySubpathsFor(repo).sort()).toEqual([
      path.join(repo, ".agents"),
      path.join(repo, ".codex"),
      path.join(repo, ".git"),
    ]);

    const wt = dir("wt");
    const gitdir = dir("main-repo", ".git", "worktrees", "wt");
    writeFileSync(path.join(wt, ".git"), "gitdir: ../main-repo/.git/worktrees/wt\n");
    expect(readOnlySubpathsFor(wt).sort()).toEqual([gitdir, path.join(wt, ".git")].sort());

    const linked = dir("linked");
    const realGit = dir("elsewhere-git");
    symlinkSync(realGit, path.join(linked, ".git"));
    expect(readOnlySubpathsFor(linked)).toEqual([realGit]);
  });
});

describe("detectSandbox", () => {
  it("caches the default detection", () => {
    expect(detectSandbox()).toBe(detectSandbox());
  });

  it("reports none for platforms without a backend, and for missing or broken bwrap", () => {
    expect(detectSandbox({ platform: "win32" })).toMatchObject({
      kind: "none",
      reason: expect.stringContaining("win32"),
    });
    expect(detectSandbox({ platform: "linux", bwrapCandidates: ["/nonexistent/bwrap"] })).toMatchObject({
      kind: "none",
      reason: expect.stringContaining("not found"),
    });
    expect(detectSandbox({ platform: "linux", bwrapCandidates: ["/bin/false"] })).toMatchObject({
      kind: "none",
      reason: expect.stringContaining("does not work here"),
    });
  });

  it("probes a working bwrap", () => {
    const d = detectSandbox({ platform: "linux", bwrapCandidates: ["/usr/bin/bwrap"] });
    if (d.kind === "none") expect(d.reason).toMatch(/bwrap/);
    else expect(d).toMatchObject({ kind: "bwrap", executable: "/usr/bin/bwrap", mountProc: true });
  });

  it("has a one-line unavailable message", () => {
    const msg = sandboxUnavailableMessage({ kind: "none", reason: "bwrap not found" });
    expect(msg).not.toContain("\n");
    expect(msg).toContain("bwrap not found");
  });
});

describe("prepareSandboxedCommand", () => {
  const env = { PATH: "/usr/bin:/bin" };
  const none = { kind: "none" as const, reason: "nothing here" };
  const bwrap = { kind: "bwrap" as const, reason: "", executable: "/usr/bin/bwrap", mountProc: false };
  const at = { cwd: "/", sandboxPolicyCwd: "/", codexHome: "/nonexistent-codex-home" };
  /** `ls` in / prepared under `policy` with the sandbox `detection` found. */
  const prepareLs = (
    policy: SandboxPolicy,
    detection: SandboxDetection,
    extra: Partial<PrepareSandboxedCommandOptions> = {},
  ) => prepareSandboxedCommand({ argv: ["ls"], ...at, env, policy, detection, ...extra });

  it("passes full-access commands through, with the network flag only when restricted", () => {
    expect(prepareLs({ type: "danger-full-access" }, none)).toEqual({
      argv: ["ls"],
      env,
      sandbox: "none",
    });
    const ext = prepareLs({ type: "external-sandbox", network_access: "restricted" }, none);
    expect(ext.env[CODEX_SANDBOX_NETWORK_DISABLED_ENV_VAR]).toBe("1");
  });

  it("fails closed without a sandbox unless the caller allows running unsandboxed", () => {
    expect(() => prepareLs({ type: "read-only" }, none)).toThrow(SandboxUnavailableError);
    const allowed = prepareLs({ type: "read-only" }, none, { allowUnsandboxed: true });
    expect(allowed).toEqual({
      argv: ["ls"],
      env: { ...env, [CODEX_SANDBOX_NETWORK_DISABLED_ENV_VAR]: "1" },
      sandbox: "none",
    });
  });

  it("wraps with bwrap or sandbox-exec", () => {
    const b = prepareLs({ type: "read-only" }, bwrap);
    expect(b.sandbox).toBe("bwrap");
    expect(b.argv[0]).toBe("/usr/bin/bwrap");
    expect(b.argv).not.toContain("--proc");
    expect(b.argv.slice(-2)).toEqual(["--", "ls"]);
    const s = prepareLs({ type: "read-only" }, { kind: "seatbelt", reason: "", executable: "/usr/bin/sandbox-exec" });
    expect(s.sandbox).toBe("seatbelt");
    expect(s.argv.slice(0, 2)).toEqual(["/usr/bin/sandbox-exec", "-p"]);
    expect(s.env[CODEX_SANDBOX_ENV_VAR]).toBe("seatbelt");
  });

  it("takes bwrap's writable roots from the session's cwd, not from the command's", () => {
    const ws = dir("prep-ws");
    const policy: SandboxPolicy = { type: "workspace-write", exclude_slash_tmp: true, exclude_tmpdir_env_var: true };
    const b = prepareSandboxedCommand({
      argv: ["ls"],
      cwd: "/etc",
      sandboxPolicyCwd: ws,
      codexHome: at.codexHome,
      env,
      policy,
      detection: bwrap,
    });
    const binds = b.argv.flatMap((a, i) => (a === "--bind" ? [b.argv[i + 1]] : []));
    expect(binds).toEqual([ws]);
    expect(b.argv.slice(-4)).toEqual(["--chdir", "/etc", "--", "ls"]);
  });

  it("passes bwrap a seccomp program: the restricted one without network, the VM-socket one with", () => {
    const off = prepareLs({ type: "read-only" }, bwrap);
    expect(off.seccompProgram).toEqual(networkSeccompProgram("restricted"));
    expect(off.argv.join(" ")).toContain(`--seccomp ${BWRAP_SECCOMP_FD}`);
    const on = prepareLs({ type: "read-only", network_access: true }, bwrap);
    expect(on.seccompProgram).toEqual(networkSeccompProgram("vm-sockets"));
    const full = prepareLs({ type: "danger-full-access" }, bwrap);
    expect(full.seccompProgram).toBeUndefined();
  });

  it("drops agent and daemon socket variables when the network is off", () => {
    const withSockets = {
      ...env,
      SSH_AUTH_SOCK: "/run/agent.sock",
      DBUS_SESSION_BUS_ADDRESS: "unix:path=/run/bus",
      DOCKER_HOST: "unix:///var/run/docker.sock",
      KEEP: "1",
    };
    for (const policy of [{ type: "read-only" }, { type: "workspace-write" }] as SandboxPolicy[]) {
      const r = prepareLs(policy, bwrap, { env: withSockets });
      for (const name of HOST_SOCKET_ENV_VARS) expect(r.env[name]).toBeUndefined();
      expect(r.env.KEEP).toBe("1");
    }
    const online = prepareLs({ type: "workspace-write", network_access: true }, bwrap, { env: withSockets });
    expect(online.env.SSH_AUTH_SOCK).toBe("/run/agent.sock");
    const full = prepareLs({ type: "danger-full-access" }, bwrap, { env: withSockets });
    expect(full.env.DOCKER_HOST).toBe("unix:///var/run/docker.sock");
  });

  it.each([
    ["never", { action: "reject" }],
    ["on-request", { action: "ask" }],
    ["on-failure", { action: "ask" }],
    ["untrusted", { action: "ask" }],
  ] as const)("without a sandbox, approval policy %s -> %j", (policy, expected) => {
    expect(unsandboxedFallback(policy)).toMatchObject(expected);
  });
});
