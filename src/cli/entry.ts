// Process entry. Kept tiny: `--version` is answered without loading the CLI parser,
// config or model client; every other command imports the main chunk.
import { VERSION_LINE } from "../version.js";

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-V")) {
  process.stdout.write(`${VERSION_LINE}\n`);
} else {
  const { main } = await import("./main.js");
  process.exitCode = await main(argv);
}
