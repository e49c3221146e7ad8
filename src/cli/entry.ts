// Process entry. Kept tiny: `--version` is answered without loading the CLI parser,
// config or model client; a plain `codex-litellm` in a terminal imports only the UI's first
// frame (cli/interactive.ts); every other command imports the main chunk.
import { isVersionRequest, VERSION_LINE } from "../version.js";
import { exitWhenFlushed } from "./exit-when-flushed.js";
import { isPlainInteractiveStart } from "./start-kind.js";

const argv = process.argv.slice(2);
if (isVersionRequest(argv)) {
  process.stdout.write(`${VERSION_LINE}\n`);
} else {
  const code = isPlainInteractiveStart(argv)
    ? await (await import("./interactive.js")).runInteractive()
    : await (await import("./main.js")).main(argv);
  exitWhenFlushed(code);
}
