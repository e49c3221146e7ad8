import { Box, Text, useStdout } from "ink";
import React, { useEffect, useRef, useState } from "react";
import { useKeys } from "./use-keys.js";
import { matchFiles, mentionAt } from "../file-mentions.js";
import { SLASH_COMMANDS } from "../slash-commands.js";
import { useScreenText } from "../screen-text.js";
import { PROMPT_PLACEHOLDER } from "../first-frame-text.js";
import {
  composerRows,
  expandPastes,
  normalizePaste,
  pasteInsert,
  placeholderBefore,
  type PendingPaste,
} from "../composer-text.js";
import { usePaste } from "./use-paste.js";
import { DEFAULT_TRANSCRIPT_KEYS, keyMatches } from "../keymap.js";

export interface ComposerProps {
  /** Takes keys (false while the transcript view covers it). */
  active?: boolean;
  running: boolean;
  /** The session is still starting: what is sent waits in the queue until it is ready. */
  starting?: boolean;
  /** Files `@` can mention (fuzzy-searched as you type). */
  files?: readonly string[];
  /** Messages waiting for the running turn to end. */
  queued?: readonly string[];
  /** Text handed back (queued messages after an interrupt): put in front of what is typed, then `onDraftTaken`. */
  draft?: string | null;
  onDraftTaken?: () => void;
  /** ↑ on an empty composer while messages wait: the last one, taken off the queue. */
  onTakeBack?: () => string | null;
  onSubmit: (text: string) => void;
  /** A paste (more than one character at once): what to insert instead, e.g. an image's label for its path. */
  onPaste?: (text: string) => string;
  onInterrupt: () => void;
  onQuit: () => void;
  /** Ctrl+T: the transcript view. */
  onTranscript?: () => void;
  /** The keys that open the transcript (`tui.keymap.global.open_transcript`; default Ctrl+T). */
  transcriptKeys?: readonly string[];
}

const QUIT_WINDOW_MS = 2000;

/**
 * Multi-line input: Enter sends, Shift+Enter or Ctrl+J adds a line, ↑/↓ walk the history,
 * pasted text arrives whole, `/` opens the command list (Tab completes). Esc or Ctrl+C
 * interrupt a running turn; Ctrl+C twice on an empty composer quits.
 */
export function Composer({
  active = true,
  running,
  starting = false,
  files = [],
  queued = [],
  draft = null,
  onDraftTaken,
  onTakeBack,
  onSubmit,
  onPaste,
  onInterrupt,
  onQuit,
  onTranscript,
  transcriptKeys = DEFAULT_TRANSCRIPT_KEYS,
}: ComposerProps) {
  // The key handler reads the text from refs: keys can arrive faster than React re-renders,
  // and a handler closing over state would act on stale text.
  const [, setVersion] = useState(0);
  const valueRef = useRef("");
  const cursorRef = useRef(0);
  const [hint, setHint] = useState<string | null>(null);
  const show = useScreenText();
  const history = useRef<string[]>([]);
  const historyIndex = useRef<number | null>(null);
  const lastCtrlC = useRef(0);

  // Big pastes in the draft, shown as placeholders and expanded when it is sent.
  const pastes = useRef<PendingPaste[]>([]);
  const { stdout } = useStdout();

  const set = (text: string, at = text.length) => {
    valueRef.current = text;
    cursorRef.current = Math.max(0, Math.min(at, text.length));
    if (!text) pastes.current = [];
    setVersion((v) => v + 1);
  };
  const insertPaste = (raw: string) => {
    const text = normalizePaste(raw);
    // A pasted image path becomes its `[Image #N]` label (the host attaches the image).
    const labelled = text.length > 1 && onPaste ? onPaste(text) : text;
    const insert = labelled === text ? pasteInsert(text, pastes.current) : labelled;
    const value = valueRef.current;
    const cursor = cursorRef.current;
    set(value.slice(0, cursor) + insert + value.slice(cursor), cursor + insert.length);
  };
  /** Sends the draft (placeholders expanded); history keeps the full text too. */
  const send = (typed: string) => {
    const text = expandPastes(typed, pastes.current);
    history.current.push(text);
    historyIndex.current = null;
    set("");
    onSubmit(text);
  };
  const paste = usePaste(insertPaste, active);
  const setCursor = (at: number) => set(valueRef.current, at);
  useEffect(() => {
    if (draft === null) return;
    set(valueRef.current ? `${draft}\n${valueRef.current}` : draft);
    onDraftTaken?.();
  }, [draft]);
  const mentionMatches = (text: string, at: number) => {
    const mention = mentionAt(text, at);
    return mention ? { ...mention, files: matchFiles(mention.query, files) } : null;
  };
  const slashMatches = (text: string) =>
    text.startsWith("/") && !/\s/.test(text) ? SLASH_COMMANDS.filter(([name]) => name.startsWith(text.slice(1))) : [];

  useKeys((input, key) => {
    if (!active || paste.swallowing()) return;
    const value = valueRef.current;
    const cursor = cursorRef.current;
    const matches = slashMatches(value);
    const mention = mentionMatches(value, cursor);
    // Tab or Enter on an open @ list inserts the best match.
    if (mention?.files.length && (key.tab || key.return)) {
      const insert = `@${mention.files[0]} `;
      return set(value.slice(0, mention.start) + insert + value.slice(cursor), mention.start + insert.length);
    }
    if (key.ctrl && input === "c") {
      if (running) return onInterrupt();
      if (value) return set("");
      const now = Date.now();
      if (now - lastCtrlC.current < QUIT_WINDOW_MS) return onQuit();
      lastCtrlC.current = now;
      setHint("Press Ctrl+C again to quit");
      return;
    }
    setHint(null);
    if (transcriptKeys.some((spec) => keyMatches(spec, input, key))) return onTranscript?.();
    if (key.escape) {
      if (running) onInterrupt();
      return;
    }
    if ((key.return && key.shift) || (key.ctrl && input === "j"))
      return set(value.slice(0, cursor) + "\n" + value.slice(cursor), cursor + 1);
    if (key.return) {
      const text =
        matches.length && value.length > 1 && !SLASH_COMMANDS.some(([n]) => `/${n}` === value)
          ? `/${matches[0]?.[0]}`
          : value;
      if (!text.trim()) return;
      if (text === "/mention") return set("@");
      return send(text);
    }
    if (key.tab && matches.length) return set(`/${matches[0]?.[0]}`);
    if (key.backspace || key.delete) {
      if (cursor === 0) return;
      const size = placeholderBefore(value, cursor, pastes.current) || 1;
      return set(value.slice(0, cursor - size) + value.slice(cursor), cursor - size);
    }
    if (key.leftArrow) return setCursor(Math.max(0, cursor - 1));
    if (key.rightArrow) return setCursor(Math.min(value.length, cursor + 1));
    if (key.upArrow && value === "" && queued.length && onTakeBack) {
      const back = onTakeBack();
      if (back !== null) return set(back);
    }
    if ((key.upArrow || key.downArrow) && !value.includes("\n")) {
      const items = history.current;
      if (!items.length) return;
      let index = historyIndex.current ?? items.length;
      index = key.upArrow ? Math.max(0, index - 1) : Math.min(items.length, index + 1);
      historyIndex.current = index;
      return set(items[index] ?? "");
    }
    if (key.ctrl || key.meta || !input) return;
    // Text typed quickly and Enter can arrive in one chunk ("hello\r"): insert, then send.
    if (/^[^\r\n]+\r$/.test(input) && input.length <= 200)
      return send(value.slice(0, cursor) + input.slice(0, -1) + value.slice(cursor));
    // Typed characters, and pasted text from a terminal without bracketed paste (one chunk).
    insertPaste(input);
  });

  const value = valueRef.current;
  const cursor = cursorRef.current;
  const matches = slashMatches(value);
  const mention = mentionMatches(value, cursor);
  // Border, padding and the "› " prompt take 6 columns.
  const { rows, above, below } = composerRows(value, cursor, Math.max(10, (stdout.columns || 80) - 6));
  return (
    <Box flexDirection="column">
      <Box borderStyle="round" borderColor={running ? "gray" : "cyan"} paddingX={1} flexDirection="column">
        {above ? <Text dimColor>{`  ↑ ${above} more line${above === 1 ? "" : "s"}`}</Text> : null}
        {value === "" ? (
          <Text>
            <Text color="cyan">{"› "}</Text>
            <Text dimColor>{running ? "Type a message to send when this turn ends" : PROMPT_PLACEHOLDER}</Text>
            <Text inverse> </Text>
          </Text>
        ) : (
          rows.map((row, i) => (
            <Text key={above + i}>
              {i === 0 && !above ? <Text color="cyan">{"› "}</Text> : "  "}
              {row.cursor === null ? (
                row.text || " "
              ) : (
                <>
                  {row.text.slice(0, row.cursor)}
                  <Text inverse>{row.text[row.cursor] ?? " "}</Text>
                  {row.text.slice(row.cursor + 1)}
                </>
              )}
            </Text>
          ))
        )}
        {below ? <Text dimColor>{`  ↓ ${below} more line${below === 1 ? "" : "s"}`}</Text> : null}
      </Box>
      {matches.length ? (
        <Box flexDirection="column" paddingX={2}>
          {matches.slice(0, 8).map(([name, description], i) => (
            <Text key={name} color={i === 0 ? "cyan" : undefined}>
              /{name.padEnd(10)} <Text dimColor>{description}</Text>
            </Text>
          ))}
        </Box>
      ) : null}
      {mention?.files.length ? (
        <Box flexDirection="column" paddingX={2}>
          {mention.files.map((file, i) => (
            <Text key={file} color={i === 0 ? "cyan" : undefined}>
              @{show(file)}
            </Text>
          ))}
          <Text dimColor>Tab or Enter inserts the first match</Text>
        </Box>
      ) : null}
      {queued.length ? (
        <Box flexDirection="column" paddingX={2}>
          {queued.map((text, i) => (
            <Text key={i} dimColor wrap="truncate-end">
              ↳ {show(text.split("\n")[0] ?? "")}
            </Text>
          ))}
          <Text dimColor>
            {starting
              ? "queued: sent when the session is ready · ↑ edit the last"
              : "queued: sent when the turn ends · ↑ edit the last · Esc interrupt and edit them"}
          </Text>
        </Box>
      ) : null}
      {hint ? <Text color="yellow">{hint}</Text> : null}
    </Box>
  );
}
