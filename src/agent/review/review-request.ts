// A review's target as the reviewer is asked about it (the first user message of its turn) and
// as the user is shown it (upstream's hints: "current changes", "changes against 'main'", …).
import type { ReviewRequest, ReviewTarget } from "../../protocol/review.js";
import { UserError } from "../../util/errors.js";

/** The request for `target`; custom instructions must say something. */
export function reviewRequest(target: ReviewTarget): ReviewRequest {
  if (target.type === "custom" && !target.instructions.trim())
    throw new UserError("review: the custom review instructions are empty");
  return { target, user_facing_hint: reviewHint(target) };
}

export function reviewHint(target: ReviewTarget): string {
  switch (target.type) {
    case "uncommittedChanges":
      return "current changes";
    case "baseBranch":
      return `changes against '${target.branch}'`;
    case "commit": {
      const short = target.sha.slice(0, 7);
      return target.title ? `commit ${short}: ${target.title}` : `commit ${short}`;
    }
    case "custom":
      return target.instructions.trim();
  }
}

/** What the reviewer is asked to look at. */
export function reviewPrompt(target: ReviewTarget): string {
  switch (target.type) {
    case "uncommittedChanges":
      return "Review the changes in the working tree that are not committed yet: staged, unstaged and untracked files (`git status`, `git diff HEAD`, and read new files whole). Report what should be fixed, most important first.";
    case "baseBranch": {
      const b = target.branch;
      return `Review what this branch would bring into '${b}'. Find where it forked from ${b} (prefer ${b}'s upstream: \`git merge-base HEAD "$(git rev-parse --abbrev-ref "${b}@{upstream}" 2>/dev/null || echo ${b})"\`), then read \`git diff\` from that commit. Report what should be fixed before merging, most important first.`;
    }
    case "commit": {
      const label = target.title ? `${target.sha} ("${target.title}")` : target.sha;
      return `Review the changes made by commit ${label} (\`git show ${target.sha}\`). Report what should be fixed, most important first.`;
    }
    case "custom":
      return target.instructions.trim();
  }
}
