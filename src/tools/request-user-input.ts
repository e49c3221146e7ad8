// `request_user_input`: the model asks the user one to three short questions with options.
// As upstream 0.171, the tool is always offered but only answers outside Plan mode when
// `[features] default_mode_request_user_input` is on (codex-litellm has no Plan mode); otherwise
// the model is told it is unavailable. A front-end that can ask a person (the UI) shows the
// questions; without one (exec) the answer is empty, as upstream's exec answers.
import { z } from "zod";
import type { UserInputQuestion, UserInputResponse } from "../protocol/user-input.js";
import { parametersJsonSchema, parseJsonArguments } from "./function-tool.js";
import type { Tool } from "./tool.js";

const NAME = "request_user_input";

const Option = z.object({
  description: z.string().describe("One short sentence explaining impact/tradeoff if selected."),
  label: z.string().describe("User-facing label (1-5 words)."),
});

const Question = z.object({
  header: z.string().describe("Short header label shown in the UI (12 or fewer chars)."),
  id: z.string().describe("Stable identifier for mapping answers (snake_case)."),
  options: z
    .array(Option)
    .describe(
      'Provide 2-3 mutually exclusive choices. Put the recommended option first and suffix its label with "(Recommended)". Do not include an "Other" option in this list; the client will add a free-form "Other" option automatically.',
    ),
  question: z.string().describe("Single-sentence prompt shown to the user."),
});

const RequestUserInputArgs = z.object({
  questions: z.array(Question).describe("Questions to show the user. Prefer 1 and do not exceed 3"),
});

/** Whether the tool answers in our (only) mode: upstream's `default_mode_request_user_input`. */
export function requestUserInputEnabled(features: Record<string, unknown>): boolean {
  return features.default_mode_request_user_input === true;
}

const description = (enabled: boolean) =>
  `Request user input for one to three short questions and wait for the response. This tool is only available in ${enabled ? "Default or Plan" : "Plan"} mode.`;

/** What upstream answers when nobody can answer (exec) or the user gave no answer. */
const NO_ANSWERS: UserInputResponse = { answers: {} };

export function requestUserInputTool(features: Record<string, unknown>): Tool<UserInputQuestion[]> {
  const enabled = requestUserInputEnabled(features);
  return {
    name: NAME,
    spec: () => ({
      type: "function",
      name: NAME,
      description: description(enabled),
      strict: false,
      parameters: parametersJsonSchema(NAME, RequestUserInputArgs),
    }),
    parse(call) {
      // Upstream checks the mode before it reads the arguments.
      if (!enabled) return { ok: false, result: { output: `${NAME} is unavailable in Default mode`, success: false } };
      const parsed = parseJsonArguments(RequestUserInputArgs, call);
      if (!parsed.ok) return parsed;
      if (parsed.value.questions.some((q) => q.options.length === 0))
        return {
          ok: false,
          result: { output: `${NAME} requires non-empty options for every question`, success: false },
        };
      return { ok: true, value: parsed.value.questions };
    },
    async run(questions, ctx) {
      const response = ctx.requestUserInput ? await ctx.requestUserInput(questions) : NO_ANSWERS;
      if (!response) return { output: `${NAME} was cancelled before receiving a response`, success: false };
      return { output: JSON.stringify(response), success: true };
    },
  };
}
