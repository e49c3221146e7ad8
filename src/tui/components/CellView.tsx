import { Box, Text, useStdout } from "ink";
import React from "react";
import type { Cell } from "../state.js";
import { markdownLoaded, renderMarkdown } from "../lazy-markdown.js";
import { displayCommand } from "../../util/shell-quote.js";
import { useOnScreen } from "../screen-text.js";
import { DiffLine } from "./scroll.js";
import { hiddenLinesText, outputPreview } from "../command-output.js";
import { hiddenAboveText, liveTail } from "../live-tail.js";
import { interactionText } from "../interaction-text.js";

/** A streaming text, by its last `maxRows` rows (one of them the line saying what is above) when taller. */
function StreamingText({
  text,
  maxRows,
  columns,
  ...style
}: {
  text: string;
  maxRows?: number;
  columns: number;
  dimColor?: boolean;
  italic?: boolean;
}) {
  const tail = maxRows === undefined ? null : liveTail(text, columns, Math.max(1, maxRows - 1));
  if (!tail?.hiddenLines) return <Text {...style}>{text}</Text>;
  return (
    <Box flexDirection="column">
      <Text dimColor>{hiddenAboveText(tail.hiddenLines)}</Text>
      <Text {...style}>{tail.text}</Text>
    </Box>
  );
}

/**
 * The unfinished end of a streaming answer (its finished part is already in the scrollback):
 * rendered as it will be when it fits, as plain text by its last rows when it does not (a long
 * code block still open), so a frame never renders more than the screen shows.
 */
function StreamingAnswer({ text, maxRows, columns }: { text: string; maxRows?: number; columns: number }) {
  const room = maxRows ?? Infinity;
  if (markdownLoaded() && text.split("\n").length <= room) {
    const rendered = renderMarkdown(text, columns);
    if (rendered.split("\n").length <= room) return <Text>{rendered}</Text>;
  }
  return <StreamingText text={text} maxRows={maxRows} columns={columns} />;
}

function DiffLines({ diff }: { diff: string }) {
  const lines = diff.split("\n").slice(0, 60);
  return (
    <Box flexDirection="column" marginLeft={2}>
      {lines.map((line, i) => (
        <DiffLine key={i} line={line} dimContext />
      ))}
    </Box>
  );
}

/**
 * One transcript cell. Finished cells are rendered once (Ink <Static>), so this stays cheap.
 * `maxRows`: the rows a live cell may take (a streaming text shows its last ones).
 */
export function CellView({ cell: raw, maxRows }: { cell: Cell; maxRows?: number }) {
  const cell = useOnScreen(raw);
  const columns = useStdout().stdout.columns || 80;
  switch (cell.kind) {
    case "user":
      return (
        <Box marginTop={1}>
          <Text color="cyan" bold>
            {"› "}
          </Text>
          <Text>{cell.text}</Text>
        </Box>
      );
    case "assistant":
      return (
        <Box marginTop={cell.joined === "line" ? 0 : 1} flexDirection="column">
          {cell.done ? (
            <Text>{renderMarkdown(cell.text, columns)}</Text>
          ) : (
            <StreamingAnswer text={cell.text} maxRows={maxRows} columns={columns} />
          )}
        </Box>
      );
    case "reasoning":
      return (
        <Box marginTop={1}>
          {cell.done ? (
            <Text dimColor italic>
              {cell.text}
            </Text>
          ) : (
            <StreamingText text={cell.text} maxRows={maxRows} columns={columns} dimColor italic />
          )}
        </Box>
      );
    case "command": {
      const mark =
        cell.status === "running"
          ? "⋯"
          : cell.status === "completed"
            ? "✓"
            : cell.status === "declined"
              ? "✗ declined"
              : `✗ exit ${cell.exitCode ?? "?"}`;
      const color = cell.status === "running" ? "yellow" : cell.status === "completed" ? "green" : "red";
      const { head, hidden, tail } = outputPreview({ output: cell.output, omittedLines: cell.omittedLines ?? 0 });
      return (
        <Box marginTop={1} flexDirection="column">
          <Text>
            <Text color={color}>{mark} </Text>
            <Text bold>{displayCommand(cell.command)}</Text>
            {cell.status !== "running" && cell.status !== "declined" ? (
              <Text dimColor> ({(cell.durationMs / 1000).toFixed(1)}s)</Text>
            ) : null}
          </Text>
          {head.map((l, i) => (
            <Text key={`h${i}`} dimColor>
              {"  "}
              {l}
            </Text>
          ))}
          {hidden ? (
            <Text dimColor>
              {"  "}
              {hiddenLinesText(hidden)}
            </Text>
          ) : null}
          {tail.map((l, i) => (
            <Text key={`t${i}`} dimColor>
              {"  "}
              {l}
            </Text>
          ))}
        </Box>
      );
    }
    case "patch":
      return (
        <Box marginTop={1} flexDirection="column">
          <Text color={cell.status === "failed" ? "red" : "green"}>
            {cell.status === "applying"
              ? "⋯ applying patch"
              : cell.status === "applied"
                ? "✓ patch applied"
                : "✗ patch failed"}
          </Text>
          {cell.changes.map((c) => (
            <Box key={c.path} flexDirection="column">
              <Text>
                {"  "}
                <Text color={c.kind === "add" ? "green" : c.kind === "delete" ? "red" : "yellow"}>
                  {c.kind === "add" ? "A" : c.kind === "delete" ? "D" : "M"}
                </Text>{" "}
                {c.path}
                {c.movePath ? ` → ${c.movePath}` : ""}
              </Text>
              {c.diff ? <DiffLines diff={c.diff} /> : null}
            </Box>
          ))}
        </Box>
      );
    case "plan":
      return (
        <Box marginTop={1} flexDirection="column">
          <Text bold>Plan{cell.explanation ? <Text dimColor> — {cell.explanation}</Text> : null}</Text>
          {cell.plan.map((p, i) => (
            <Text
              key={i}
              color={p.status === "completed" ? "green" : p.status === "in_progress" ? "yellow" : undefined}
              dimColor={p.status === "pending"}
            >
              {"  "}
              {p.status === "completed" ? "✓" : p.status === "in_progress" ? "→" : "□"} {p.step}
            </Text>
          ))}
        </Box>
      );
    case "mcp":
      return (
        <Box marginTop={1}>
          <Text color={cell.status === "failed" ? "red" : cell.status === "completed" ? "green" : "yellow"}>
            {cell.status === "running" ? "⋯" : cell.status === "completed" ? "✓" : "✗"} {cell.server}.{cell.tool}
            {cell.error ? `: ${cell.error}` : ""}
          </Text>
        </Box>
      );
    case "interaction": {
      const { mark, label, command, typed } = interactionText(cell);
      return (
        <Box marginTop={1} flexDirection="column">
          <Text>
            <Text dimColor>{mark}</Text>
            <Text bold>{label}</Text>
            {command ? <Text dimColor> · {command}</Text> : null}
          </Text>
          {typed.map((line, i) => (
            <Text key={i} dimColor>
              {line}
            </Text>
          ))}
        </Box>
      );
    }
    case "activity":
      return (
        <Box marginTop={1}>
          <Text>
            <Text dimColor>{"• "}</Text>
            <Text bold>{cell.title}</Text> {cell.detail}
          </Text>
        </Box>
      );
    case "notice":
      return (
        <Box marginTop={1}>
          <Text color={cell.level === "error" ? "red" : cell.level === "warning" ? "yellow" : "gray"}>
            {cell.mark ?? (cell.level === "error" ? "■" : cell.level === "warning" ? "⚠" : "•")} {cell.text}
          </Text>
        </Box>
      );
    case "card":
      return (
        <Box marginTop={1} flexDirection="column" borderStyle="round" paddingX={1}>
          <Text bold>{cell.title}</Text>
          {cell.lines.map((l, i) => (
            <Text
              key={i}
              color={
                cell.title === "git diff"
                  ? l.startsWith("+")
                    ? "green"
                    : l.startsWith("-")
                      ? "red"
                      : undefined
                  : undefined
              }
            >
              {l || " "}
            </Text>
          ))}
        </Box>
      );
  }
}
