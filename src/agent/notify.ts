// Upstream's `notify = ["program", "arg", …]`: after each completed turn the program runs with one
// more argument, the JSON of an `agent-turn-complete` notification (thread and turn ids, cwd, the
// turn's user messages, the last assistant message). Its output is not read; it gets our
// environment without the provider's secrets. A notification still running when the session
// closes gets a few seconds, then is killed: nothing we start outlives us.
import { spawn, type ChildProcess } from "node:child_process";
import type { AgentEvent } from "../protocol/events.js";
import type { SecretRedactor } from "../util/redact.js";

const CLOSE_GRACE_MS = 5_000;

export interface Notifier {
  /** Wraps the session's event handler: it sees every event, then the notifier does. */
  onEvent(event: AgentEvent): void;
  /** Waits for running notifications (a few seconds at most), then kills what is left. */
  close(): Promise<void>;
}

export function createNotifier(options: {
  argv: readonly string[];
  threadId: string;
  cwd: string;
  /** The session's secrets: a variable holding one is left out of the program's environment. */
  redactor: Pick<SecretRedactor, "isSecret">;
  warn: (message: string) => void;
}): Notifier {
  const running = new Set<ChildProcess>();
  let inputs: string[] = [];
  const [program, ...args] = options.argv;
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([, value]) => value !== undefined && !options.redactor.isSecret(value)),
  );
  const run = (turnId: string, lastMessage: string | null) => {
    if (!program) return;
    const payload = {
      type: "agent-turn-complete",
      "thread-id": options.threadId,
      "turn-id": turnId,
      cwd: options.cwd,
      "input-messages": inputs,
      "last-assistant-message": lastMessage,
    };
    const child = spawn(program, [...args, JSON.stringify(payload)], { cwd: options.cwd, env, stdio: "ignore" });
    running.add(child);
    child.on("error", (err) => options.warn(`notify: cannot run ${program}: ${err.message}`));
    child.on("close", () => running.delete(child));
  };
  return {
    onEvent(event) {
      if (event.type === "turn_started") inputs = event.input ? [event.input.text] : [];
      else if (event.type === "turn_completed") run(event.turnId, event.lastAgentMessage);
    },
    async close() {
      if (running.size === 0) return;
      const ended = Promise.all(
        [...running].map((child) => new Promise<void>((resolve) => child.once("close", () => resolve()))),
      );
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, CLOSE_GRACE_MS)));
      await Promise.race([ended, deadline]);
      clearTimeout(timer);
      for (const child of running) child.kill("SIGKILL");
    },
  };
}
