import { Box, measureElement, Static, Text, useStdout, type DOMElement } from "ink";
import React, { lazy, Suspense, useEffect, useLayoutEffect, useReducer, useRef } from "react";
import type { ResolvedConfig } from "../../config/load.js";
import type { SessionSettings, TuiHost } from "../host.js";
import type { Cell } from "../state.js";
import { tildePath } from "../../util/paths.js";
import { VERSION_LINE } from "../../version.js";
import { ApprovalPrompt } from "./ApprovalPrompt.js";
import { ApprovalsPicker } from "./ApprovalsPicker.js";
import { UserInputPrompt } from "./UserInputPrompt.js";
import { CellView } from "./CellView.js";
import { Composer } from "./Composer.js";
import { Footer } from "./Footer.js";
import { Pager } from "./Pager.js";
import { ResumePicker } from "./ResumePicker.js";
import { ReviewPicker } from "./ReviewPicker.js";
import { transcriptKeys } from "../keymap.js";
import { TranscriptView } from "./TranscriptView.js";
import { ScreenTextContext, useOnScreen } from "../screen-text.js";
import { KeyRouter } from "./use-keys.js";

// The model picker needs config's list of reasoning efforts (and with it zod): loaded when opened.
const ModelPicker = lazy(() => import("./ModelPicker.js").then((m) => ({ default: m.ModelPicker })));

type StaticItem = { kind: "header"; id: string } | Cell;

/** The box at the top: the product, then the model, provider, directory and approvals (from config until the session starts). */
function Header({ host, config, settings }: { host: TuiHost; config: ResolvedConfig; settings: SessionSettings }) {
  const s = useOnScreen(host.state.session);
  const shown = useOnScreen({
    ...settings,
    providerName: config.provider.name,
    baseUrl: config.provider.base_url,
    cwd: tildePath(config.cwd),
  });
  return (
    <HeaderBox>
      <Text>
        model: <Text color="cyan">{shown.model}</Text>
        {shown.reasoningEffort ? ` (${shown.reasoningEffort})` : ""} · provider: {s?.providerName ?? shown.providerName}{" "}
        {shown.baseUrl}
      </Text>
      <Text dimColor>
        directory: {shown.cwd} · approval: {shown.approvalPolicy} · sandbox: {shown.sandboxMode}
      </Text>
    </HeaderBox>
  );
}

function HeaderBox({ children }: { children: React.ReactNode }) {
  return (
    <Box flexDirection="column" borderStyle="round" borderColor="cyan" paddingX={1}>
      <Text bold>{VERSION_LINE}</Text>
      {children}
    </Box>
  );
}

/** The header's place while config is read (the first frame), as tall as the header so nothing moves. */
function StartingHeader() {
  return (
    <HeaderBox>
      <Text dimColor>starting…</Text>
      <Text> </Text>
    </HeaderBox>
  );
}

const streaming = (cell: Cell): boolean => (cell.kind === "assistant" || cell.kind === "reasoning") && !cell.done;

/**
 * The rows each streaming text may take, so that Ink's frame (the live cells, the prompt and the
 * footer) stays shorter than the terminal: a taller frame makes Ink clear the screen and write
 * the whole transcript again on every frame. `bottom`: the prompt and footer's height as last laid out.
 */
function streamingRows(live: readonly Cell[], terminalRows: number, bottom: number, retry: boolean): number {
  const texts = live.filter(streaming).length;
  // The prompt's top margin, each live cell's, the retry line, and the row Ink keeps under the frame.
  const room = terminalRows - bottom - 1 - live.length - (retry ? 1 : 0) - 1;
  return Math.max(2, Math.floor(room / Math.max(1, texts)));
}

/** The whole screen: header and finished cells (rendered once), live cells, prompt, footer. */
export function App({ host }: { host: TuiHost }) {
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  useEffect(() => host.subscribe(rerender), [host]);
  const { stdout } = useStdout();
  const bottomRef = useRef<DOMElement>(null);
  // The prompt and footer's height as last laid out. Only a streaming cell's rows depend on it, so
  // only then does a change draw again at once: at start a second render of the first frame cost
  // as much as the first (tens of ms on the way to the ready session).
  const bottom = useRef(4);
  useLayoutEffect(() => {
    const height = bottomRef.current ? measureElement(bottomRef.current).height : bottom.current;
    if (height === bottom.current) return;
    bottom.current = height;
    if (host.state.live.some(streaming)) rerender();
  });
  const { state } = host;
  const { config } = host;
  const settings = host.sessionSettings;
  // The header is the first static item, so nothing is committed before config is read.
  const items: StaticItem[] = config ? [{ kind: "header", id: "header" }, ...state.committed] : [];
  const approval = host.approvals[0];
  const userInput = host.userInputs[0];
  // The transcript view takes the whole live area (it shows the live cells too), so Ink's
  // frame stays shorter than the terminal and never clears the screen.
  const transcript = !approval && host.overlay?.kind === "transcript";
  return (
    <ScreenTextContext.Provider value={host.screenText}>
      <KeyRouter />
      <Box flexDirection="column">
        <Static items={items}>
          {(item) =>
            item.kind === "header" ? (
              config && settings ? (
                <Header key="header" host={host} config={config} settings={settings} />
              ) : null
            ) : (
              <CellView key={item.id} cell={item} />
            )
          }
        </Static>
        {config ? null : <StartingHeader />}
        {transcript ? (
          <TranscriptView cells={[...state.committed, ...state.live]} onClose={() => host.closeOverlay()} />
        ) : null}
        {(transcript ? [] : state.live).map((cell) => (
          <CellView
            key={cell.id}
            cell={cell}
            maxRows={
              streaming(cell) ? streamingRows(state.live, stdout.rows || 24, bottom.current, !!state.retry) : undefined
            }
          />
        ))}
        {state.retry && !transcript ? <Text color="yellow">{host.screenText(state.retry)}</Text> : null}
        {/* Hidden, not unmounted, under the transcript view: the composer keeps what is typed. */}
        <Box ref={bottomRef} marginTop={1} flexDirection="column" display={transcript ? "none" : "flex"}>
          {approval ? (
            <ApprovalPrompt question={approval.question} onDecide={(d) => host.answerApproval(d)} />
          ) : userInput ? (
            <UserInputPrompt
              key={userInput.id}
              questions={userInput.questions}
              onAnswer={(response) => host.answerUserInput(response)}
              onInterrupt={() => host.interrupt()}
            />
          ) : host.overlay?.kind === "model" ? (
            <Suspense fallback={null}>
              <ModelPicker host={host} onDone={() => host.closeOverlay()} />
            </Suspense>
          ) : host.overlay?.kind === "approvals" ? (
            <ApprovalsPicker host={host} onDone={() => host.closeOverlay()} />
          ) : host.overlay?.kind === "review" ? (
            <ReviewPicker host={host} onDone={() => host.closeOverlay()} />
          ) : host.overlay?.kind === "resume" ? (
            <ResumePicker host={host} onDone={() => host.closeOverlay()} />
          ) : host.overlay?.kind === "pager" ? (
            <Pager title={host.overlay.title} lines={host.overlay.lines} onClose={() => host.closeOverlay()} />
          ) : (
            <Composer
              active={!transcript}
              running={state.running}
              starting={host.starting}
              files={host.files}
              queued={host.queued}
              draft={host.draft}
              onDraftTaken={() => host.draftTaken()}
              onTakeBack={() => host.takeBackQueued()}
              onSubmit={(text) => void host.submit(text)}
              onPaste={(text) => host.pasted(text)}
              onInterrupt={() => host.interrupt()}
              onQuit={() => host.quit()}
              onTranscript={() => host.showTranscript()}
              transcriptKeys={transcriptKeys(config?.tui)}
            />
          )}
          <Footer
            state={state}
            model={settings?.model ?? ""}
            effort={settings?.reasoningEffort}
            {...(config?.tui.status_line && { statusLine: { items: config.tui.status_line, cwd: config.cwd } })}
          />
        </Box>
      </Box>
    </ScreenTextContext.Provider>
  );
}
