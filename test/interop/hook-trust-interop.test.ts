// Hook trust is shared with upstream Codex: hooks trusted by codex-litellm (its review writes
// `[hooks.state."<key>"] trusted_hash`) run in upstream 0.171 on the same ~/.codex, and an untrusted
// one runs in neither. Proves our trust key and hash are upstream's.
import { appendFileSync, existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { trustAllHooks, trustFlagHooks } from "../support/hook-trust.js";
import { requireOrSkip, upstreamMustSucceed } from "./upstream-peer.js";
import { useInteropServer } from "./interop-server.js";

const peer = await requireOrSkip("hook-trust-interop");
const interop = useInteropServer(peer, "sk-interop-hook-trust");

let runs = 0;
function setUp(trust: boolean) {
  const model = `interop-hook-trust-${process.pid}-${++runs}`;
  const { codexHome, repo } = interop.home(model, "interop-hook-trust-");
  interop.server.setScript(model, [{ shell: ["bash", "-lc", "true"] }, { text: "all done" }]);
  const started = path.join(repo, "started");
  const pre = path.join(repo, "pre");
  const group = (event: string, matcher: string, file: string) =>
    `[[hooks.${event}]]\nmatcher = ${JSON.stringify(matcher)}\nhooks = [{ type = "command", command = ${JSON.stringify(`touch '${file}'`)}, timeout = 30 }]\n`;
  appendFileSync(
    path.join(codexHome, "config.toml"),
    `\n${group("SessionStart", "startup", started)}${group("PreToolUse", "Bash", pre)}`,
  );
  return { model, codexHome, repo, started, pre, ready: trust ? trustAllHooks(codexHome) : Promise.resolve() };
}

/** Upstream's `exec go` in the run's home and repo, which must succeed. */
const upstreamExecGo = (run: { codexHome: string; repo: string }) =>
  upstreamMustSucceed("upstream", ["exec", "--skip-git-repo-check", "-s", "workspace-write", "go"], {
    codexHome: run.codexHome,
    cwd: run.repo,
    env: interop.env,
  });

describe.skipIf(!peer.available)("hook trust shared with upstream", () => {
  it("hooks codex-litellm trusted run in upstream 0.171", { timeout: 180_000 }, async () => {
    const run = setUp(true);
    await run.ready;
    await upstreamExecGo(run);
    expect(existsSync(run.started)).toBe(true);
    expect(existsSync(run.pre)).toBe(true);
  });

  it(
    "a -c hook trusted by codex-litellm runs in upstream 0.171; untrusted, it runs in neither",
    { timeout: 180_000 },
    async () => {
      const run = setUp(false);
      const stopped = path.join(run.repo, "stopped");
      const flag = `hooks.Stop=[{hooks=[{type="command",command=${JSON.stringify(`touch '${stopped}'`)}}]}]`;
      const withFlag = (r: { codexHome: string; repo: string }) =>
        upstreamMustSucceed("upstream", ["exec", "--skip-git-repo-check", "-s", "workspace-write", "-c", flag, "go"], {
          codexHome: r.codexHome,
          cwd: r.repo,
          env: interop.env,
        });
      interop.server.setScript(run.model, [{ text: "untrusted" }, { text: "trusted" }]);
      await withFlag(run);
      expect(existsSync(stopped)).toBe(false);
      await trustFlagHooks(run.codexHome, [flag]);
      await withFlag(run);
      expect(existsSync(stopped)).toBe(true);
    },
  );

  it("untrusted hooks run in upstream no more than in ours", { timeout: 180_000 }, async () => {
    const run = setUp(false);
    await upstreamExecGo(run);
    expect(existsSync(run.started)).toBe(false);
    expect(existsSync(run.pre)).toBe(false);
  });
});
