// The `codex-litellm` command (package.json `bin`). CommonJS, so `--version` is answered
// without Node's ES-module loader, and the interactive UI's first frame is on screen before the
// UI's code is loaded. Every command then loads the CommonJS form of the bundle's chunks with
// V8's code cache (cli/commonjs-chunks.ts): Node 20 caches no compilation of ES modules. The
// ES-module entry next to it (dist/cli.js) is the same program for `node dist/cli.js`.
import { errorMessage } from "../util/errors.js";
import type {} from "../util/code-cache.js"; // the declaration of globalThis.__codexLitellmCodeCache
import { APPLY_PATCH_HELPER_ARG, REAPER_ARG } from "../tools/hidden-modes.js";
import { isVersionRequest, VERSION_LINE } from "../version.js";
import { isPlainInteractiveStart } from "./start-kind.js";

/** Set by scripts/bundle.mjs: the chunks exporting `main` and `runInteractive`, and a name for this build's CommonJS chunks. */
declare const __CODEX_LITELLM_MAIN_CHUNK__: string | undefined;
declare const __CODEX_LITELLM_INTERACTIVE_CHUNK__: string | undefined;
declare const __CODEX_LITELLM_CJS_BUILD__: string | undefined;

const argv = process.argv.slice(2);
if (isVersionRequest(argv)) {
  process.stdout.write(`${VERSION_LINE}\n`);
} else if (argv[0] === APPLY_PATCH_HELPER_ARG) {
  // The agent's apply_patch helper, run inside the sandbox (tools/apply-patch/sandbox-helper.ts).
  void import("../tools/apply-patch/sandbox-helper.js").then((helper) => helper.serveApplyPatchHelper());
} else if (argv[0] === REAPER_ARG) {
  // Kills what the agent started once it has ended (tools/exec/reaper-main.ts).
  void import("../tools/exec/reaper-main.js").then((reaper) => reaper.serveReaper());
} else if (
  typeof __CODEX_LITELLM_MAIN_CHUNK__ === "string" &&
  typeof __CODEX_LITELLM_INTERACTIVE_CHUNK__ === "string"
) {
  void startCommonJs(
    __CODEX_LITELLM_MAIN_CHUNK__,
    __CODEX_LITELLM_INTERACTIVE_CHUNK__,
    __CODEX_LITELLM_CJS_BUILD__ ?? "dev",
  );
} else {
  void startEsm();
}

/** Only a start without arguments can be the UI's: other commands do not load the frame's code. */
async function drawFrame(): Promise<typeof import("../tui/first-frame-handover.js") | null> {
  const frame = argv.length === 0 ? await import("../tui/first-frame-handover.js") : null;
  frame?.drawInstantFrame();
  return frame;
}

async function startCommonJs(mainChunk: string, interactiveChunk: string, build: string): Promise<void> {
  const frame = await drawFrame();
  // Loaded here, not with the launcher: `--version` needs none of it (node:crypto, node:vm).
  const [{ CommonJsChunks }, { exitWhenFlushed }] = await Promise.all([
    import("./commonjs-chunks.js"),
    import("./exit-when-flushed.js"),
  ]);
  const chunks = new CommonJsChunks(__dirname, build);
  globalThis.__codexLitellmCodeCache = { store: () => chunks.storeCaches() }; // util/code-cache.ts
  const interactive = isPlainInteractiveStart(argv);
  const [chunk, name] = interactive ? [interactiveChunk, "runInteractive"] : [mainChunk, "main"];
  let run: unknown;
  try {
    const exports = chunks.load(chunk);
    run = exports && typeof exports === "object" && name in exports ? Reflect.get(exports, name) : undefined;
    if (typeof run !== "function") throw new Error(`it exports no ${name}()`);
  } catch (err) {
    frame?.dismissInstantFrame();
    process.stderr.write(`codex-litellm: cannot load ${chunk}: ${errorMessage(err)}\n`);
    process.exitCode = 1;
    return;
  }
  // main() of cli/main.ts or runInteractive() of cli/interactive.ts: the exit code.
  const code: unknown = await Reflect.apply(run, undefined, interactive ? [] : [argv]);
  exitWhenFlushed(typeof code === "number" ? code : 1, () => chunks.storeCaches());
}

/** Without the bundle's CommonJS chunks: the ES-module entry next to this file. */
async function startEsm(): Promise<void> {
  const frame = await drawFrame();
  const entry = "./cli.js"; // resolved next to this file at run time, not bundled
  try {
    await import(entry);
  } catch (err) {
    frame?.dismissInstantFrame();
    process.stderr.write(`codex-litellm: cannot load ${entry}: ${errorMessage(err)}\n`);
    process.exitCode = 1;
  }
}
