import { Box, Text } from "ink";
import React, { useState } from "react";
import { useKeys } from "./use-keys.js";
import type { UserInputQuestion, UserInputResponse } from "../../protocol/user-input.js";
import { useOnScreen } from "../screen-text.js";

interface Draft {
  /** The chosen option (null: none yet). */
  selected: number | null;
  /** The highlighted option. */
  cursor: number;
  notes: string;
}

/** Upstream's answer: per question its chosen option's label, then any notes as `user_note: …`. */
export function userInputResponse(
  questions: readonly UserInputQuestion[],
  drafts: readonly Draft[],
): UserInputResponse {
  const answers: UserInputResponse["answers"] = {};
  questions.forEach((q, i) => {
    const draft = drafts[i];
    const label = draft?.selected === null || draft === undefined ? undefined : q.options[draft.selected]?.label;
    const notes = draft?.notes.trim() ?? "";
    answers[q.id] = { answers: [...(label === undefined ? [] : [label]), ...(notes ? [`user_note: ${notes}`] : [])] };
  });
  return { answers };
}

/**
 * The model's questions (request_user_input), one at a time as upstream's UI shows them: the
 * progress, the header, the question and its options. ↑/↓ (or a digit) choose an option, typing
 * writes notes sent with it, Enter answers and goes to the next question (on the last: sends all),
 * Ctrl+P/Ctrl+N (PgUp/PgDn) go between questions, Esc stops the turn.
 */
export function UserInputPrompt({
  questions: raw,
  onAnswer,
  onInterrupt,
}: {
  questions: UserInputQuestion[];
  onAnswer: (response: UserInputResponse) => void;
  onInterrupt: () => void;
}) {
  const questions = useOnScreen(raw);
  const [index, setIndex] = useState(0);
  const [drafts, setDrafts] = useState<Draft[]>(() => questions.map(() => ({ selected: null, cursor: 0, notes: "" })));
  const question = questions[index];
  const draft = drafts[index];
  const edit = (change: (d: Draft) => Draft) => setDrafts((all) => all.map((d, i) => (i === index ? change(d) : d)));
  const count = question?.options.length ?? 0;
  const move = (step: number) => setIndex((i) => (i + step + questions.length) % questions.length);

  useKeys((input, key) => {
    if (!question || !draft) return;
    if (key.escape) return onInterrupt();
    if ((key.ctrl && input === "n") || key.pageDown) return move(1);
    if ((key.ctrl && input === "p") || key.pageUp) return move(-1);
    if (key.upArrow || key.downArrow) {
      const cursor = (draft.cursor + (key.upArrow ? count - 1 : 1)) % Math.max(1, count);
      return edit((d) => ({ ...d, cursor, selected: cursor }));
    }
    if (key.return) {
      const chosen = drafts.map((d, i) => (i === index && d.selected === null ? { ...d, selected: d.cursor } : d));
      setDrafts(chosen);
      if (index + 1 < questions.length) return move(1);
      return onAnswer(userInputResponse(questions, chosen));
    }
    if (key.backspace || key.delete) return edit((d) => ({ ...d, notes: d.notes.slice(0, -1) }));
    const digit = /^[1-9]$/.test(input) && !draft.notes ? Number(input) - 1 : -1;
    if (digit >= 0 && digit < count) return edit((d) => ({ ...d, cursor: digit, selected: digit }));
    if (input && !key.ctrl && !key.meta && !key.tab)
      edit((d) => ({ ...d, selected: d.selected ?? d.cursor, notes: d.notes + input.replace(/[\r\n]/g, " ") }));
  });

  if (!question || !draft) return null;
  const unanswered = drafts.filter((d) => d.selected === null).length;
  const hints = [
    draft.selected === null ? "No option selected" : `Option ${draft.selected + 1} of ${count}`,
    "↑/↓ scroll",
    "Enter: submit answer",
    ...(questions.length > 1 ? ["Ctrl+p prev", "Ctrl+n next"] : []),
    "Esc: interrupt",
  ];
  return (
    <Box flexDirection="column" borderStyle="round" borderColor="cyan" paddingX={1}>
      <Text dimColor>
        Question {index + 1}/{questions.length}
        {unanswered ? ` (${unanswered} unanswered)` : ""}
      </Text>
      <Text bold>{question.header}</Text>
      <Text>{question.question}</Text>
      <Box flexDirection="column" marginTop={1}>
        {question.options.map((option, i) => (
          <Text key={i} color={i === draft.cursor ? "cyan" : undefined}>
            {i === draft.cursor ? "›" : " "} {draft.selected === i ? "(x)" : "( )"} {option.label}
            {"  "}
            <Text dimColor>{option.description}</Text>
          </Text>
        ))}
      </Box>
      <Text>
        {"  "}
        {draft.notes ? draft.notes : <Text dimColor>Add notes (optional)</Text>}
      </Text>
      <Text dimColor>{hints.join(" | ")}</Text>
    </Box>
  );
}
