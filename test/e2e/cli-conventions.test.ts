// Command-line mistakes answered as CLI users expect, read from stderr and the exit code.
import { rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { runCli, tempHome } from "../support/cli.js";

const home = tempHome();
afterAll(() => rmSync(home, { recursive: true, force: true }));
const run = (args: string[], input?: string) => runCli(args, { home, input });
/** Runs a command line the CLI must refuse as a usage error (exit 2). */
async function usageError(args: string[], input = "") {
  const r = await run(args, input);
  expect(r.code).toBe(2);
  return r;
}

describe("command-line conventions", () => {
  it("an unknown option ends with where the command's help is", async () => {
    expect((await usageError(["--bogus"])).stderr).toBe(
      "codex-litellm: unknown option '--bogus'\nFor more information, try 'codex-litellm --help'.\n",
    );
    expect((await usageError(["exec", "--bogus"])).stderr).toBe(
      "codex-litellm: unknown option '--bogus'\nFor more information, try 'codex-litellm exec --help'.\n",
    );
  });

  it("help <unknown> names what was unknown, with the closest command", async () => {
    const r = await usageError(["help", "bogus"]);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      "codex-litellm: help: unknown command 'bogus'\nFor more information, try 'codex-litellm --help'.\n",
    );
    const typo = await run(["help", "doctr"], "");
    expect(typo.stderr.split("\n")[0]).toBe("codex-litellm: help: unknown command 'doctr' (did you mean 'doctor'?)");
  });

  it("a mistyped subcommand gets a did-you-mean, piped or followed by a prompt", async () => {
    expect((await usageError(["exce"], "fix the bug\n")).stderr).toBe(
      "codex-litellm: unknown command 'exce' (did you mean 'exec'?)\nFor more information, try 'codex-litellm --help'.\n",
    );
    expect((await usageError(["logni", "now"])).stderr.split("\n")[0]).toBe(
      "codex-litellm: unknown command 'logni' (did you mean 'login'?)",
    );
  });
});

describe("one help layout", () => {
  const commands = [
    [],
    ["exec"],
    ["resume"],
    ["login"],
    ["logout"],
    ["doctor"],
    ["telemetry"],
    ["telemetry", "summary"],
    ["mcp"],
    ["mcp", "add"],
    ["config"],
    ["config", "set"],
    ["completion"],
    ["debug"],
  ];

  it.each(commands.map((c) => [c.join(" ") || "(top)", c] as const))(
    "%s --help: usage first, the same documentation lines last; the main commands show examples",
    async (_name, command) => {
      const r = await run([...command, "--help"]);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^Usage: codex-litellm${command.map((c) => ` ${c}`).join("")}[ |]`));
      const tail = r.stdout.trimEnd().split("\n").slice(-2);
      expect(tail[0]).toMatch(/^Documentation: \/.*README\.md$/);
      expect(tail[1]).toContain("codex-litellm doctor");
      if (command.length === 1 || command.length === 0)
        expect(r.stdout).toMatch(
          new RegExp(`\\nExamples:\\n  (\\S+ \\| )?codex-litellm${command.length ? ` ${command[0]}` : ""}`),
        );
    },
  );
});
