// Mutation check: applies each deliberate bug of scripts/mutations.mjs to a copy of the checkout
// (the work tree is never touched), runs the tests that should catch it, and reports which
// mutations survived. `npm run mutate [-- --only ID,ID] [-- --litellm]`.
//   (default)  each mutation's `tests`: the ones that run without Python
//   --litellm  each mutation's `litellm` tests alone, through the real proxy (REQUIRE_LITELLM=1);
//              mutations without any are left out
//   killed   = some test failed with the bug in place (good)
//   survived = every test passed: a number users rely on is not pinned by a test
// The same tests run once without any mutation first: when they fail there, a "kill" would
// prove nothing, so the run stops (exit 2). Exits 1 when a mutation survives or no longer
// applies (the code moved: update its pattern).
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { stripVTControlCharacters } from "node:util";
import { MUTATIONS } from "./mutations.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const only = args.includes("--only") ? new Set(args[args.indexOf("--only") + 1].split(",")) : null;
const withLitellm = args.includes("--litellm");

function copyCheckout() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "codex-litellm-mutate-"));
  const listed = spawnSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: root,
    encoding: "utf8",
  });
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  for (const file of listed.stdout.split("\0").filter(Boolean)) {
    if (!existsSync(path.join(root, file))) continue; // deleted in the work tree
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    cpSync(path.join(root, file), path.join(dir, file));
  }
  for (const shared of ["node_modules", ".cache"])
    if (existsSync(path.join(root, shared))) symlinkSync(path.join(root, shared), path.join(dir, shared));
  return dir;
}

function apply(dir, mutation) {
  const file = path.join(dir, mutation.file);
  const original = readFileSync(file, "utf8");
  const count = original.split(mutation.find).length - 1;
  if (count !== 1) return { original: null, reason: `pattern found ${count} times in ${mutation.file}` };
  writeFileSync(file, original.replace(mutation.find, mutation.replace));
  return { original };
}

const testsOf = (mutation) => (withLitellm ? mutation.litellm : mutation.tests);

function runTests(dir, tests) {
  const project = withLitellm ? "litellm" : "unit";
  const env = { ...process.env, CI: "", ...(withLitellm && { REQUIRE_LITELLM: "1" }) };
  const r = spawnSync("npx", ["vitest", "run", "--project", project, ...tests], {
    cwd: dir,
    encoding: "utf8",
    env,
    maxBuffer: 64 * 1024 * 1024,
  });
  const summary = stripVTControlCharacters(r.stdout + r.stderr)
    .split("\n")
    .filter((l) => /^\s*Tests\s+\d/.test(l))
    .map((l) => l.trim())
    .join(" ");
  return { failed: r.status !== 0, summary };
}

const selected = MUTATIONS.filter((m) => (!only || only.has(m.id)) && testsOf(m));
const dir = copyCheckout();
const results = [];
let baseline;
try {
  baseline = runTests(dir, [...new Set(selected.flatMap(testsOf))]);
  if (baseline.failed)
    process.stderr.write(`mutate: the tests fail without any mutation (${baseline.summary}); fix that first\n`);
  for (const mutation of baseline.failed ? [] : selected) {
    process.stderr.write(`mutate: ${mutation.id} … `);
    const { original, reason } = apply(dir, mutation);
    if (original === null) {
      results.push({ id: mutation.id, outcome: "stale", detail: reason });
      process.stderr.write(`stale (${reason})\n`);
      continue;
    }
    const { failed, summary } = runTests(dir, testsOf(mutation));
    writeFileSync(path.join(dir, mutation.file), original);
    results.push({ id: mutation.id, outcome: failed ? "killed" : "survived", detail: summary });
    process.stderr.write(`${failed ? "killed" : "SURVIVED"} (${summary})\n`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (baseline.failed) process.exit(2);
const killed = results.filter((r) => r.outcome === "killed").length;
console.log(`\n| mutation | outcome |\n| --- | --- |`);
for (const r of results) console.log(`| ${MUTATIONS.find((m) => m.id === r.id).description} | ${r.outcome} |`);
console.log(`\nmutation score: ${killed}/${results.length} killed`);
process.exit(killed === results.length ? 0 : 1);
