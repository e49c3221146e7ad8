// Process entry. Kept tiny: `--version` is answered without loading the CLI parser,
// config or model client; every other command imports the main chunk.
import { isVersionRequest, VERSION_LINE } from "../version.js";

const argv = process.argv.slice(2);
if (isVersionRequest(argv)) {
  process.stdout.write(`${VERSION_LINE}\n`);
} else {
  const { main } = await import("./main.js");
  const code = await main(argv);
  process.exitCode = code;
  // The command has finished and awaited everything it wrote. What may still hold the event
  // loop (idle keep-alive sockets to the proxy, a price lookup nobody needs any more) must not
  // delay the exit: leave once stdout and stderr are flushed.
  let pending = 2;
  const done = () => {
    if (--pending === 0) process.exit(code);
  };
  process.stdout.write("", done);
  process.stderr.write("", done);
}
