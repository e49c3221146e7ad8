// `codex-litellm review` and `codex-litellm exec review` (upstream's non-interactive review):
// one review of the uncommitted changes, a base branch, a commit or custom instructions, run on
// `review_model`, its findings printed (or streamed as JSONL with --json).
import { Option, type Command } from "commander";
import { loadConfig } from "../../config/load.js";
import type { ReviewTarget } from "../../protocol/review.js";
import { UserError } from "../../util/errors.js";
import { addSessionOptions } from "../options.js";
import { commonRunOptions, execConfigOptions, keyedConfig, type ExecOptions } from "./exec-cmd.js";

interface ReviewOptions extends ExecOptions {
  uncommitted?: boolean;
  base?: string;
  commit?: string;
  title?: string;
}

/** Adds `review` under `parent` (the program, or `exec`). */
export function registerReviewCommand(parent: Command, description: string): void {
  addSessionOptions(parent.command("review").description(description))
    .argument("[prompt]", "custom review instructions ('-' reads them from stdin)")
    .addOption(
      new Option("--uncommitted", "review staged, unstaged and untracked changes").conflicts(["base", "commit"]),
    )
    .addOption(new Option("--base <branch>", "review the changes against a base branch").conflicts("commit"))
    .option("--commit <sha>", "review the changes a commit introduced")
    .option("--title <title>", "the commit's title, shown with the review (with --commit)")
    .option("--json", "print events as JSON lines (the Codex exec --json format)")
    .option("-o, --output-last-message <file>", "write the review's text to <file>")
    .addOption(
      new Option("--color <when>", "colour in human output").choices(["always", "never", "auto"]).default("auto"),
    )
    .option("--skip-git-repo-check", "allow running outside a git repository")
    .option("--ephemeral", "do not record the session (no rollout file)")
    .action(async (promptArg: string | undefined, opts: ReviewOptions, cmd: Command) => {
      const target = await reviewTarget(promptArg, opts);
      const config = keyedConfig(await loadConfig(execConfigOptions(cmd)));
      const [{ reviewRequest }, { runExec }] = await Promise.all([
        import("../../agent/review/review-request.js"),
        import("../../headless/run-exec.js"),
      ]);
      const review = reviewRequest(target);
      process.exitCode = await runExec({
        ...commonRunOptions(opts, config, review.user_facing_hint),
        review,
        ephemeral: opts.ephemeral === true,
      });
    });
}

async function reviewTarget(promptArg: string | undefined, opts: ReviewOptions): Promise<ReviewTarget> {
  if (opts.title !== undefined && opts.commit === undefined)
    throw new UserError("review: --title needs --commit <sha>");
  const chosen = [opts.uncommitted && "--uncommitted", opts.base && "--base", opts.commit && "--commit"].filter(
    Boolean,
  );
  if (chosen.length > 0 && promptArg !== undefined)
    throw new UserError(`review: ${chosen[0]} and custom instructions cannot be combined`);
  if (opts.uncommitted) return { type: "uncommittedChanges" };
  if (opts.base !== undefined) return { type: "baseBranch", branch: opts.base };
  if (opts.commit !== undefined) return { type: "commit", sha: opts.commit, title: opts.title ?? null };
  if (promptArg === undefined)
    throw new UserError("review: give --uncommitted, --base <branch>, --commit <sha>, or custom review instructions");
  if (promptArg !== "-") return { type: "custom", instructions: promptArg };
  const { resolvePrompt } = await import("../../headless/run-exec.js");
  return { type: "custom", instructions: await resolvePrompt("-") };
}
