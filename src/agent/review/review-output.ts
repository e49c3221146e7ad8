// The reviewer's answer: upstream's ReviewOutputEvent JSON, read leniently (a JSON object inside
// prose counts; plain prose becomes the explanation), and the text the user is shown for it.
import { z } from "zod";
import type { ReviewFinding, ReviewOutput } from "../../protocol/review.js";

const num = z.number().catch(0);
const findingSchema = z.object({
  title: z.string(),
  body: z.string().catch(""),
  confidence_score: num,
  priority: z.number().int().catch(1),
  code_location: z
    .object({
      absolute_file_path: z.string(),
      line_range: z.object({ start: z.number().int(), end: z.number().int() }),
    })
    .catch({ absolute_file_path: "", line_range: { start: 0, end: 0 } }),
});
const outputSchema = z.object({
  findings: z
    .array(z.unknown())
    .catch([])
    .transform((items) => items.flatMap((item) => findingSchema.safeParse(item).data ?? [])),
  overall_correctness: z.string().catch(""),
  overall_explanation: z.string().catch(""),
  overall_confidence_score: num,
});

const NO_OUTPUT = "The reviewer gave no answer.";

/** The reviewer's last message as a review: its JSON, the first `{…}` in it, or its text as the explanation. */
export function parseReviewOutput(text: string): ReviewOutput {
  const start = text.indexOf("{");
  const end = text.lastIndexOf("}");
  for (const candidate of [text, start >= 0 && end > start ? text.slice(start, end + 1) : null]) {
    if (candidate === null) continue;
    const parsed = outputSchema.safeParse(parseJson(candidate));
    if (parsed.success) return parsed.data;
  }
  return { findings: [], overall_correctness: "", overall_explanation: text, overall_confidence_score: 0 };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The findings as upstream lists them: a header, then `- title — file:start-end` and the body indented. */
export function findingsBlock(findings: readonly ReviewFinding[]): string {
  const lines = [findings.length > 1 ? "Full review comments:" : "Review comment:"];
  for (const { title, body, code_location: where } of findings) {
    const { start, end } = where.line_range;
    lines.push("", `- ${title} — ${where.absolute_file_path}:${start}-${end}`);
    for (const line of body.split("\n")) lines.push(`  ${line}`);
  }
  return lines.join("\n");
}

/** What the user is shown: the explanation, then the findings. */
export function reviewText(output: ReviewOutput): string {
  const sections = [output.overall_explanation.trim()];
  if (output.findings.length > 0) sections.push(findingsBlock(output.findings));
  return sections.filter(Boolean).join("\n\n") || NO_OUTPUT;
}

/** The message the conversation keeps (the model sees it on the next turn), so the user can ask for fixes. */
export function reviewResultMessage(output: ReviewOutput | null): string {
  if (!output)
    return [
      "<user_action>",
      "  <context>The user started a code review, but it was interrupted before the reviewer reported. Assume nothing about its findings.</context>",
      "  <action>review</action>",
      "</user_action>",
    ].join("\n");
  const results = [output.overall_explanation.trim(), output.findings.length ? findingsBlock(output.findings) : ""]
    .filter(Boolean)
    .join("\n");
  return [
    "<user_action>",
    "  <context>The user ran a code review. What the reviewer reported follows; the user may ask you to address some of it.</context>",
    "  <action>review</action>",
    "  <results>",
    results,
    "  </results>",
    "</user_action>",
  ].join("\n");
}

export const REVIEW_INTERRUPTED_TEXT =
  "The review was interrupted before it finished; run it again to get its findings.";
