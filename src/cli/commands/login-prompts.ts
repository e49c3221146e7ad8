// `login`'s questions in a terminal: each answer is checked as it is given and a wrong one is
// asked again (a URL nothing answers at, a key the proxy refuses), as the first run's screens do.
import type { Interface } from "node:readline/promises";
import { Writable } from "node:stream";
import type { ProviderConfig } from "../../config/providers.js";
import { probeProxy } from "../../gateway/proxy-check.js";

/** Line prompts on stderr; `askHidden` does not echo what is typed. */
export class Prompter {
  private constructor(
    private readonly rl: Interface,
    private readonly echo: { muted: boolean },
  ) {}

  /** node:readline loads here, not with every command. */
  static async open(): Promise<Prompter> {
    const { createInterface } = await import("node:readline/promises");
    const echo = { muted: false };
    const output = new Writable({
      write: (chunk: Buffer, _enc, done) => (echo.muted ? done() : process.stderr.write(chunk, done)),
    });
    const rl = createInterface({ input: process.stdin, output, terminal: true });
    // Ctrl+C leaves quietly with the shell's code for an interrupt; nothing is saved before the last answer.
    rl.on("SIGINT", () => {
      process.stderr.write("\n");
      process.exit(130);
    });
    return new Prompter(rl, echo);
  }

  async ask(question: string): Promise<string> {
    return (await this.rl.question(question)).trim();
  }

  async askHidden(question: string): Promise<string> {
    process.stderr.write(question);
    this.echo.muted = true;
    try {
      return (await this.rl.question("")).trim();
    } finally {
      this.echo.muted = false;
      process.stderr.write("\n");
    }
  }

  close(): void {
    this.rl.close();
  }
}

/** The proxy's URL, asked until something answers there (Enter takes `defaultUrl`). */
export async function askUrl(prompter: Prompter, defaultUrl: string, configured?: ProviderConfig): Promise<string> {
  for (;;) {
    const url = (await prompter.ask(`LiteLLM proxy URL [${defaultUrl}]: `)) || defaultUrl;
    process.stderr.write(`  checking ${url}…\n`);
    const problem = await probeProxy(url, configured);
    if (!problem) return url;
    process.stderr.write(`  ${problem}. Check the URL and try again.\n`);
  }
}

export interface SavedKey {
  key: string;
  /** Where it is: "the environment (LITELLM_API_KEY)" or the .env file's path. */
  from: string;
}

/**
 * Asks for the key until `check` accepts one (it returns the problem, or null). Enter keeps
 * the saved key. Returns the key and where it came from, for the messages after.
 */
export async function askKey(
  prompter: Prompter,
  envKey: string,
  saved: SavedKey | undefined,
  check: (key: string, from: string) => Promise<string | null>,
): Promise<{ key: string; from: string }> {
  const question = saved
    ? `API key [Enter keeps the saved key from ${saved.from}]: `
    : `API key (saved to CODEX_HOME/.env as ${envKey}): `;
  for (;;) {
    const typed = await prompter.askHidden(question);
    const answer = typed
      ? { key: typed, from: "you typed" }
      : saved
        ? { key: saved.key, from: `from ${saved.from}` }
        : null;
    if (!answer) {
      process.stderr.write("  The key is empty.\n");
      continue;
    }
    const problem = await check(answer.key, answer.from);
    if (!problem) return answer;
    process.stderr.write(`  ${problem}\n  Enter the key again (Ctrl+C to stop).\n`);
  }
}
