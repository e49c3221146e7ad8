import { Box, Text } from "ink";
import React from "react";
import type { UiState } from "../state.js";
import { percentLeft } from "../state.js";
import { useScreenText } from "../screen-text.js";

const k = (n: number) => (n >= 1000 ? `${(n / 1000).toFixed(n >= 100_000 ? 0 : 1)}k` : String(n));

/** Always visible: "% context left" with live token counts, the model, and key hints. */
export function Footer({ state, model, effort }: { state: UiState; model: string; effort?: string }) {
  const left = percentLeft(state);
  const window = state.session?.contextWindow.window ?? 0;
  const low = left !== null && left < 20;
  const show = useScreenText();
  return (
    <Box paddingX={1} justifyContent="space-between">
      <Text>
        <Text color={low ? (left < 10 ? "red" : "yellow") : "green"}>{left === null ? "–" : `${left}% context left`}</Text>
        <Text dimColor>
          {" "}
          · {k(state.tokensInContext)}/{k(window)} tokens · {k(state.total?.total_tokens ?? 0)} used this session
        </Text>
        {low ? <Text color="yellow"> · auto-compact will run soon</Text> : null}
      </Text>
      <Text dimColor>
        {show(model)}
        {effort ? ` ${effort}` : ""} · {state.running ? "working… Esc to interrupt" : "⏎ send · ⇧⏎ newline · / commands"}
      </Text>
    </Box>
  );
}
