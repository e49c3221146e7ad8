// exec's compiled code kept between runs (src/cli/commonjs-chunks.ts): written under CODEX_HOME
// (cache/code-cache, read-only to sandboxed commands: test/security/sandbox.test.ts) after the first run, used as it is by the next, replaced when damaged or from another build,
// never needed (a run without it, or where it cannot be written, answers the same).
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CLI, runCli } from "../support/cli.js";
import { cleanup, ENV, home, repo, useFakeServer } from "../faults/support.js";
import { scratchDir } from "../support/scratch.js";

const fake = useFakeServer();
const ANSWER = "answered through the code cache test";

async function exec(codexHome: string, env: Record<string, string> = {}) {
  const model = fake.scriptedModel("code-cache", [{ text: ANSWER }]);
  const r = await runCli(["exec", "--json", "-m", model, "-C", repo(), "say hello"], {
    home: codexHome,
    env: { ...ENV, CODEX_LITELLM_CODE_CACHE: undefined, ...env }, // not the suite's shared cache folder
    timeoutMs: 60_000,
  });
  expect(r.stderr).not.toMatch(/error|cannot/i);
  expect(r.code).toBe(0);
  const answers = r.stdout
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as { type: string; item?: { type: string; text?: string } })
    .filter((e) => e.type === "item.completed" && e.item?.type === "agent_message");
  expect(answers.map((e) => e.item?.text)).toEqual([ANSWER]);
}

/** The one build folder under `base` (BUILD) and its files' bytes. */
function cacheFiles(base: string): { dir: string; files: Map<string, Buffer> } {
  const builds = readdirSync(base);
  expect(builds).toHaveLength(1);
  const dir = path.join(base, builds[0] ?? "");
  const files = new Map(readdirSync(dir).map((f) => [f, readFileSync(path.join(dir, f))]));
  return { dir, files };
}

/** The default place: CODEX_HOME/cache/code-cache. */
const inHome = (codexHome: string) => path.join(codexHome, "cache", "code-cache");

const sound = (data: Buffer) =>
  data.length > 20 && createHash("sha1").update(data.subarray(20)).digest().equals(data.subarray(0, 20));

describe("exec's code cache", () => {
  it("is written under CODEX_HOME after the first run and used unchanged by the next", async () => {
    const h = home(fake.server.url, "unused");
    await exec(h);
    const first = cacheFiles(inHome(h));
    const names = [...first.files.keys()];
    expect(names.some((n) => /^main-\w+\.v8$/.test(n))).toBe(true);
    expect(names.filter((n) => !n.endsWith(".v8"))).toEqual([]); // no temp file left behind
    for (const data of first.files.values()) expect(sound(data)).toBe(true);
    const mtimes = names.map((n) => statSync(path.join(first.dir, n)).mtimeMs);

    await exec(h);
    const second = cacheFiles(inHome(h));
    expect([...second.files.keys()]).toEqual(names);
    expect(names.map((n) => statSync(path.join(second.dir, n)).mtimeMs)).toEqual(mtimes);
  });

  it("follows an absolute CODEX_LITELLM_CODE_CACHE, and removes the folders of other builds", async () => {
    const h = home(fake.server.url, "unused");
    const elsewhere = scratchDir("code-cache-");
    cleanup.push(elsewhere);
    // This install's older build (an upgrade), and four other installs (npx, a global one) written at different times.
    const install = createHash("sha1").update(path.dirname(CLI)).digest("hex").slice(0, 8);
    const folder = (name: string, daysAgo = 0) => {
      const dir = path.join(elsewhere, name);
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, "main-OLD.v8"), "stale");
      const when = new Date(Date.now() - daysAgo * 86_400_000);
      utimesSync(dir, when, when);
      return dir;
    };
    const upgraded = folder(`0.0.1-oldbuild-nodev20.0.0-x64-${install}`);
    const others = [1, 2, 3, 4].map((days) => folder(`0.0.${days}-b${days}-nodev20.0.0-x64-0000000${days}`, days));
    await exec(h, { CODEX_LITELLM_CODE_CACHE: elsewhere });
    expect(existsSync(upgraded)).toBe(false);
    // Two installs used in turn keep each other's folders; the least recently written beyond three go.
    expect(others.map((dir) => existsSync(dir))).toEqual([true, true, true, false]);
    const ours = readdirSync(elsewhere).filter((n) => n.endsWith(`-${install}`));
    expect(ours).toHaveLength(1);
    expect(readdirSync(path.join(elsewhere, ours[0] ?? "")).length).toBeGreaterThan(0);
    expect(existsSync(inHome(h))).toBe(false);
    // A relative folder is not taken (where would it be?): CODEX_HOME's then.
    await exec(h, { CODEX_LITELLM_CODE_CACHE: "relative-cache" });
    expect(cacheFiles(inHome(h)).files.size).toBeGreaterThan(0);
  });

  it("replaces a damaged cache and answers the same", async () => {
    const h = home(fake.server.url, "unused");
    await exec(h);
    const { dir, files } = cacheFiles(inHome(h));
    // Same lengths, other bytes: what a disk error or a half-copied folder leaves.
    for (const [name, data] of files) writeFileSync(path.join(dir, name), Buffer.alloc(data.length, 0x5a));
    await exec(h);
    const replaced = cacheFiles(inHome(h)).files;
    expect([...replaced.keys()]).toEqual([...files.keys()]);
    for (const [name, data] of replaced) expect(sound(data), name).toBe(true);
  });

  it("never makes a CODEX_HOME of its own: `--help` on a new machine leaves none behind", async () => {
    const parent = scratchDir("code-cache-new-home-");
    cleanup.push(parent);
    const codexHome = path.join(parent, ".codex");
    const r = await runCli(["--help"], { home: codexHome, cwd: parent, env: { CODEX_LITELLM_CODE_CACHE: undefined } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Usage: codex-litellm");
    expect(existsSync(codexHome)).toBe(false);
    // Once it exists (login, onboarding), the next command writes its cache there.
    mkdirSync(codexHome);
    expect(
      (await runCli(["--help"], { home: codexHome, cwd: parent, env: { CODEX_LITELLM_CODE_CACHE: undefined } })).code,
    ).toBe(0);
    expect(cacheFiles(inHome(codexHome)).files.size).toBeGreaterThan(0);
  });

  it("is neither read nor written with CODEX_LITELLM_CODE_CACHE=off, or where it cannot be written", async () => {
    const h = home(fake.server.url, "unused");
    await exec(h, { CODEX_LITELLM_CODE_CACHE: "off" });
    expect(existsSync(inHome(h))).toBe(false);
    const notAFolder = path.join(h, "cache-file");
    writeFileSync(notAFolder, "a file where the cache folder would be\n");
    await exec(h, { CODEX_LITELLM_CODE_CACHE: notAFolder });
    expect(readFileSync(notAFolder, "utf8")).toBe("a file where the cache folder would be\n");
  });
});
