// Every command without Node's ES-module loader (cli/launcher.ts), its compiled code kept between
// runs. Node 20 cannot cache the compilation of ES modules (module.enableCompileCache is Node 22's),
// and compiling was a fifth of exec's start and most of the UI's. scripts/bundle.mjs writes each
// chunk of dist/chunks/ a second time as a CommonJS function body (dist/cjs/NAME.cjs, the same
// code); this loads them through vm.Script with V8's code cache, one file per chunk under
// CODEX_HOME/cache/code-cache. Every module is loaded once, in this one form.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import vm from "node:vm";
import { resolveCodexHome } from "../config/home.js";

interface Loaded {
  exports: unknown;
  script: vm.Script;
  /** True when V8 did not take a stored cache (none, stale or damaged): written at exit. */
  store: boolean;
}

/**
 * Where the code cache lives: `CODEX_LITELLM_CODE_CACHE` = `off` for none, or an absolute folder;
 * by default CODEX_HOME/cache/code-cache. Not the user's ~/.cache: V8 runs a cache's code without
 * checking it, so the folder must be one no sandboxed command can write, and the sandbox keeps
 * CODEX_HOME read-only even inside a writable root (a session started in HOME).
 */
function cacheRoot(): { root: string; home: string | null } | null {
  const setting = process.env.CODEX_LITELLM_CODE_CACHE?.trim();
  if (setting === "off") return null;
  if (setting && path.isAbsolute(setting)) return { root: setting, home: null };
  const home = resolveCodexHome();
  return { root: path.join(home, "cache", "code-cache"), home };
}

export class CommonJsChunks {
  private readonly loaded = new Map<string, Loaded>();
  private readonly cacheDir: string | null;
  /** Names the install (its folder): ends the name of each of its cache folders. */
  private readonly install: string;
  private readonly nodeRequire: NodeJS.Require;
  // Paths are made by concatenation: a path.join per chunk made V8 optimise path.normalize (4 MiB of peak memory).
  private readonly cjsDir: string;
  private readonly chunksUrl: string;
  /** CODEX_HOME when the cache lives in it: never made for the cache (`--help` on a new machine). */
  private readonly codexHome: string | null;

  /** `dist` is the folder holding cli.cjs, chunks/ and cjs/; `build` names the build (version and chunk hash). */
  constructor(dist: string, build: string) {
    this.nodeRequire = createRequire(path.join(dist, "cli.cjs"));
    this.cjsDir = path.join(dist, "cjs") + path.sep;
    this.chunksUrl = pathToFileURL(path.join(dist, "chunks") + path.sep).href;
    // The install's folder too: V8 keeps the file names of the run that wrote a cache (stack traces).
    this.install = createHash("sha1").update(dist).digest("hex").slice(0, 8);
    const cache = cacheRoot();
    this.cacheDir = cache && path.join(cache.root, `${build}-node${process.version}-${process.arch}-${this.install}`);
    this.codexHome = cache?.home ?? null;
  }

  /** The exports of dist/chunks/NAME.js, loaded from its CommonJS form. */
  load(name: string): unknown {
    const done = this.loaded.get(name);
    if (done) return done.exports;
    const file = `${this.cjsDir}${name}.cjs`;
    let source: string;
    try {
      source = readFileSync(file, "latin1"); // the bundle is ASCII
    } catch {
      throw new Error(`codex-litellm: ${name} has no CommonJS form in ${this.cjsDir} (reinstall the package)`);
    }
    const cachedData = this.readCache(name);
    const script = new vm.Script(`(function (exports, require, module, __cl_meta_url) {"use strict";${source}\n})`, {
      filename: file,
      cachedData,
    });
    const module: { exports: unknown } = { exports: {} };
    const entry: Loaded = { exports: module.exports, script, store: !cachedData || script.cachedDataRejected === true };
    this.loaded.set(name, entry);
    const body: unknown = script.runInThisContext();
    if (typeof body !== "function") throw new Error(`codex-litellm: ${file} is not a chunk's CommonJS form`);
    const require = (id: string) => this.require(id);
    Reflect.apply(body, undefined, [module.exports, require, module, `${this.chunksUrl}${name}.js`]);
    entry.exports = module.exports;
    return module.exports;
  }

  private require(id: string): unknown {
    // Chunks import each other as ./NAME.js (all in dist/chunks/); everything else is Node's.
    const chunk = /^\.\/([\w.-]+)\.js$/.exec(id);
    return chunk?.[1] ? this.load(chunk[1]) : this.nodeRequire(id);
  }

  /** A stored cache: a SHA-1 of the data, then V8's data. A damaged file is as good as none. */
  private readCache(name: string): Buffer | undefined {
    if (!this.cacheDir) return undefined;
    let stored: Buffer;
    try {
      stored = readFileSync(`${this.cacheDir}${path.sep}${name}.v8`);
    } catch {
      return undefined;
    }
    const data = stored.subarray(DIGEST_BYTES);
    return stored.length > DIGEST_BYTES && digest(data).equals(stored.subarray(0, DIGEST_BYTES)) ? data : undefined;
  }

  /**
   * Stores the code of the chunks whose cache was missing or refused, with every function compiled
   * so far; called again, it writes those loaded since. Each file is written whole and renamed
   * into place; old folders are removed when one of this build's is made (foldersToRemove).
   * Failures are ignored: the cache only saves time.
   */
  storeCaches(): void {
    const dir = this.cacheDir;
    const pending = [...this.loaded].filter(([, l]) => l.store);
    if (!dir || pending.length === 0 || (this.codexHome !== null && !existsSync(this.codexHome))) return;
    try {
      const root = path.dirname(dir);
      const existing = readdirSafe(root);
      const others = existing.filter((name) => name !== path.basename(dir));
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      if (others.length === existing.length)
        for (const old of this.foldersToRemove(root, others))
          rmSync(path.join(root, old), { recursive: true, force: true });
      for (const [name, l] of pending) {
        const tmp = path.join(dir, `.${name}.${process.pid}.tmp`);
        const data = l.script.createCachedData();
        writeFileSync(tmp, Buffer.concat([digest(data), data]), { mode: 0o600 });
        renameSync(tmp, path.join(dir, `${name}.v8`));
        l.store = false;
      }
    } catch {
      // A read-only or full disk: run without a cache.
    }
  }

  /**
   * When this build makes its folder, of the `others` in `root`: the folders of this install's other builds (an upgrade, another
   * Node), and of other installs (a global one and npx's share CODEX_HOME) all but the
   * OTHER_INSTALLS_KEPT written last, so two installs used in turn do not remove each other's.
   */
  private foldersToRemove(root: string, others: string[]): string[] {
    const ours = others.filter((name) => name.endsWith(`-${this.install}`));
    const written = (name: string) => {
      try {
        return statSync(path.join(root, name)).mtimeMs;
      } catch {
        return 0;
      }
    };
    const elsewhere = others
      .filter((name) => !name.endsWith(`-${this.install}`))
      .map((name) => ({ name, at: written(name) }))
      .sort((a, b) => b.at - a.at)
      .slice(OTHER_INSTALLS_KEPT)
      .map(({ name }) => name);
    return [...ours, ...elsewhere];
  }
}

/** Cache folders of other installs kept (see foldersToRemove). */
const OTHER_INSTALLS_KEPT = 3;
const DIGEST_BYTES = 20;
const digest = (data: Buffer) => createHash("sha1").update(data).digest();

function readdirSafe(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
