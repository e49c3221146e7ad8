// Starts a /review (a preset picked in ReviewPicker, or `/review <instructions>`): the request
// is announced in the transcript, then the review runs as the next turn.
import type { ReviewRequest, ReviewTarget } from "../protocol/review.js";
import { errorMessage } from "../util/errors.js";

interface ReviewHost {
  notice(level: "error" | "info", text: string): void;
  review(request: ReviewRequest): Promise<void>;
}

export async function startReview(host: ReviewHost, target: ReviewTarget): Promise<void> {
  const { reviewRequest } = await import("../agent/review/review-request.js");
  let request;
  try {
    request = reviewRequest(target);
  } catch (err) {
    return host.notice("error", errorMessage(err));
  }
  host.notice("info", `Code review started: ${request.user_facing_hint}`);
  await host.review(request);
}
