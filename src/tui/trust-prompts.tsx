// What the UI asks before a session starts, as upstream Codex asks: whether to trust the working
// folder (when no decision is saved for it and no --sandbox/--ask-for-approval flag chose for this
// run), and whether to trust config.toml hooks that are new or changed. Both answers are saved to
// config.toml the way upstream saves them, so either tool reads them.
import React from "react";
import type { ConfigFlags, ResolvedConfig } from "../config/load.js";
import { trustHooks, type HookToReview } from "../config/hook-trust.js";
import { saveProjectTrust } from "../config/project-trust.js";
import { SelectList } from "./components/SelectList.js";
import { screen } from "./screen.js";

/**
 * The folder prompt is for an undecided folder whose permissions this run's flags did not choose
 * (as upstream). Here a decision only sets the default sandbox and approvals, so a config that sets
 * both is not asked either: the answer would change nothing.
 */
export function asksFolderTrust(config: ResolvedConfig, flags: ConfigFlags = {}): boolean {
  const { effective } = config;
  const bothSet = effective.sandbox_mode !== undefined && effective.approval_policy !== undefined;
  return (
    config.projectTrust.level === null &&
    flags.sandboxMode === undefined &&
    flags.approvalPolicy === undefined &&
    !bothSet
  );
}

export function asksHookTrust(config: ResolvedConfig): boolean {
  return config.hooksToReview.length > 0;
}

/** Upstream's folder-access question; false when the user chose to quit. */
export async function askFolderTrust(config: ResolvedConfig): Promise<boolean> {
  const { folder } = config.projectTrust;
  const trusted = await choose(
    "Folder access",
    [
      folder,
      "",
      "Trust this folder? codex-litellm can read, edit, and run files here, subject to your permission",
      "settings. Continue only if you trust these files. Your trust decision will be saved.",
    ],
    "1. Trust and continue",
    "2. Quit",
  );
  if (trusted) await saveProjectTrust(config.configFile, folder, "trusted");
  return trusted;
}

const SHOWN_HOOKS = 5;

/** Upstream's hook review: trust every hook listed, or start without them (they do not run). */
export async function askHookTrust(config: ResolvedConfig): Promise<void> {
  const hooks = config.hooksToReview;
  const listed = hooks.slice(0, SHOWN_HOOKS).map((hook) => `  ${hook.event}: ${hook.command}${modified(hook)}`);
  if (hooks.length > SHOWN_HOOKS) listed.push(`  … and ${hooks.length - SHOWN_HOOKS} more`);
  const trust = await choose(
    "Hooks need review",
    [
      hooks.length === 1 ? "1 hook is new or changed." : `${hooks.length} hooks are new or changed.`,
      ...listed,
      "",
      "Hooks can run outside the sandbox after you trust them.",
    ],
    "Trust all and continue",
    "Continue without trusting (hooks won't run)",
  );
  if (trust) await trustHooks(config.configFile, hooks);
}

const modified = (hook: HookToReview) => (hook.modified ? " (modified since last trusted)" : "");

/** A question of two answers on a screen of its own; Esc is the second. */
function choose(title: string, body: string[], yes: string, no: string): Promise<boolean> {
  return screen<boolean>(
    (done) => (
      <SelectList
        title={title}
        body={body}
        items={[
          { label: yes, value: true },
          { label: no, value: false },
        ]}
        onSelect={done}
        onCancel={() => done(false)}
      />
    ),
    true,
  );
}
