// The `codex-litellm` command (package.json `bin`). CommonJS, so `--version` is answered
// before Node starts its ES-module loader (about 5 ms of a 30 ms start), and the interactive
// UI's first frame is on screen before the UI's code is loaded; everything else loads the
// ES-module entry next to it (dist/cli.js), except `exec`, which loads the CommonJS form of the
// same chunks with V8's code cache (cli/commonjs-chunks.ts).
import { errorMessage } from "../util/errors.js";
import { APPLY_PATCH_HELPER_ARG, REAPER_ARG } from "../tools/hidden-modes.js";
import { isVersionRequest, VERSION_LINE } from "../version.js";

/** Set by scripts/bundle.mjs: the chunk exporting `main`, and a name for this build's CommonJS chunks. */
declare const __CODEX_LITELLM_MAIN_CHUNK__: string | undefined;
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
} else if ((argv[0] === "exec" || argv[0] === "e") && typeof __CODEX_LITELLM_MAIN_CHUNK__ === "string") {
  void startExec(__CODEX_LITELLM_MAIN_CHUNK__, __CODEX_LITELLM_CJS_BUILD__ ?? "dev");
} else {
  void start();
}

async function startExec(mainChunk: string, build: string): Promise<void> {
  // Loaded here, not with the launcher: `--version` needs none of it (node:crypto, node:vm).
  const [{ CommonJsChunks }, { exitWhenFlushed }] = await Promise.all([
    import("./commonjs-chunks.js"),
    import("./exit-when-flushed.js"),
  ]);
  const chunks = new CommonJsChunks(__dirname, build);
  let run: unknown;
  try {
    const exports = chunks.load(mainChunk);
    run = exports && typeof exports === "object" && "main" in exports ? exports.main : undefined;
    if (typeof run !== "function") throw new Error("it exports no main()");
  } catch (err) {
    process.stderr.write(`codex-litellm: cannot load ${mainChunk}: ${errorMessage(err)}\n`);
    process.exitCode = 1;
    return;
  }
  // main() of cli/main.ts: the exit code.
  const code: unknown = await Reflect.apply(run, undefined, [argv]);
  exitWhenFlushed(typeof code === "number" ? code : 1, () => chunks.storeCaches());
}

async function start(): Promise<void> {
  // Only a start without arguments can be the UI's: other commands do not load the frame's code.
  const frame = argv.length === 0 ? await import("../tui/first-frame-handover.js") : null;
  frame?.drawInstantFrame();
  const entry = "./cli.js"; // resolved next to this file at run time, not bundled
  try {
    await import(entry);
  } catch (err) {
    frame?.dismissInstantFrame();
    process.stderr.write(`codex-litellm: cannot load ${entry}: ${errorMessage(err)}\n`);
    process.exitCode = 1;
  }
}
