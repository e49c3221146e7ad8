import { Box, Text, useStdout } from "ink";
import React from "react";
import { useKeys } from "./use-keys.js";
import type { ApprovalDecision, FileChange } from "../../protocol/events.js";
import { displayCommand } from "../../util/shell-quote.js";
import type { ApprovalQuestion } from "../../tools/tool.js";
import { useOnScreen } from "../screen-text.js";
import { DiffLine, useScrollWindow } from "./scroll.js";

const TITLES = { command: "Run this command?", patch: "Apply this patch?", mcp: "Call this MCP tool?" } as const;
const CHANGE_MARK = { add: "A", delete: "D", update: "M" } as const;

/** A patch as the lines the prompt shows: each file's header, then its diff. */
function patchLines(changes: readonly FileChange[]): { text: string; header: boolean }[] {
  return changes.flatMap((c) => [
    { text: `${CHANGE_MARK[c.kind]} ${c.path}${c.movePath ? ` → ${c.movePath}` : ""}`, header: true },
    ...(c.diff
      ? c.diff
          .replace(/\n$/, "")
          .split("\n")
          .map((text) => ({ text, header: false }))
      : []),
  ]);
}

/**
 * Shows what is approved: the command as a shell would read it, the patch's diff (↑/↓ and
 * PgUp/PgDn scroll a long one), or the MCP server, tool and arguments. Then: approve once (y),
 * for this session (a), deny (n), or stop the turn (Esc).
 */
export function ApprovalPrompt({
  question: raw,
  onDecide,
}: {
  question: ApprovalQuestion;
  onDecide: (decision: ApprovalDecision) => void;
}) {
  const question = useOnScreen(raw);
  const { stdout } = useStdout();
  const diff = question.kind === "patch" ? patchLines(question.changes ?? []) : [];
  // Room for the title, cwd, reason, key hints, borders and the footer below.
  const scroll = useScrollWindow(diff.length, Math.max(5, (stdout.rows || 30) - 12));
  useKeys((input, key) => {
    if (scroll.handle(input, key)) return;
    if (input === "y") onDecide("approved");
    else if (input === "a") onDecide("approved_for_session");
    else if (input === "n") onDecide("denied");
    else if (key.escape) onDecide("abort");
  });
  return (
    <Box flexDirection="column" borderStyle="round" borderColor="yellow" paddingX={1}>
      <Text bold color="yellow">
        {TITLES[question.kind]}
        {diff.length > scroll.height ? <Text dimColor> {scroll.position} · ↑/↓ PgUp/PgDn scroll</Text> : null}
      </Text>
      {question.agent ? <Text dimColor>asked by agent {question.agent}</Text> : null}
      {question.command ? <Text>$ {displayCommand(question.command)}</Text> : null}
      {question.mcp ? <McpCall {...question.mcp} /> : null}
      {diff.slice(scroll.top, scroll.top + scroll.height).map((line, i) =>
        line.header ? (
          <Text key={scroll.top + i} bold>
            {line.text}
          </Text>
        ) : (
          <DiffLine key={scroll.top + i} line={line.text} dimContext />
        ),
      )}
      {question.cwd ? <Text dimColor>in {question.cwd}</Text> : null}
      {question.reason ? <Text dimColor>why: {question.reason}</Text> : null}
      <Text>
        <Text color="green">y</Text> approve · <Text color="green">a</Text> approve for this session ·{" "}
        <Text color="red">n</Text> deny · <Text color="red">Esc</Text> no, and tell the agent what to do differently
      </Text>
    </Box>
  );
}

function McpCall({ server, tool, arguments: args }: { server: string; tool: string; arguments: unknown }) {
  const lines = args === null || args === undefined ? ["(none)"] : JSON.stringify(args, null, 2).split("\n");
  return (
    <Box flexDirection="column">
      <Text>
        server: <Text bold>{server}</Text> · tool: <Text bold>{tool}</Text>
      </Text>
      <Text>arguments:</Text>
      {lines.slice(0, 20).map((line, i) => (
        <Text key={i}> {line}</Text>
      ))}
      {lines.length > 20 ? <Text dimColor> … {lines.length - 20} more lines</Text> : null}
    </Box>
  );
}
