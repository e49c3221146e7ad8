// MANIFEST.json of a release tarball's top folder: what it is and the sha256 of every file.
//
//   node scripts/release-manifest.mjs write  DIR --name N --version V --target T --node R --sde S
//   node scripts/release-manifest.mjs verify DIR --name N --version V --target T
//
// `write` prints the manifest on stdout (files sorted by byte order of their path, so the
// output depends only on the tree's contents). `verify` checks that DIR holds exactly the
// listed files with the listed hashes and that name/version/target match; a mismatch is one
// line on stderr and exit 1. Uses Node built-ins only.
import { createHash } from "node:crypto";
import { lstatSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

const MANIFEST = "MANIFEST.json";

const NOTE =
  "codex-litellm is pure JavaScript (one esbuild bundle, no native code): the files are the same " +
  "for every target; only the archive name and this manifest's target/arch differ. It needs a " +
  "Node.js runtime matching `node` on PATH.";

function fail(message) {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

function parseArgs(argv) {
  const [command, dir, ...rest] = argv;
  const opts = {};
  for (let i = 0; i < rest.length; i += 2) {
    const key = rest[i];
    const value = rest[i + 1];
    if (!key?.startsWith("--") || value === undefined) fail(`release-manifest: bad arguments near '${key ?? ""}'`);
    opts[key.slice(2)] = value;
  }
  return { command, dir, opts };
}

/** Every regular file under `dir` (relative paths with `/`), sorted by byte order. */
function listFiles(dir, rel = "") {
  const out = [];
  for (const name of readdirSync(path.join(dir, rel))) {
    const relPath = rel ? `${rel}/${name}` : name;
    const st = lstatSync(path.join(dir, relPath));
    if (st.isDirectory()) out.push(...listFiles(dir, relPath));
    else if (st.isFile()) out.push(relPath);
    else fail(`release-manifest: not a regular file: ${relPath}`);
  }
  return out.sort((a, b) => (Buffer.from(a) < Buffer.from(b) ? -1 : Buffer.from(a) > Buffer.from(b) ? 1 : 0));
}

function sha256(file) {
  return createHash("sha256").update(readFileSync(file)).digest("hex");
}

function write(dir, opts) {
  for (const key of ["name", "version", "target", "node", "sde"])
    if (!opts[key]) fail(`release-manifest: --${key} is required`);
  const [os, ...archParts] = opts.target.split("-");
  const files = listFiles(dir)
    .filter((f) => f !== MANIFEST)
    .map((f) => {
      const st = lstatSync(path.join(dir, f));
      return {
        path: f,
        size: st.size,
        mode: (st.mode & 0o777).toString(8).padStart(4, "0"),
        sha256: sha256(path.join(dir, f)),
      };
    });
  const manifest = {
    name: opts.name,
    version: opts.version,
    target: opts.target,
    os,
    arch: archParts.join("-"),
    node: opts.node,
    entry: `bin/${opts.name}`,
    sourceDateEpoch: Number(opts.sde),
    note: NOTE,
    files,
  };
  process.stdout.write(`${JSON.stringify(manifest, null, 2)}\n`);
}

function verify(dir, opts) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(path.join(dir, MANIFEST), "utf8"));
  } catch (err) {
    fail(`${MANIFEST} is missing or unreadable (${err.code ?? err.message})`);
  }
  for (const key of ["name", "version", "target"]) {
    if (opts[key] !== undefined && manifest[key] !== opts[key])
      fail(`${MANIFEST} says ${key} '${manifest[key]}', expected '${opts[key]}'`);
  }
  if (!Array.isArray(manifest.files)) fail(`${MANIFEST} has no file list`);
  const listed = new Map(manifest.files.map((f) => [f.path, f]));
  const present = listFiles(dir).filter((f) => f !== MANIFEST);
  for (const f of present) if (!listed.has(f)) fail(`${f} is not listed in ${MANIFEST}`);
  for (const [f, entry] of listed) {
    if (!present.includes(f)) fail(`${f} is listed in ${MANIFEST} but missing`);
    if (sha256(path.join(dir, f)) !== entry.sha256) fail(`${f} does not match its sha256 in ${MANIFEST}`);
  }
}

const { command, dir, opts } = parseArgs(process.argv.slice(2));
if (!dir) fail("usage: release-manifest.mjs write|verify DIR [--name N --version V --target T ...]");
if (command === "write") write(dir, opts);
else if (command === "verify") verify(dir, opts);
else fail(`release-manifest: unknown command '${command}'`);
