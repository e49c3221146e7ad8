import { Box, Text, useStdout } from "ink";
import React from "react";
import type { UiState } from "../state.js";
import { percentLeft } from "../state.js";
import { useScreenText } from "../screen-text.js";
import { footerFitsOneLine, KEY_HINTS } from "../first-frame-text.js";
import { budgetSummary } from "../../agent/key-budget.js";
import { statusLineText, useGitFacts } from "../status-line.js";

const k = (n: number) => (n >= 1000 ? `${(n / 1000).toFixed(n >= 100_000 ? 0 : 1)}k` : String(n));

/** `[tui] status_line`: the configured items (tui/status-line.ts), then the key hints. */
function StatusLineFooter({
  state,
  model,
  effort,
  items,
  cwd,
}: FooterProps & { items: readonly string[]; cwd: string }) {
  const git = useGitFacts(
    cwd,
    items.some((i) => i === "git-branch" || i === "project-root"),
    state.running,
  );
  const show = useScreenText();
  const { stdout } = useStdout();
  const text = show(statusLineText(items, state, { model, effort, cwd, git }));
  const hints = state.running ? "working… Esc to interrupt" : KEY_HINTS;
  const oneLine = footerFitsOneLine(text, hints, stdout.columns || 80);
  return (
    <Box paddingX={1} flexDirection={oneLine ? "row" : "column"} justifyContent="space-between">
      <Text dimColor>{text || " "}</Text>
      <Text dimColor>{hints}</Text>
    </Box>
  );
}

interface FooterProps {
  state: UiState;
  model: string;
  effort?: string;
  /** `[tui] status_line` and the folder it describes; absent: our own footer. */
  statusLine?: { items: readonly string[]; cwd: string };
}

/**
 * Always visible: "% context left" with live token counts, the model, and key hints. Where both
 * halves do not fit on one line (80 columns), the model and hints go on a line of their own.
 */
export function Footer(props: FooterProps) {
  if (props.statusLine) return <StatusLineFooter {...props} {...props.statusLine} />;
  const { state, model, effort } = props;
  const left = percentLeft(state);
  const window = state.session?.contextWindow.window ?? 0;
  const low = left !== null && left < 20;
  const show = useScreenText();
  const { stdout } = useStdout();
  const gauge = left === null ? "–" : `${left}% context left`;
  const counts = ` · ${k(state.tokensInContext)}/${k(window)} tokens · ${k(state.total?.total_tokens ?? 0)} used this session`;
  const warning = low ? " · auto-compact will run soon" : "";
  const budget = budgetSummary(state.keyStatus);
  const budgetText = budget ? ` · ${budget}` : "";
  const { remaining_usd: remaining, max_budget_usd: max } = state.keyStatus ?? {};
  const budgetLow = remaining != null && max != null && max > 0 && remaining / max < 0.2;
  const hints = state.running ? "working… Esc to interrupt" : KEY_HINTS;
  // No model yet while config is read.
  const right = model ? `${show(model)}${effort ? ` ${effort}` : ""} · ${hints}` : hints;
  const oneLine = footerFitsOneLine(gauge + counts + warning + budgetText, right, stdout.columns || 80);
  return (
    <Box paddingX={1} flexDirection={oneLine ? "row" : "column"} justifyContent="space-between">
      {/* Nothing to count until the session has started. */}
      {state.session ? (
        <Text>
          <Text color={low ? (left < 10 ? "red" : "yellow") : "green"}>{gauge}</Text>
          <Text dimColor>{counts}</Text>
          {low ? <Text color="yellow">{warning}</Text> : null}
          {budget ? budgetLow ? <Text color="yellow">{budgetText}</Text> : <Text dimColor>{budgetText}</Text> : null}
        </Text>
      ) : (
        <Text> </Text>
      )}
      <Text dimColor>{right}</Text>
    </Box>
  );
}
