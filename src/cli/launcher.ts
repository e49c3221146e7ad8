// The `codex-litellm` command (package.json `bin`). CommonJS, so `--version` is answered
// before Node starts its ES-module loader (about 5 ms of a 30 ms start), and the interactive
// UI's first frame is on screen before the UI's code is loaded; everything else loads the
// ES-module entry next to it (dist/cli.js).
import { errorMessage } from "../util/errors.js";
import { isVersionRequest, VERSION_LINE } from "../version.js";

const argv = process.argv.slice(2);
if (isVersionRequest(argv)) {
  process.stdout.write(`${VERSION_LINE}\n`);
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
