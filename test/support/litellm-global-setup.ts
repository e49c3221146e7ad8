// globalSetup of the `litellm` vitest project: installs the pinned proxy (cached), starts ONE
// fake model server and ONE LiteLLM proxy in front of it for the whole run, and hands their
// addresses to the test files via provide/inject (see test/support/litellm.ts).
//
// When python3 or the install is missing: with REQUIRE_LITELLM=1 the run fails; otherwise one
// line `litellm: real-proxy tests skipped: <reason>` is printed and the tests skip themselves.

import { spawnSync } from "node:child_process";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { startFakeModelServer, type FakeModelServer } from "../fixtures/fake-model-server.js";
import { REPO_ROOT, startLiteLLMProxy, type LiteLLMProxy } from "./litellm-proxy.js";
import type { LiteLLMInfo } from "./litellm.js";

function unavailable(reason: string): LiteLLMInfo {
  return { available: false, reason, proxyUrl: "", masterKey: "", fakeControlUrl: "" };
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const required = process.env.REQUIRE_LITELLM === "1";
  let fake: FakeModelServer | undefined;
  let proxy: LiteLLMProxy | undefined;
  const teardown = async () => {
    await proxy?.stop();
    await fake?.close();
  };

  const fail = (reason: string) => {
    if (required) throw new Error(`litellm: real-proxy tests required (REQUIRE_LITELLM=1) but unavailable: ${reason}`);
    process.stderr.write(`litellm: real-proxy tests skipped: ${reason}\n`);
    project.provide("litellm", unavailable(reason));
  };

  const python = spawnSync("python3", ["--version"], { encoding: "utf8" });
  if (python.error || python.status !== 0) {
    fail("python3 not found on PATH");
    return teardown;
  }

  const t0 = Date.now();
  const install = spawnSync("bash", [join(REPO_ROOT, "scripts/litellm-setup.sh")], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    stdio: ["ignore", "inherit", "pipe"],
    timeout: 20 * 60_000,
  });
  if (install.status !== 0) {
    const tail = (install.stderr ?? "").trim().split("\n").slice(-5).join(" | ");
    fail(`scripts/litellm-setup.sh failed (${install.error?.message ?? `exit ${install.status}`}): ${tail}`);
    return teardown;
  }
  const setupMs = Date.now() - t0;

  try {
    fake = await startFakeModelServer();
    proxy = await startLiteLLMProxy({ upstreamUrl: fake.url });
  } catch (err) {
    await teardown();
    fake = undefined;
    proxy = undefined;
    fail(err instanceof Error ? err.message : String(err));
    return teardown;
  }
  process.stderr.write(
    `litellm: proxy ${proxy.baseUrl} ready (setup ${setupMs} ms, start-up ${proxy.startupMs} ms), fake upstream ${fake.url}\n`,
  );
  project.provide("litellm", {
    available: true,
    proxyUrl: proxy.baseUrl,
    masterKey: proxy.masterKey,
    fakeControlUrl: fake.origin,
  });
  return teardown;
}
