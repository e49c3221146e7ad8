// The `codex-litellm` command (package.json `bin`). CommonJS, so `--version` is answered
// before Node starts its ES-module loader (about 5 ms of a 30 ms start); everything else
// loads the ES-module entry next to it (dist/cli.js).
import { isVersionRequest, VERSION_LINE } from "../version.js";

const argv = process.argv.slice(2);
if (isVersionRequest(argv)) {
  process.stdout.write(`${VERSION_LINE}\n`);
} else {
  const entry = "./cli.js"; // resolved next to this file at run time, not bundled
  void import(entry);
}
