/** The request that asks the model for a hand-off summary when the conversation is compacted. Written for this project. */
export const COMPACT_PROMPT = `You are about to run out of context. Write a hand-off summary of this conversation so that another assistant can continue the work without it.

Include:
- the user's goal and any constraints or preferences they stated;
- what has been done so far: files read or changed (with paths), commands run and what they showed, decisions made and why;
- the current state: what works, what is failing, open questions;
- the next steps, in order.

Be specific and brief. Do not call tools. Reply with the summary only.`;
