import { Box, Static, Text } from "ink";
import React, { useEffect, useReducer } from "react";
import type { TuiHost } from "../host.js";
import type { Cell } from "../state.js";
import { VERSION_LINE } from "../../version.js";
import { ApprovalPrompt } from "./ApprovalPrompt.js";
import { ApprovalsPicker } from "./ApprovalsPicker.js";
import { CellView } from "./CellView.js";
import { Composer } from "./Composer.js";
import { Footer } from "./Footer.js";
import { ModelPicker } from "./ModelPicker.js";
import { Pager } from "./Pager.js";
import { ResumePicker } from "./ResumePicker.js";
import { ScreenTextContext, useOnScreen } from "../screen-text.js";

type StaticItem = { kind: "header"; id: string } | Cell;

function Header({ host }: { host: TuiHost }) {
  const s = useOnScreen(host.state.session);
  const settings = useOnScreen(host.sessionSettings);
  const config = useOnScreen({
    providerName: host.config.provider.name,
    baseUrl: host.config.provider.base_url,
    cwd: host.config.cwd,
  });
  return (
    <Box flexDirection="column" borderStyle="round" borderColor="cyan" paddingX={1}>
      <Text bold>{VERSION_LINE}</Text>
      <Text>
        model: <Text color="cyan">{settings.model}</Text>
        {settings.reasoningEffort ? ` (${settings.reasoningEffort})` : ""} · provider:{" "}
        {s?.providerName ?? config.providerName} {config.baseUrl}
      </Text>
      <Text dimColor>
        directory: {config.cwd} · approval: {settings.approvalPolicy} · sandbox: {settings.sandboxMode}
      </Text>
    </Box>
  );
}

/** The whole screen: header and finished cells (rendered once), live cells, prompt, footer. */
export function App({ host }: { host: TuiHost }) {
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  useEffect(() => host.subscribe(rerender), [host]);
  const { state } = host;
  const items: StaticItem[] = [{ kind: "header", id: "header" }, ...state.committed];
  const approval = host.approvals[0];
  const settings = host.sessionSettings;
  return (
    <ScreenTextContext.Provider value={host.screenText}>
      <Box flexDirection="column">
        <Static items={items}>
          {(item) =>
            item.kind === "header" ? <Header key="header" host={host} /> : <CellView key={item.id} cell={item} />
          }
        </Static>
        {state.live.map((cell) => (
          <CellView key={cell.id} cell={cell} />
        ))}
        {state.retry ? <Text color="yellow">{host.screenText(state.retry)}</Text> : null}
        <Box marginTop={1} flexDirection="column">
          {approval ? (
            <ApprovalPrompt question={approval.question} onDecide={(d) => host.answerApproval(d)} />
          ) : host.overlay?.kind === "model" ? (
            <ModelPicker host={host} onDone={() => host.closeOverlay()} />
          ) : host.overlay?.kind === "approvals" ? (
            <ApprovalsPicker host={host} onDone={() => host.closeOverlay()} />
          ) : host.overlay?.kind === "resume" ? (
            <ResumePicker host={host} onDone={() => host.closeOverlay()} />
          ) : host.overlay?.kind === "pager" ? (
            <Pager title={host.overlay.title} lines={host.overlay.lines} onClose={() => host.closeOverlay()} />
          ) : (
            <Composer
              running={state.running}
              files={host.files}
              queued={host.queued}
              draft={host.draft}
              onDraftTaken={() => host.draftTaken()}
              onTakeBack={() => host.takeBackQueued()}
              onSubmit={(text) => void host.submit(text)}
              onInterrupt={() => host.interrupt()}
              onQuit={() => host.quit()}
            />
          )}
          <Footer state={state} model={settings.model} effort={settings.reasoningEffort} />
        </Box>
      </Box>
    </ScreenTextContext.Provider>
  );
}
