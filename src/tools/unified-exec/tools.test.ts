// exec_command / write_stdin as the agent calls them: approval under `untrusted` (asked with the
// command, run once approved, not run when declined), refused escalation, stdin closed without
// a tty, and processes that outlive an interrupted turn until /stop or the session's end.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import type { ResolvedConfig } from "../../config/load.js";
import type { AgentEvent, ApprovalDecision } from "../../protocol/events.js";
import { runTool } from "../run-tool.js";
import type { ApprovalQuestion, Tool, ToolContext } from "../tool.js";
import { unifiedExecTools } from "./tools.js";
import { SecretRedactor } from "../../util/redact.js";

const dir = mkdtempSync(path.join(os.tmpdir(), "cl-uexec-tools-"));

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// HOME: the login shells read this scratch folder's (absent) profile, never the machine's.
const shellEnvironmentPolicy: ResolvedConfig["shellEnvironmentPolicy"] = { set: { HOME: dir } };

function setup(
  approvalPolicy: ResolvedConfig["approvalPolicy"],
  answer: ApprovalDecision = "approved",
  extra: Partial<Pick<ResolvedConfig, "granularApproval">> & { sandboxPolicy?: ToolContext["sandboxPolicy"] } = {},
) {
  // Processes numbered from 1000, as the calls below name them.
  const { tools, close, list, stopAll } = unifiedExecTools(true);
  const [execCommand, writeStdin] = tools;
  if (!execCommand || !writeStdin) throw new Error("unifiedExecTools returned no tools");
  const events: AgentEvent[] = [];
  const questions: ApprovalQuestion[] = [];
  let turn = new AbortController();
  const ctx: ToolContext = {
    // The tools read only these settings.
    config: {
      approvalPolicy,
      granularApproval: extra.granularApproval ?? null,
      shellEnvironmentPolicy,
      codexHome: dir,
    } as ResolvedConfig,
    cwd: dir,
    sandboxPolicy: extra.sandboxPolicy ?? { type: "danger-full-access" },
    get signal() {
      return turn.signal;
    },
    emit: (e) => events.push(e),
    requestApproval: (q) => {
      questions.push(q);
      return Promise.resolve({ decision: answer, source: "user" as const, hookMessage: null });
    },
    decided: () => {},
    approvedForSession: new Set(),
    redactor: new SecretRedactor(),
  };
  const run = (tool: Tool, args: Record<string, unknown>) =>
    runTool(
      [tool],
      { kind: "function", callId: `call-${events.length}`, name: tool.name, arguments: JSON.stringify(args) },
      ctx,
    );
  /** Interrupts the turn; the next calls belong to a new one. */
  const interrupt = () => {
    turn.abort();
    turn = new AbortController();
  };
  return { execCommand, writeStdin, run, events, questions, interrupt, close, list, stopAll };
}

describe("exec_command approvals", () => {
  // approval_policy = { granular = { … } } is on-request whose sandbox prompts are rejected when sandbox_approval = false.
  it.each([
    [false, 0, /Granular\.sandbox_approval is false/],
    [true, 1, /^exec_command failed: CreateProcess \{ message: "Rejected\(\\"rejected by user\\"\)" \}$/],
  ])("granular sandbox_approval = %s: an escalation request is asked %i times", async (allowed, asked, said) => {
    const t = setup("on-request", "denied", {
      granularApproval: { sandbox_approval: allowed, rules: true, mcp_elicitations: true },
      sandboxPolicy: { type: "workspace-write" },
    });
    const r = await t.run(t.execCommand, {
      cmd: "touch escalated.txt",
      sandbox_permissions: "require_escalated",
      justification: "needs to write",
    });
    expect(t.questions).toHaveLength(asked);
    expect(r.output).toMatch(said);
    expect(existsSync(path.join(dir, "escalated.txt"))).toBe(false);
    await t.close();
  });

  it("under untrusted a write is asked about with its command, and runs once approved", async () => {
    const t = setup("untrusted", "approved");
    const r = await t.run(t.execCommand, { cmd: "touch approved.txt" });
    expect(t.questions).toHaveLength(1);
    expect(t.questions[0]?.command?.at(-1)).toBe("touch approved.txt");
    expect(r.output).toContain("Process exited with code 0");
    expect(existsSync(path.join(dir, "approved.txt"))).toBe(true);
    await t.close();
  });

  it("declined: not run, the model is told, the UI sees a declined command", async () => {
    const t = setup("untrusted", "denied");
    const r = await t.run(t.execCommand, { cmd: "touch declined.txt" });
    // Upstream 0.171's words for a person's no to exec_command.
    expect(r.output).toBe(`exec_command failed: CreateProcess { message: "Rejected(\\"rejected by user\\")" }`);
    expect(existsSync(path.join(dir, "declined.txt"))).toBe(false);
    expect(t.events.at(-1)).toMatchObject({ type: "command_end", status: "declined" });
    await t.close();
  });

  it("require_escalated outside on-request is refused in upstream's words", async () => {
    const t = setup("never");
    const r = await t.run(t.execCommand, { cmd: "true", sandbox_permissions: "require_escalated" });
    expect(r.output).toBe(
      "approval policy is Never; reject command — you cannot ask for escalated permissions if the approval policy is Never",
    );
    await t.close();
  });
});

describe("exec_command sessions", () => {
  it("bad arguments are one line naming the tool and the field", async () => {
    const t = setup("never");
    const r = await t.run(t.execCommand, { command: "ls" });
    expect(r.output).toMatch(/^failed to parse function arguments: cmd: /);
    await t.close();
  });

  it("without tty, write_stdin with chars says stdin is closed; an empty poll still answers", async () => {
    const t = setup("never");
    const started = await t.run(t.execCommand, { cmd: "sleep 30", yield_time_ms: 250 });
    expect(started.output).toContain("Process running with session ID 1000");
    const typed = await t.run(t.writeStdin, { session_id: 1000, chars: "x" });
    expect(typed.output).toMatch(/stdin is closed for this session; rerun exec_command with tty=true/);
    await t.close();
  });

  it("a process outlives the turn that started it and ends with the session (upstream: unified_exec_keeps_long_running_session_after_turn_end)", async () => {
    const t = setup("never");
    const pidFile = path.join(dir, `uexec-pid-${process.pid}`);
    const started = await t.run(t.execCommand, {
      cmd: `printf '%s' $$ > '${pidFile}' && exec sleep 3000`,
      yield_time_ms: 250,
    });
    expect(started.output).toContain("Process running with session ID 1000");
    await vi.waitFor(() => expect(existsSync(pidFile)).toBe(true), { timeout: 10_000 });
    const pid = Number(readFileSync(pidFile, "utf8"));
    // The turn ended normally (no interrupt): the process still runs and a later call reaches it.
    const polled = await t.run(t.writeStdin, { session_id: 1000, yield_time_ms: 250 });
    expect(polled.output).toContain("Process running with session ID 1000");
    expect(isAlive(pid)).toBe(true);
    await t.close();
    await vi.waitFor(() => expect(isAlive(pid)).toBe(false), { timeout: 10_000 });
  });

  it("an interrupt keeps the processes running: the next turn's write_stdin reaches them and gets what they printed (upstream: unified_exec_interrupt_preserves_long_running_session)", async () => {
    const t = setup("never");
    const pidFile = path.join(dir, `uexec-int-pid-${process.pid}`);
    const started = await t.run(t.execCommand, {
      cmd: `printf '%s' $$ > '${pidFile}'; sleep 1; echo after-interrupt; exec sleep 3000`,
      yield_time_ms: 250,
    });
    expect(started.output).toContain("Process running with session ID 1000");
    // The model waits on it; the user interrupts that wait.
    const waiting = t.run(t.writeStdin, { session_id: 1000, chars: "", yield_time_ms: 30_000 });
    await vi.waitFor(() => expect(existsSync(pidFile)).toBe(true), { timeout: 10_000 });
    const pid = Number(readFileSync(pidFile, "utf8"));
    t.interrupt();
    await waiting;
    expect(t.events.filter((e) => e.type === "command_end")).toEqual([]);
    expect(isAlive(pid)).toBe(true);
    expect(t.list()).toEqual([expect.objectContaining({ sessionId: 1000 })]);
    // The next turn polls it: still running, with the output printed meanwhile.
    await vi.waitFor(() => expect(t.list()[0]?.recentOutput).toEqual(["after-interrupt"]), { timeout: 10_000 });
    const polled = await t.run(t.writeStdin, { session_id: 1000, yield_time_ms: 250 });
    expect(polled.output).toContain("Process running with session ID 1000");
    expect(polled.output).toContain("after-interrupt");
    // /stop kills it and the session goes on; the session's end kills the rest.
    expect(await t.stopAll()).toBe(1);
    await vi.waitFor(() => expect(isAlive(pid)).toBe(false), { timeout: 10_000 });
    expect(t.list()).toEqual([]);
    await t.close();
  });
});
