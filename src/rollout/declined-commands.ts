// Finds, in a rollout's items, the commands a person declined, for the resume transcript: a
// command call whose output says a person refused it (upstream's and ours: "exec command rejected
// by user" from the shell tools, `exec_command failed: CreateProcess { message:
// "Rejected(\"rejected by user\")" }` from exec_command; older rollouts of ours: "command not run:
// …; approval was declined" or "…refused and the turn aborted").
import type { ResponseItem } from "../gateway/items.js";
import { shellJoin } from "../util/shell-quote.js";

export interface DeclinedCommand {
  command: string;
  /** The person cancelled the turn along with the command (upstream: "You canceled the request"). */
  aborted: boolean;
}

const REJECTED_BY_USER = /rejected by user$|Rejected\(\\"rejected by user\\"\)" \}$/;

export class DeclinedCommandTracker {
  /** Command calls waiting for their output, by call id. */
  private readonly pending = new Map<string, string>();

  /** The declined command this item reports, if any; remembers command calls. */
  observe(item: ResponseItem): DeclinedCommand | null {
    if (item.type === "function_call") {
      const command = commandOfCall(item.name, item.arguments);
      if (command !== null) this.pending.set(item.call_id, command);
      return null;
    }
    if (item.type === "local_shell_call") {
      if (item.call_id) this.pending.set(item.call_id, shellJoin(item.action.command));
      return null;
    }
    if (item.type !== "function_call_output") return null;
    const command = this.pending.get(item.call_id);
    if (command === undefined) return null;
    this.pending.delete(item.call_id);
    const output = typeof item.output === "string" ? item.output : "";
    if (/^command not run: .*approval was refused and the turn aborted$/s.test(output))
      return { command, aborted: true };
    if (/^command not run: .*approval was declined$/s.test(output) || REJECTED_BY_USER.test(output.trim()))
      return { command, aborted: false };
    return null;
  }
}

/** The command line of a command tool's call (exec_command, shell, container.exec), else null. */
function commandOfCall(name: string, args: string): string | null {
  if (name !== "exec_command" && name !== "shell" && name !== "container.exec" && name !== "local_shell") return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(args);
  } catch {
    return null;
  }
  if (typeof parsed !== "object" || parsed === null) return null;
  if ("cmd" in parsed && typeof parsed.cmd === "string") return parsed.cmd;
  if ("command" in parsed && Array.isArray(parsed.command) && parsed.command.every((p) => typeof p === "string"))
    return shellJoin(parsed.command);
  return null;
}
