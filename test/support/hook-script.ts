// A `[hooks]` command for tests: a script that keeps the JSON it got on stdin in a file (what the
// test reads back) and then runs `answer` (what the hook decides), and the TOML that configures it.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { scratchDir } from "./scratch.js";

export function hookScript(answer = "exit 0"): { command: string; stdinFile: string } {
  const dir = scratchDir("hook-");
  const stdinFile = path.join(dir, "stdin.json");
  const script = path.join(dir, "hook.sh");
  writeFileSync(script, `cat > '${stdinFile}'\n${answer}\n`);
  return { command: `sh '${script}'`, stdinFile };
}

/** One `[[hooks.<event>]]` group running `command`, with `matcher` when given. */
export const hooksToml = (event: string, command: string, matcher?: string) =>
  `[[hooks.${event}]]\n${matcher === undefined ? "" : `matcher = ${JSON.stringify(matcher)}\n`}hooks = [{ type = "command", command = ${JSON.stringify(command)} }]\n`;
