import { describe, expect, it } from "vitest";
import type { ResponseItem } from "../gateway/items.js";
import { DeclinedCommandTracker } from "./declined-commands.js";

const call = (call_id: string, name: string, args: unknown): ResponseItem => ({
  type: "function_call",
  name,
  arguments: JSON.stringify(args),
  call_id,
});
const output = (call_id: string, text: string): ResponseItem => ({
  type: "function_call_output",
  call_id,
  output: text,
});

describe("declined commands in a rollout", () => {
  it("names the command of a declined, cancelled or upstream-rejected call, and nothing else", () => {
    const tracker = new DeclinedCommandTracker();
    const seen = [
      call("a", "exec_command", { cmd: "rm -rf build" }),
      output("a", "command not run: needs approval; approval was declined"),
      call("b", "shell", { command: ["git", "push", "--force"] }),
      output("b", "command not run: needs approval; approval was refused and the turn aborted"),
      call("c", "shell", { command: ["ls"] }),
      output("c", "exec command rejected by user"),
      call("d", "exec_command", { cmd: "echo ok" }),
      output("d", "ok"),
      call("e", "read_file", { path: "x" }),
      output("e", "command not run: approval was declined"),
      call("f", "exec_command", { cmd: "make deploy" }),
      output("f", 'exec_command failed: CreateProcess { message: "Rejected(\\"rejected by user\\")" }'),
      call("g", "exec_command", { cmd: "make release" }),
      output("g", 'exec_command failed: CreateProcess { message: "Rejected(\\"not on this repo\\")" }'),
    ].map((item) => tracker.observe(item));
    expect(seen.filter((d) => d !== null)).toEqual([
      { command: "rm -rf build", aborted: false },
      { command: "git push --force", aborted: true },
      { command: "ls", aborted: false },
      { command: "make deploy", aborted: false },
    ]);
  });
});
