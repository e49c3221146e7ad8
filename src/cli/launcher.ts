// The `codex-litellm` command (package.json `bin`). CommonJS, so `--version` is answered
// before Node starts its ES-module loader (about 5 ms of a 30 ms start), and the interactive
// UI's first frame is on screen before the UI's code is loaded; everything else loads the
// ES-module entry next to it (dist/cli.js).
import { errorMessage } from "../util/errors.js";
import { APPLY_PATCH_HELPER_ARG, REAPER_ARG } from "../tools/hidden-modes.js";
import { isVersionRequest, VERSION_LINE } from "../version.js";

const argv = process.argv.slice(2);
if (isVersionRequest(argv)) {
  process.stdout.write(`${VERSION_LINE}\n`);
} else if (argv[0] === APPLY_PATCH_HELPER_ARG) {
  // The agent's apply_patch helper, run inside the sandbox (tools/apply-patch/sandbox-helper.ts).
  void import("../tools/apply-patch/sandbox-helper.js").then((helper) => helper.serveApplyPatchHelper());
} else if (argv[0] === REAPER_ARG) {
  // Kills what the agent started once it has ended (tools/exec/reaper-main.ts).
  void import("../tools/exec/reaper-main.js").then((reaper) => reaper.serveReaper());
} else {
  void start();
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
