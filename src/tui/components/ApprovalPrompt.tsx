import { Box, Text, useInput } from "ink";
import React from "react";
import type { ApprovalDecision } from "../../agent/protocol.js";
import type { ApprovalQuestion } from "../../tools/tool.js";
import { useOnScreen } from "../screen-text.js";

/** Approve once (y), always for this session (a), deny (n) or abort the turn (Esc). */
export function ApprovalPrompt({ question: raw, onDecide }: { question: ApprovalQuestion; onDecide(decision: ApprovalDecision): void }) {
  const question = useOnScreen(raw);
  useInput((input, key) => {
    if (input === "y") onDecide("approved");
    else if (input === "a") onDecide("approved_for_session");
    else if (input === "n") onDecide("denied");
    else if (key.escape) onDecide("abort");
  });
  return (
    <Box flexDirection="column" borderStyle="round" borderColor="yellow" paddingX={1}>
      <Text bold color="yellow">
        {question.kind === "command" ? "Run this command?" : "Apply this patch?"}
      </Text>
      {question.command ? <Text>$ {question.command.join(" ")}</Text> : null}
      {question.changes?.map((c) => (
        <Text key={c.path}>
          {c.kind} {c.path}
        </Text>
      ))}
      {question.cwd ? <Text dimColor>in {question.cwd}</Text> : null}
      {question.reason ? <Text dimColor>why: {question.reason}</Text> : null}
      <Text>
        <Text color="green">y</Text> approve · <Text color="green">a</Text> approve for this session · <Text color="red">n</Text> deny · <Text color="red">Esc</Text> no, and tell the agent what to do differently
      </Text>
    </Box>
  );
}
