import { Option, type Command } from "commander";
import type { ConfigFlags, LoadConfigOptions } from "../config/load.js";
import { APPROVAL_POLICIES, SANDBOX_MODES, type ApprovalPolicy, type SandboxMode } from "../config/schema.js";
import { UserError } from "../util/errors.js";

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** `-c` and `-p`: every command that reads config takes them. */
export function addConfigOptions(cmd: Command): Command {
  return cmd
    .option(
      "-c, --config <key=value>",
      "override a config.toml value; the value is parsed as TOML, else taken as a string (repeatable)",
      collect,
    )
    .option("-p, --profile <name>", "use the [profiles.<name>] table of config.toml");
}

/** The options shared by the interactive command, `exec` and `resume`, named as in Codex. */
export function addSessionOptions(cmd: Command): Command {
  return addConfigOptions(cmd)
    .option("-m, --model <model>", "model to use (a model name your LiteLLM proxy serves)")
    .option("-C, --cd <dir>", "run in <dir> instead of the current directory")
    .addOption(new Option("-s, --sandbox <mode>", "sandbox for model-run commands").choices(SANDBOX_MODES))
    .addOption(
      new Option("-a, --ask-for-approval <policy>", "when to ask before running a command").choices(APPROVAL_POLICIES),
    )
    .option("--full-auto", "low-friction mode: --sandbox workspace-write and --ask-for-approval on-request")
    .option(
      "--dangerously-bypass-approvals-and-sandbox",
      "run every command without asking and without a sandbox (only inside an external sandbox)",
    )
    .option(
      "--dangerously-bypass-hook-trust",
      "run enabled hooks (config.toml, -c) without requiring them to be trusted first (this run only)",
    )
    .option("--telemetry", "record telemetry for this run (overrides [telemetry] enabled)")
    .option("--no-telemetry", "record no telemetry for this run");
}

interface RawOptions {
  config?: string[];
  profile?: string;
  model?: string;
  cd?: string;
  sandbox?: SandboxMode;
  askForApproval?: ApprovalPolicy;
  fullAuto?: boolean;
  dangerouslyBypassApprovalsAndSandbox?: boolean;
  dangerouslyBypassHookTrust?: boolean;
  telemetry?: boolean;
  search?: boolean;
}

/**
 * Collects the config-related options of a command and of every parent command (options
 * given before the subcommand name belong to the parent). The innermost value wins;
 * `-c` flags accumulate, outermost first.
 */
export function configOptionsOf(cmd: Command): LoadConfigOptions {
  const chain: Command[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) chain.unshift(c);
  const merged: RawOptions = {};
  const overrides: string[] = [];
  for (const c of chain) {
    const o = c.opts<RawOptions>();
    overrides.push(...(o.config ?? []));
    Object.assign(merged, Object.fromEntries(Object.entries(o).filter(([k, v]) => v !== undefined && k !== "config")));
  }
  return { overrides, flags: toFlags(merged) };
}

function toFlags(o: RawOptions): ConfigFlags {
  if (o.fullAuto && o.dangerouslyBypassApprovalsAndSandbox) {
    throw new UserError("--full-auto and --dangerously-bypass-approvals-and-sandbox cannot be used together");
  }
  const flags: ConfigFlags = {
    model: o.model,
    profile: o.profile,
    cwd: o.cd,
    telemetry: o.telemetry,
    sandboxMode: o.sandbox,
    approvalPolicy: o.askForApproval,
    webSearch: o.search,
    bypassHookTrust: o.dangerouslyBypassHookTrust,
  };
  if (o.fullAuto) Object.assign(flags, { sandboxMode: "workspace-write", approvalPolicy: "on-request" });
  if (o.dangerouslyBypassApprovalsAndSandbox)
    Object.assign(flags, { sandboxMode: "danger-full-access", approvalPolicy: "never" });
  return flags;
}
