// Upstream's `[tui] status_line`: the footer shows the listed items, in order, joined by " · ";
// an item with nothing to show (a branch outside git, tokens before the first turn, ChatGPT's
// plan limits, which a LiteLLM proxy has none of) is left out. Unknown ids are named once.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { useEffect, useState } from "react";
import { tildePath } from "../util/paths.js";
import { VERSION } from "../version.js";
import { percentLeft, type UiState } from "./state.js";

/** Upstream 0.171's item ids (`context-used` is its older name of the context meter). */
export const STATUS_LINE_ITEMS = [
  "model-name",
  "model-with-reasoning",
  "current-dir",
  "project-root",
  "git-branch",
  "context-remaining",
  "context-used",
  "five-hour-limit",
  "weekly-limit",
  "codex-version",
  "context-window-size",
  "used-tokens",
  "total-input-tokens",
  "total-output-tokens",
  "session-id",
  "fast-mode",
] as const;

export type StatusLineItem = (typeof STATUS_LINE_ITEMS)[number];

const isItem = (id: string): id is StatusLineItem => STATUS_LINE_ITEMS.some((item) => item === id);

/** The configured ids we do not know, for one notice at start. */
export function unknownStatusLineItems(ids: readonly string[]): string[] {
  return ids.filter((id) => !isItem(id));
}

export interface StatusFacts {
  model: string;
  effort?: string;
  cwd: string;
  git: GitFacts;
}

export interface GitFacts {
  branch: string | null;
  root: string | null;
}

const k = (n: number) => (n >= 1000 ? `${(n / 1000).toFixed(n >= 100_000 ? 0 : 1)}k` : String(n));

function itemText(item: StatusLineItem, state: UiState, facts: StatusFacts): string | null {
  const left = percentLeft(state);
  const total = state.total;
  switch (item) {
    case "model-name":
      return facts.model || null;
    case "model-with-reasoning":
      return facts.model ? `${facts.model}${facts.effort ? ` ${facts.effort}` : ""}` : null;
    case "current-dir":
      return tildePath(facts.cwd);
    case "project-root":
      return facts.git.root && path.basename(facts.git.root);
    case "git-branch":
      return facts.git.branch;
    case "context-remaining":
      return left === null ? null : `${left}% context left`;
    case "context-used":
      return left === null ? null : `${100 - left}% context used`;
    case "codex-version":
      return `v${VERSION}`;
    case "context-window-size":
      return state.session ? `${k(state.session.contextWindow.window)} window` : null;
    case "used-tokens":
      return total?.total_tokens ? `${k(total.total_tokens)} used` : null;
    case "total-input-tokens":
      return `${k(total?.input_tokens ?? 0)} in`;
    case "total-output-tokens":
      return `${k(total?.output_tokens ?? 0)} out`;
    case "session-id":
      return state.session?.sessionId ?? null;
    case "five-hour-limit":
    case "weekly-limit":
    case "fast-mode":
      return null;
  }
}

/** The footer's text for `ids` (unknown ids and items with nothing to show left out). */
export function statusLineText(ids: readonly string[], state: UiState, facts: StatusFacts): string {
  return ids
    .filter(isItem)
    .map((item) => itemText(item, state, facts))
    .filter((text): text is string => !!text)
    .join(" · ");
}

const run = promisify(execFile);
const git = (cwd: string, args: string[]) =>
  run("git", args, { cwd, timeout: 5_000 }).then(
    ({ stdout }) => stdout.trim() || null,
    () => null,
  );

/** The branch and repository root of `cwd`, read when `wanted`, again after each turn (`running` flips). */
export function useGitFacts(cwd: string, wanted: boolean, running: boolean): GitFacts {
  const [facts, setFacts] = useState<GitFacts>({ branch: null, root: null });
  useEffect(() => {
    if (!wanted || running) return;
    void Promise.all([git(cwd, ["branch", "--show-current"]), git(cwd, ["rev-parse", "--show-toplevel"])]).then(
      ([branch, root]) => setFacts({ branch, root }),
    );
  }, [cwd, wanted, running]);
  return facts;
}
