// Drives the built CLI in a real terminal: a detached tmux session, keys typed with
// send-keys, the screen read with capture-pane. Every test process has a tmux server of its own
// (`-L`, no config file) started with a clean environment, so a pane sees only the variables a
// test passes: nothing of the runner's environment (keys included) and nothing of another
// tmux server's.
import { execFileSync, spawnSync, type ExecFileSyncOptions } from "node:child_process";
import { CLI } from "./cli.js";

const SOCKET = `cl-test-${process.pid}`;
const SERVER_ENV = {
  PATH: process.env.PATH ?? "/usr/bin:/bin",
  ...(process.env.TMUX_TMPDIR ? { TMUX_TMPDIR: process.env.TMUX_TMPDIR } : {}),
};

function tmux(args: string[], options: ExecFileSyncOptions = {}): string {
  return execFileSync("tmux", ["-L", SOCKET, "-f", "/dev/null", ...args], {
    encoding: "utf8",
    env: SERVER_ENV,
    ...options,
  }) as string;
}

/** tmux is installed; with REQUIRE_TMUX=1 (CI) its absence fails the test file instead of skipping it. */
export const hasTmux = spawnSync("tmux", ["-V"]).status === 0;
if (!hasTmux && process.env.REQUIRE_TMUX === "1")
  throw new Error("tmux is required (REQUIRE_TMUX=1) but `tmux -V` failed: install tmux");

let counter = 0;

export class TmuxTerminal {
  readonly name = `cl-${process.pid}-${++counter}`;

  constructor(
    args: string[],
    env: Record<string, string>,
    options: {
      cwd: string;
      width?: number;
      height?: number;
      /** Another build's dist/cli.cjs. */
      cli?: string;
      /** Run `args` as a command of its own (e.g. a launcher that starts the CLI), not as the CLI's arguments. */
      command?: boolean;
    },
  ) {
    const envArgs = Object.entries({ TERM: "xterm-256color", ...env }).flatMap(([k, v]) => ["-e", `${k}=${v}`]);
    const command = (options.command ? args : [process.execPath, options.cli ?? CLI, ...args])
      .map((a) => `'${a.replace(/'/g, "'\\''")}'`)
      .join(" ");
    // `; sleep 60` keeps the pane open after the program exits, so its last output can be read.
    tmux([
      "new-session",
      "-d",
      "-s",
      this.name,
      "-x",
      String(options.width ?? 140),
      "-y",
      String(options.height ?? 45),
      "-c",
      options.cwd,
      ...envArgs,
      `${command}; echo "[exit $?]"; sleep 60`,
    ]);
  }

  /** Types text literally (no key names). */
  type(text: string): void {
    tmux(["send-keys", "-t", this.name, "-l", text]);
  }

  /** Pastes `text` as a terminal does (bracketed, when the program asked for it: `paste-buffer -p`). */
  paste(text: string): void {
    tmux(["set-buffer", "-b", this.name, "--", text]);
    tmux(["paste-buffer", "-p", "-d", "-b", this.name, "-t", this.name]);
  }

  /** Types a line and presses Enter (a message, a slash command, an answer to a prompt). */
  submit(text: string): void {
    this.type(text);
    this.press("Enter");
  }

  /** Types a line, presses Enter and waits until the screen matches `until`; returns the screen. */
  send(text: string, until: RegExp | string, timeoutMs?: number): Promise<string> {
    this.submit(text);
    return this.waitFor(until, timeoutMs);
  }

  /** Presses `key` and waits until the screen matches `until`; returns the screen. */
  key(key: string, until: RegExp | string, timeoutMs?: number): Promise<string> {
    this.press(key);
    return this.waitFor(until, timeoutMs);
  }

  /** Resizes the terminal, as a user dragging the window's corner does. */
  resize(width: number, height: number): void {
    tmux(["resize-window", "-t", this.name, "-x", String(width), "-y", String(height)]);
  }

  /** Sends tmux key names: Enter, Escape, C-c, Up, Down, Tab, BSpace… */
  press(...keys: string[]): void {
    tmux(["send-keys", "-t", this.name, ...keys]);
  }

  /** The visible screen plus scrollback, as plain text. */
  /** From now on, appends everything the program writes (raw bytes, escapes included) to `file`. */
  pipeOutput(file: string): void {
    tmux(["pipe-pane", "-o", "-t", this.name, `cat >> '${file.replace(/'/g, "'\\''")}'`]);
  }

  screen(): string {
    return tmux(["capture-pane", "-p", "-J", "-S", "-2000", "-t", this.name]);
  }

  /** Waits until the screen matches, or fails with what the screen showed. */
  async waitFor(pattern: RegExp | string, timeoutMs = 40_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = this.screen();
      if (typeof pattern === "string" ? screen.includes(pattern) : pattern.test(screen)) return screen;
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for ${String(pattern)}; the screen shows:\n${screen}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** The pid of the program itself (the pane's shell runs it as a child). */
  programPid(): number | null {
    const shell = tmux(["display-message", "-p", "-t", this.name, "#{pane_pid}"]).trim();
    const child = spawnSync("pgrep", ["-P", shell, "-f", CLI], { encoding: "utf8" }).stdout.trim().split("\n")[0];
    return child ? Number(child) : null;
  }

  /**
   * What the program left the terminal in: cursor shown, main screen (not the alternate one),
   * and the line discipline's canonical mode and echo (raw mode switched off again).
   */
  terminalState(): { cursorVisible: boolean; alternateScreen: boolean; canonical: boolean; echo: boolean } {
    const [cursor, alternate, tty] = tmux([
      "display-message",
      "-p",
      "-t",
      this.name,
      "#{cursor_flag} #{alternate_on} #{pane_tty}",
    ])
      .trim()
      .split(" ");
    const modes = execFileSync("stty", ["-a", "-F", tty ?? ""], { encoding: "utf8" }).split(/\s+/);
    return {
      cursorVisible: cursor === "1",
      alternateScreen: alternate === "1",
      canonical: modes.includes("icanon"),
      echo: modes.includes("echo"),
    };
  }

  kill(): void {
    spawnSync("tmux", ["-L", SOCKET, "kill-session", "-t", this.name], { env: SERVER_ENV });
  }
}
