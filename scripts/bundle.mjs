// Bundles the CLI into dist/ with esbuild. `dist/cli.cjs` (the command) answers `--version`
// without the ES-module loader; `dist/cli.js` is a tiny ES-module entry that imports the main
// chunk only for real work, so start-up never pays for code a command does not use.
import { build, transform } from "esbuild";
import { createHash } from "node:crypto";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import path from "node:path";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = path.join(root, "dist");

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** True when dist/cli.js is newer than every source file, the stubs, this script and package.json. */
export function bundleIsFresh() {
  const entry = path.join(dist, "cli.js");
  if (!existsSync(entry)) return false;
  const inputs = Math.max(
    newestMtime(path.join(root, "src")),
    newestMtime(path.join(root, "scripts", "stubs")),
    statSync(fileURLToPath(import.meta.url)).mtimeMs,
    statSync(path.join(root, "package.json")).mtimeMs,
  );
  return statSync(entry).mtimeMs > inputs;
}

/** `source` with each of `edits` ([text, replacement]) made exactly `times` times, or a build error naming `file`. */
function edited(source, file, edits) {
  for (const [text, replacement, times = 1] of edits) {
    const found = source.split(text).length - 1;
    if (found !== times)
      throw new Error(`bundle: expected ${times} of ${JSON.stringify(text)} in ${file}, found ${found}`);
    source = source.replaceAll(text, replacement);
  }
  return source;
}

/**
 * Yoga (Ink's layout engine) is made ready synchronously, so the UI's chunks have a CommonJS form
 * and load with V8's code cache as exec's do (src/cli/commonjs-chunks.ts); upstream awaits it at
 * top level. Its Emscripten loader carries the WebAssembly as base64 and compiles it
 * asynchronously (after a fetch() of a data: URL where fetch exists, which loaded Node's whole
 * fetch implementation, about 50 ms). Its `instantiateWasm` hook is given the loader's own
 * function returning the module's bytes (decoded with Buffer), and yoga-layout's entry compiles
 * and instantiates the module with them at once: the runtime has started when loadYoga() returns.
 */
const yogaSynchronous = {
  name: "yoga-synchronous",
  setup(b) {
    b.onLoad({ filter: /yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/ }, (args) => ({
      contents: edited(readFileSync(args.path, "utf8"), args.path, [
        ['"function"!=typeof fetch', "true", 2],
        ["return h.instantiateWasm(d,\na)}", "return h.instantiateWasm(d,a,wa)}"],
        // Node's base64 decoder instead of atob() and a loop over the 95 KB (about 5 ms).
        [
          "var b=xa(a.slice(37)),c=new Uint8Array(b.length);for(a=0;a<b.length;++a)c[a]=b.charCodeAt(a);var d=c",
          'var d=new Uint8Array(Buffer.from(a.slice(37),"base64"))',
        ],
      ]),
      loader: "js",
    }));
    b.onLoad({ filter: /yoga-layout[\\/]dist[\\/]src[\\/]index\.js$/ }, (args) => ({
      contents: edited(readFileSync(args.path, "utf8"), args.path, [
        [
          "const Yoga = wrapAssembly(await loadYoga());",
          `const yogaModule = {
  instantiateWasm(imports, receiveInstance, wasmBytes) {
    receiveInstance(new WebAssembly.Instance(new WebAssembly.Module(wasmBytes()), imports));
    return {};
  },
};
loadYoga(yogaModule);
if (!yogaModule.calledRun) throw new Error("yoga-layout did not start synchronously");
const Yoga = wrapAssembly(yogaModule);`,
        ],
      ]),
      loader: "js",
    }));
  },
};

/**
 * Ink's reconciler awaits at top level only when DEV=true (React DevTools, whose package the
 * bundle replaces with a no-op, and Ink's package.json, which the bundle does not ship): both are
 * left out, so its chunk has a CommonJS form (see yogaSynchronous).
 */
const inkWithoutDevtools = {
  name: "ink-without-devtools",
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]ink[\\/]build[\\/]reconciler\.js$/ }, (args) => ({
      contents: edited(readFileSync(args.path, "utf8"), args.path, [
        ["if (isDev()) {", "if (false) {"],
        ["await import('./devtools.js');", "void 0;"],
        ["? await loadPackageJson()", "? { name: undefined, version: undefined }"],
      ]),
      loader: "js",
    }));
  },
};

/**
 * Ink's output grid re-tokenizes every line of every frame; Ink gets
 * scripts/stubs/ansi-tokenize-cached.mjs instead (the same functions, a line's cells kept between
 * frames), which imports the package itself.
 */
const inkTokenizeCache = {
  name: "ink-tokenize-cache",
  setup(b) {
    b.onResolve({ filter: /^@alcalzone\/ansi-tokenize$/ }, (args) =>
      /[\\/]node_modules[\\/]ink[\\/]/.test(args.importer)
        ? { path: path.join(root, "scripts", "stubs", "ansi-tokenize-cached.mjs") }
        : undefined,
    );
  },
};

/**
 * `source` with its top-level regular expressions (`const NAME = /.../flags;`) made when first
 * used: NAME becomes a function returning the one expression, and each use of NAME a call of it.
 * string-width's `\p{RGI_Emoji}` and Unicode sets cost about 15 ms to make as it was evaluated,
 * on the way to the UI's first frame, which its fast path then never asks for.
 */
export function lazyRegExps(source, file) {
  const declarations = [...source.matchAll(/^const (\w+) = (\/.+\/[dgimsuvy]*);$/gm)];
  if (declarations.length === 0) throw new Error(`bundle: no top-level regular expression in ${file}`);
  let out = source;
  for (const [line, name, literal] of declarations) {
    out = out.replace(line, `let ${name}Made;\nconst ${name} = () => (${name}Made ??= ${literal});`);
    out = out.replace(new RegExp(`\\b${name}\\b(?!Made| = \\(\\) =>)`, "g"), `${name}()`);
  }
  return out;
}

/** The copies of string-width 8 the UI's packages hold (one is bundled for all: stringWidthOnce). */
const STRING_WIDTH_COPIES = ["ink", "widest-line", "cli-truncate"].map((owner) =>
  path.join(root, "node_modules", owner, "node_modules", "string-width"),
);

/**
 * Ink, widest-line and cli-truncate each hold a copy of string-width 8, and each copy compiled its
 * own `\p{RGI_Emoji}` on its first non-ASCII measurement: they get scripts/stubs/string-width.mjs,
 * one copy with a fast path. Returns the plugin and the fast path's characters, computed from the
 * package (the stubs' `__ONE_COLUMN_CHARACTERS__`).
 */
async function stringWidthOnce() {
  const versions = new Set(
    STRING_WIDTH_COPIES.map((dir) => JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")).version),
  );
  const [version] = versions;
  if (versions.size !== 1 || !version.startsWith("8."))
    throw new Error(`bundle: expected one string-width 8 in ink, widest-line and cli-truncate, found ${[...versions]}`);
  const real = path.join(STRING_WIDTH_COPIES[0], "index.js");
  const { default: stringWidth } = await import(pathToFileURL(real).href);
  const { narrowCharacters } = await import(
    pathToFileURL(path.join(root, "scripts", "stubs", "string-width-fast-path.mjs")).href
  );
  const plugin = {
    name: "string-width-once",
    setup(b) {
      b.onResolve({ filter: /^string-width$/ }, (args) =>
        /[\\/]node_modules[\\/](ink|widest-line|cli-truncate)[\\/]/.test(args.importer)
          ? { path: path.join(root, "scripts", "stubs", "string-width.mjs") }
          : undefined,
      );
      b.onResolve({ filter: /^string-width-8$/ }, () => ({ path: real }));
      b.onLoad({ filter: /[\\/]string-width[\\/]index\.js$/ }, (args) =>
        args.path === real ? { contents: lazyRegExps(readFileSync(real, "utf8"), real), loader: "js" } : undefined,
      );
      // The strip-ansi that package imports.
      b.onResolve({ filter: /^string-width-8\/strip-ansi$/ }, () =>
        b.resolve("strip-ansi", { kind: "import-statement", resolveDir: STRING_WIDTH_COPIES[0] }),
      );
    },
  };
  return { plugin, narrow: narrowCharacters(stringWidth) };
}

/**
 * `import { z } from "zod"` reaches zod's namespace through a re-exported binding, which esbuild
 * cannot shake across chunks: every locale (about 550 KB) was bundled and evaluated by every
 * command. The same import written `import * as z` is shaken to what is used, so it is read that way.
 */
const zodNamespaceImport = {
  name: "zod-namespace-import",
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/].*\.tsx?$/, namespace: "file" }, (args) => {
      const source = readFileSync(args.path, "utf8");
      if (!source.includes('import { z } from "zod";')) return undefined;
      return {
        contents: source.replace('import { z } from "zod";', 'import * as z from "zod";'),
        loader: args.path.endsWith("x") ? "tsx" : "ts",
      };
    });
  },
};

const ENTRY = "src/cli/entry.ts";
const MAIN = "src/cli/main.ts";
/** The interactive UI's first frame (cli/entry.ts imports interactive.ts, which imports run-tui.tsx): never made heavier. */
const FIRST_FRAME = ["src/cli/interactive.ts", "src/tui/run-tui.tsx"];

function staticClosure(inputs, starts) {
  const seen = new Set();
  const todo = [...starts];
  while (todo.length) {
    const file = todo.pop();
    if (seen.has(file)) continue;
    seen.add(file);
    for (const i of inputs[file]?.imports ?? []) if (!i.external && i.kind !== "dynamic-import") todo.push(i.path);
  }
  return seen;
}

/**
 * Fewer files on exec's path. esbuild gives modules a chunk of their own for each different set
 * of entry points that reach them, and every lazily imported module is an entry point: the UI's
 * session modules, doctor, the MCP and telemetry commands each reach another part of the core,
 * which split what the main command loads into 47 files (about 0.6 ms of ES-module loader work
 * each). Such a module is only loaded after the core (by a command, once the main chunk runs, or
 * by the UI's session), so its `import()` is bundled as if the module also imported the core:
 * the lazily imported modules that the main command imports statically. The core is then one
 * chunk; commands load nothing more than before, and the UI loads its session's code with its
 * config, in one step. The UI's first frame is left as it is.
 * Reads a first build's metafile; returns the core and the lazily imported modules to wrap.
 */
function lazyModulesWithCore(metafile) {
  const { inputs, outputs } = metafile;
  const lazy = new Set();
  for (const input of Object.values(inputs))
    for (const i of input.imports) if (i.kind === "dynamic-import" && !i.external) lazy.add(i.path);
  const mainGraph = staticClosure(inputs, [MAIN]);
  const firstFrame = staticClosure(inputs, [ENTRY, ...FIRST_FRAME]);
  const sharesCore = (file) => [...staticClosure(inputs, [file])].some((f) => mainGraph.has(f) && !firstFrame.has(f));
  const wrappedFiles = [...lazy].filter((file) => file !== MAIN && !firstFrame.has(file) && sharesCore(file));
  // What a wrapped module shares with the main command (lazily imported or not) is imported with
  // the core, so esbuild puts it in the core's chunk instead of a small chunk of its own.
  const shared = wrappedFiles.flatMap((file) =>
    [...staticClosure(inputs, [file])].filter((f) => f !== MAIN && mainGraph.has(f) && !firstFrame.has(f)),
  );
  const core = [...new Set([...[...lazy].filter((file) => file !== MAIN && mainGraph.has(file)), ...shared])];
  const hasDefault = new Set(
    Object.values(outputs)
      .filter((o) => o.entryPoint && o.exports.includes("default"))
      .map((o) => o.entryPoint),
  );
  return { core, wrapped: wrappedFiles.map((file) => ({ file, hasDefault: hasDefault.has(file) })) };
}

/** Resolves `import()` of the modules `lazyModulesWithCore` names to `export * from <module>` plus imports of the core. */
function lazyImportsWithCore({ core, wrapped }) {
  const byPath = new Map(wrapped.map((w) => [path.join(root, w.file), w]));
  const coreImports = core.map((file) => `import ${JSON.stringify(path.join(root, file))};`);
  return {
    name: "lazy-imports-with-core",
    setup(b) {
      b.onResolve({ filter: /.*/ }, async (args) => {
        if (args.kind !== "dynamic-import" || args.pluginData === "plain") return undefined;
        const resolved = await b.resolve(args.path, {
          kind: args.kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          pluginData: "plain",
        });
        return byPath.has(resolved.path) ? { path: resolved.path, namespace: "with-core" } : undefined;
      });
      b.onLoad({ filter: /.*/, namespace: "with-core" }, (args) => {
        const module = JSON.stringify(args.path);
        const exports = [`export * from ${module};`];
        if (byPath.get(args.path)?.hasDefault) exports.push(`export { default } from ${module};`);
        return { contents: [...exports, ...coreImports].join("\n"), resolveDir: root, loader: "js" };
      });
    },
  };
}

/**
 * esbuild writes ASCII (its default charset escapes strings and names) except in the comments it
 * keeps (doc comments of class members, comments between statements) and some regular expressions.
 * One character above U+00FF in a file (an ellipsis, a dash) makes V8 hold the whole file's source
 * two bytes a character: exec's core chunks cost 1.7 MiB more peak memory and about 3 % more CPU
 * that way. Each such UTF-16 unit is written `\uXXXX`, which means the same in a string, a regular
 * expression (with or without the `u` flag) and a name, and is mere text in a comment.
 */
function asciiOnly(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) asciiOnly(file);
    else if (/\.[cm]?js$/.test(entry.name)) {
      const source = readFileSync(file, "utf8");
      const ascii = source.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
      if (ascii !== source) writeFileSync(file, ascii);
    }
  }
}

/**
 * `exec` loads the chunks in CommonJS form, through vm.Script with V8's code cache
 * (src/cli/commonjs-chunks.ts): Node 20 caches no compilation of ES modules. Each chunk of
 * `dir`/chunks is written again as dist/cjs/NAME.cjs, the same code with its imports as require(),
 * the loader's require() for bundled CommonJS code and `import.meta.url` as the chunk's own URL. A chunk awaiting at top level (the UI's: Ink, Yoga)
 * has no CommonJS form, nor has one importing such a chunk. Returns the chunk exporting `main` and
 * a digest of the CommonJS files, which names the build's code cache (V8 checks only a source's
 * length against its cache).
 */
async function commonJsChunks(dir) {
  const chunkDir = path.join(dir, "chunks");
  const cjsDir = path.join(dir, "cjs");
  mkdirSync(cjsDir);
  const converted = new Map();
  const imports = new Map();
  const names = readdirSync(chunkDir).filter((n) => n.endsWith(".js"));
  // In parallel: esbuild converts on all cores (about 110 chunks).
  await Promise.all(
    names.map(async (name) => {
      // The CommonJS form has a require() already: the loader's (a require made per chunk cost each
      // a module-path lookup, enough for V8 to optimise path.normalize, 4 MiB of peak memory).
      const source = readFileSync(path.join(chunkDir, name), "utf8").replace(
        `#!/usr/bin/env node\n${REQUIRE_BANNER}`,
        "",
      );
      imports.set(
        name,
        [...source.matchAll(/^import\s(?:[^;]*?\sfrom\s*)?"\.\/([^"]+)";/gm)].map((m) => m[1]),
      );
      try {
        const { code } = await transform(source, {
          format: "cjs",
          platform: "node",
          target: "node20",
          define: { "import.meta.url": "__cl_meta_url" },
          // import() as require() too, so a lazily imported chunk is loaded in the same form.
          supported: { ...NODE20_REGEXPS, "dynamic-import": false },
          logLevel: "silent",
        });
        converted.set(name, code);
      } catch {
        // top-level await
      }
    }),
  );
  const loadable = (name, seen = new Set()) =>
    converted.has(name) && (seen.has(name) || (seen.add(name), imports.get(name).every((i) => loadable(i, seen))));
  const hash = createHash("sha256");
  for (const [name, code] of [...converted].sort(([a], [b]) => a.localeCompare(b))) {
    if (!loadable(name)) continue;
    writeFileSync(path.join(cjsDir, name.replace(/\.js$/, ".cjs")), code);
    hash.update(name).update(code);
  }
  const entry = readFileSync(path.join(dir, "cli.js"), "utf8");
  const [main, interactive] = ["main", "interactive"].map((name) => {
    const chunk = new RegExp(`import\\("\\./chunks/(${name}-[A-Z0-9]+)\\.js"\\)`).exec(entry)?.[1];
    if (!chunk || !existsSync(path.join(cjsDir, `${chunk}.cjs`)))
      throw new Error(`bundle: the ${name} chunk has no CommonJS form`);
    return chunk;
  });
  return { main, interactive, build: hash.digest("hex").slice(0, 16) };
}

/**
 * Regular expressions Node 20 reads, which esbuild would otherwise write as `new RegExp(...)`
 * calls: a literal's pattern is parsed when first used, a constructor's when the module is
 * evaluated (string-width's `\p{RGI_Emoji}`, made by the UI's code at load, cost 15 ms that way).
 */
const NODE20_REGEXPS = { "regexp-set-notation": true, "regexp-unicode-property-escapes": true };

/** Bundled CommonJS dependencies may call require(); give them one. */
const REQUIRE_BANNER =
  "import { createRequire as __cl_createRequire } from 'node:module';\nconst require = __cl_createRequire(import.meta.url);";

/** The ES-module bundle's options (dist/cli.js and its chunks). */
function esmBuildOptions(pkg, outdir, plugins, stringWidth) {
  return {
    absWorkingDir: root,
    entryPoints: { cli: ENTRY },
    outdir,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    sourcemap: false,
    legalComments: "none",
    chunkNames: "chunks/[name]-[hash]",
    banner: { js: `#!/usr/bin/env node\n${REQUIRE_BANNER}` },
    supported: NODE20_REGEXPS,
    define: {
      __CODEX_LITELLM_VERSION__: JSON.stringify(pkg.version),
      "process.env.NODE_ENV": '"production"',
      __ONE_COLUMN_CHARACTERS__: JSON.stringify(stringWidth.narrow),
      "Intl.Segmenter": "__cl_LazySegmenter",
    },
    inject: ["./scripts/stubs/lazy-segmenter.mjs"],
    jsx: "automatic",
    // Ink imports react-devtools-core for DEV=true only; ship a no-op instead of the package.
    // `debug` (the proxy agents' logging): a silent stub, see scripts/stubs/debug.mjs.
    // `@grpc/grpc-js` (OpenTelemetry over gRPC): its named exports through an ES module, see scripts/stubs/grpc-js.mjs.
    // `kerberos` (Negotiate proxy auth, a native add-on): a stub with a clear error.
    alias: {
      "react-devtools-core": "./scripts/stubs/react-devtools-core.mjs",
      debug: "./scripts/stubs/debug.mjs",
      kerberos: "./scripts/stubs/kerberos.mjs",
      "@grpc/grpc-js": "./scripts/stubs/grpc-js.mjs",
    },
    plugins: [
      yogaSynchronous,
      inkWithoutDevtools,
      zodNamespaceImport,
      inkTokenizeCache,
      stringWidth.plugin,
      ...plugins,
    ],
  };
}

/**
 * Builds into a temp folder and swaps it in with renames, so a process running the old
 * dist/ (another test run) never sees a half-written bundle.
 */
export async function bundle({ quiet = false, ifStale = false } = {}) {
  if (ifStale && bundleIsFresh()) return;
  const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
  const tmp = `${dist}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  const stringWidth = await stringWidthOnce();
  // A first pass only reads the module graph, for lazyModulesWithCore.
  const { metafile } = await build({
    ...esmBuildOptions(pkg, tmp, [], stringWidth),
    write: false,
    metafile: true,
    logLevel: "error",
  });
  await build({
    ...esmBuildOptions(pkg, tmp, [lazyImportsWithCore(lazyModulesWithCore(metafile))], stringWidth),
    logLevel: quiet ? "error" : "info",
  });
  const cjs = await commonJsChunks(tmp);
  // The command itself (package.json `bin`): a CommonJS file answering --version alone.
  await build({
    absWorkingDir: root,
    entryPoints: { cli: "src/cli/launcher.ts" },
    outdir: tmp,
    outExtension: { ".js": ".cjs" },
    bundle: true,
    format: "cjs",
    platform: "node",
    target: "node20",
    legalComments: "none",
    banner: { js: "#!/usr/bin/env node" },
    define: {
      __CODEX_LITELLM_VERSION__: JSON.stringify(pkg.version),
      __CODEX_LITELLM_MAIN_CHUNK__: JSON.stringify(cjs.main),
      __CODEX_LITELLM_INTERACTIVE_CHUNK__: JSON.stringify(cjs.interactive),
      __CODEX_LITELLM_CJS_BUILD__: JSON.stringify(`${pkg.version}-${cjs.build}`),
    },
    logLevel: quiet ? "error" : "info",
  });
  asciiOnly(tmp);
  chmodSync(path.join(tmp, "cli.cjs"), 0o755);
  const old = `${dist}.old-${process.pid}`;
  if (existsSync(dist)) renameSync(dist, old);
  renameSync(tmp, dist);
  rmSync(old, { recursive: true, force: true });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  await bundle();
}
