// How text we did not write (model output, command output, file names, server messages) is
// shown in the UI: made terminal-safe, then with the session's secrets redacted (in that order,
// so escapes spliced into a key cannot hide it from the redactor). The app provides the host's
// version; without a provider (component tests) text is made terminal-safe only.
import { createContext, useContext } from "react";
import { redactorOf, type SecretRedactor } from "../util/redact.js";
import { mapStrings, terminalSafe } from "../util/terminal-text.js";

export type ScreenText = (text: string) => string;

export const ScreenTextContext = createContext<ScreenText>(terminalSafe);

/** The screen-text function of the UI, for text a component shows. */
export function useScreenText(): ScreenText {
  return useContext(ScreenTextContext);
}

/** A copy of `value` (a cell, a question) with every string in it made fit for the screen. */
export function useOnScreen<T>(value: T): T {
  return mapStrings(value, useScreenText());
}

/** Screen text that also hides `secrets` (a redactor's, including those registered later). */
export function screenTextHiding(secrets: SecretRedactor | Iterable<string>): ScreenText {
  const redactor = redactorOf(secrets);
  return (text) => redactor.text(terminalSafe(text));
}
