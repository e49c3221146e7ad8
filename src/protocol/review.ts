// A code review (`/review`, `codex-litellm review`): what is reviewed and what the reviewer
// found, in upstream Codex's shapes (its `ReviewRequest` and `ReviewOutputEvent`), which the
// rollout file records as they are.

/** What the reviewer looks at (upstream's `ReviewTarget`, serialised with its camelCase tags). */
export type ReviewTarget =
  | { type: "uncommittedChanges" }
  | { type: "baseBranch"; branch: string }
  | { type: "commit"; sha: string; title: string | null }
  | { type: "custom"; instructions: string };

export interface ReviewRequest {
  target: ReviewTarget;
  /** What the user is shown for the target ("current changes", "commit abc1234: title"). */
  user_facing_hint: string;
}

export interface ReviewFinding {
  title: string;
  body: string;
  confidence_score: number;
  /** 0 is the most urgent (the reviewer's `[P0]`…`[P3]`). */
  priority: number;
  code_location: { absolute_file_path: string; line_range: { start: number; end: number } };
}

export interface ReviewOutput {
  findings: ReviewFinding[];
  overall_correctness: string;
  overall_explanation: string;
  overall_confidence_score: number;
}
